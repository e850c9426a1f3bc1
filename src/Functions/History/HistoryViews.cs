namespace Smo.Functions.History;

/// <summary>A page of a graph's history, newest first; <see cref="Next"/> is the cursor of the page after it, null after the last.</summary>
public sealed record HistoryPage<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// A graph's replicas over [<see cref="From"/>, <see cref="To"/>) per service, as its decisions set them, and the
/// request rate its scaling decisions measured per service. <see cref="Truncated"/>: the window held more decisions
/// than are read at once, so the series start later than <see cref="From"/> asked (<see cref="From"/> says where).
/// </summary>
public sealed record ReplicaHistoryView(
    string Graph,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyDictionary<string, IReadOnlyList<ReplicaPoint>> Services,
    IReadOnlyDictionary<string, IReadOnlyList<LoadPoint>> Load,
    bool Truncated);

/// <summary>
/// From <see cref="At"/> on, the service had <see cref="Replicas"/> (on these clusters, when known), as a decision of
/// this kind and trigger set them.
/// </summary>
public sealed record ReplicaPoint(DateTimeOffset At, int Replicas, IReadOnlyDictionary<string, int>? Clusters, string Decision, string Trigger);

/// <summary>The request rate a scaling decision measured for the service at <see cref="At"/>.</summary>
public sealed record LoadPoint(DateTimeOffset At, double RequestsPerSecond);
