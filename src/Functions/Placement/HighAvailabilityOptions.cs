using Smo.Hdag;

namespace Smo.Functions.Placement;

/// <summary>
/// High availability (<see cref="Setting"/>): how many distinct clusters run a service whose high availability is on
/// and whose descriptor does not say how many — so losing one cluster loses no service. Read and checked once, when
/// the host starts.
/// </summary>
public sealed record HighAvailabilityOptions
{
    public const string Setting = "Smo:Placement:HighAvailabilityClusters";

    public const int DefaultClusters = 2;

    /// <summary>A bound on a host's default: more clusters than any federation Smo is meant for is a mistyped value.</summary>
    public const int MaxClusters = 100;

    /// <summary>The distinct clusters a highly available service runs on when its <c>replicasAcrossClusters</c> is not given.</summary>
    public int Clusters { get; init; } = DefaultClusters;

    /// <summary>
    /// The distinct clusters <paramref name="service"/> must run on, or null when high availability is off for it: its
    /// own <c>intent.highAvailability.enabled</c> when given, else the graph's <c>hdaGraphIntent.highAvailability</c>;
    /// its <c>replicasAcrossClusters</c> when given, else <see cref="Clusters"/>.
    /// </summary>
    public int? ClustersFor(GraphIntent graph, ServiceAvailability service) =>
        service.Enabled ?? graph.HighAvailability ? service.ReplicasAcrossClusters ?? Clusters : null;

    /// <summary>The setting (or the default); throws naming the setting when it is out of range.</summary>
    public static HighAvailabilityOptions Read(IConfiguration configuration)
    {
        int clusters;
        try
        {
            clusters = configuration.GetValue(Setting, DefaultClusters);
        }
        catch (InvalidOperationException unreadable)
        {
            throw new InvalidOperationException($"The setting {Setting} cannot be read: {unreadable.Message}", unreadable);
        }

        return clusters is >= 1 and <= MaxClusters
            ? new HighAvailabilityOptions { Clusters = clusters }
            : throw new InvalidOperationException($"The setting {Setting} must be a whole number from 1 to {MaxClusters} (is {clusters}).");
    }
}
