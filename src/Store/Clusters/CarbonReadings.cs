namespace Smo.Store.Clusters;

/// <summary>What one pull read for a cluster: intensities measured (at their times) and forecast (for later times).</summary>
public sealed record CarbonReadings(IReadOnlyList<CarbonPoint> Measured, IReadOnlyList<CarbonPoint> Forecast);
