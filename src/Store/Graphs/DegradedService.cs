namespace Smo.Store.Graphs;

/// <summary>A service of a <see cref="GraphStatus.Degraded"/> graph that a failed cluster holds.</summary>
/// <param name="Service">The service.</param>
/// <param name="Cluster">The cluster that is gone or not available (its home, or one of its division's).</param>
/// <param name="Since">When Smo first found it there out of service; kept while it stays so.</param>
/// <param name="Reason">Why it is not moved: its pin, its recovery policy, or no placement found.</param>
public sealed record DegradedService(string Service, string Cluster, DateTimeOffset Since, string Reason);
