namespace Smo.Durable.Dispatch;

/// <summary>A work item handed to a worker, waiting for its answer: its lease renewal, the stream's slot it holds.</summary>
internal sealed record LeasedWork<TItem>(TItem Item, LeaseRenewal Renewal, SemaphoreSlim Slots, string StreamId);
