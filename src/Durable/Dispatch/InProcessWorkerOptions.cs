namespace Smo.Durable.Dispatch;

/// <summary>How the in-process worker asks for work.</summary>
/// <param name="OnlyRegistered">Ask only for the registered orchestrators and activities.</param>
internal sealed record InProcessWorkerOptions(bool OnlyRegistered);
