using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Carbon;

/// <summary>What the clusters' energy profiles promise a placement made now: the carbon intensity expected over the horizon, and the price.</summary>
public static class CarbonOutlook
{
    /// <summary>The available clusters with an energy profile, by name.</summary>
    public static IReadOnlyDictionary<string, ClusterOutlook> Of(IEnumerable<ClusterRecord> clusters, DateTimeOffset now, TimeSpan horizon) =>
        clusters.Where(c => c.Available && c.EnergyProfile is not null)
            .ToDictionary(c => c.Name, c => new ClusterOutlook(c.EnergyProfile!.MeanCarbon(now, horizon), c.EnergyProfile.PricePerKWh), StringComparer.Ordinal);

    /// <summary>
    /// The largest relative change of a cluster's expected intensity or price from <paramref name="then"/> to
    /// <paramref name="now"/>, over the clusters both know; null when none changed. From 0 to anything is a change of
    /// 100 %, so a price first set counts.
    /// </summary>
    public static OutlookChange? LargestChange(IReadOnlyDictionary<string, ClusterOutlook> then, IReadOnlyDictionary<string, ClusterOutlook> now) =>
        then.Where(p => now.ContainsKey(p.Key))
            .SelectMany(p => new[]
            {
                new OutlookChange(p.Key, "carbon intensity", p.Value.CarbonGramsPerKWh, now[p.Key].CarbonGramsPerKWh, "gCO2/kWh"),
                new OutlookChange(p.Key, "price", p.Value.PricePerKWh, now[p.Key].PricePerKWh, "per kWh"),
            })
            .Where(c => c.Share > 0)
            .OrderByDescending(c => c.Share).ThenBy(c => c.Cluster, StringComparer.Ordinal)
            .FirstOrDefault();
}

/// <summary>How one figure of one cluster changed since a placement.</summary>
public sealed record OutlookChange(string Cluster, string Figure, double From, double To, string Unit)
{
    /// <summary>|to − from| / from; 1 when from is 0 and to is not.</summary>
    public double Share => From > 0 ? Math.Abs(To - From) / From : To > 0 ? 1 : 0;

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"The expected {Figure} of {Cluster} changed from {From:0.###} to {To:0.###} {Unit} ({(To >= From ? "+" : "−")}{Share:0%}) since the last placement.");
}
