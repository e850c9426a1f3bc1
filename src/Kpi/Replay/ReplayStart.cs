namespace Smo.Kpi.Replay;

/// <summary>
/// The state a replay starts from when it is to follow a live run: where each service runs and how many replicas it
/// has (all ready), and when the first scaling tick falls (the live graph's tick phase, in seconds from time 0, on
/// the replay's step). Without one the replay places the graph itself, runs what the load needs and ticks at 0.
/// </summary>
public sealed record ReplayStart(IReadOnlyDictionary<string, string> Placement, IReadOnlyDictionary<string, int> Replicas, double FirstTickAt = 0);
