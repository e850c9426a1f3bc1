namespace Smo.Functions.Clusters;

/// <summary>
/// How Smo answers a member cluster that stops being ready (configuration section <see cref="Section"/>); read and
/// checked once, when the host starts.
/// </summary>
public sealed record FailoverOptions
{
    public const string Section = "Smo:Failover";

    /// <summary>The longest grace: beyond an hour, a dead cluster's services would wait longer than Karmada's own eviction.</summary>
    public static readonly TimeSpan MaxGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a cluster may be not ready before its services move: until then it still counts as available for
    /// placement. Zero by default — Karmada's own failure threshold (30 s of failed health checks before it reports a
    /// cluster not ready) already debounces.
    /// </summary>
    public TimeSpan Grace { get; init; } = TimeSpan.Zero;

    /// <summary>The settings (or the defaults); throws naming the setting that is out of range.</summary>
    public static FailoverOptions Read(IConfiguration configuration)
    {
        FailoverOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<FailoverOptions>() ?? new FailoverOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new InvalidOperationException($"The settings under {Section} cannot be read: {unreadable.Message}", unreadable);
        }

        return options.Grace >= TimeSpan.Zero && options.Grace <= MaxGrace
            ? options
            : throw new InvalidOperationException($"The failover settings are not valid: {Section}:{nameof(Grace)} must be from 00:00:00 to {MaxGrace} (is {options.Grace}).");
    }
}
