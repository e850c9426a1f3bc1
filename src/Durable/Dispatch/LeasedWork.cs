namespace Smo.Durable.Dispatch;

/// <summary>A work item handed to a worker, waiting for its answer: its lease renewal, the stream's slot it holds.</summary>
/// <param name="ContinuesHere">An episode whose history ends with the checkpoint this process committed last for it.</param>
internal sealed record LeasedWork<TItem>(TItem Item, LeaseRenewal Renewal, SemaphoreSlim Slots, string StreamId, bool ContinuesHere = false);
