namespace Smo.Bench.Durable;

/// <summary>
/// One side of the ping-pong game: waits for <paramref name="ReceiveEvent"/> carrying the event's number and answers
/// <paramref name="PartnerId"/> with <paramref name="SendEvent"/> and the next number, up to <paramref name="LastEvent"/>.
/// </summary>
internal sealed record PingPongPlayer(string PartnerId, string ReceiveEvent, string SendEvent, int LastEvent);
