using System.Text.Json;

namespace Smo.Store.Events;

/// <summary>A recorded event.</summary>
public sealed record EventRecord(long Id, string? Graph, string? Service, string Kind, string Message, JsonElement? Data, DateTimeOffset CreatedAt);
