namespace Smo.Store.Clusters;

/// <summary>A grid carbon intensity from a time on (held until the next point), measured or forecast.</summary>
/// <param name="At">When the intensity starts to hold.</param>
/// <param name="GramsPerKWh">gCO2 per kWh.</param>
public sealed record CarbonPoint(DateTimeOffset At, double GramsPerKWh);
