namespace Smo.Simulator.Faults;

/// <summary>A fault in force or scheduled: its spec placed on the simulated timeline, and how often it has hit.</summary>
public sealed class ActiveFault(int id, FaultSpec spec, TimeSpan startsAt)
{
    public int Id { get; } = id;

    public FaultSpec Spec { get; } = spec;

    public TimeSpan StartsAt { get; } = startsAt;

    public TimeSpan? EndsAt => Spec.Duration is { } duration ? StartsAt + duration : null;

    public int Hits { get; set; }

    public bool IsActive(TimeSpan now) =>
        now >= StartsAt && (EndsAt is not { } end || now < end) && (Spec.Count is not { } count || Hits < count);

    public bool Matches(string path, string method) =>
        Spec.Paths.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal))
        && (Spec.Methods.Count == 0 || Spec.Methods.Contains(method, StringComparer.OrdinalIgnoreCase));
}
