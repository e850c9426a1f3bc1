namespace Smo.Solver.Model;

/// <summary>A member cluster of the federation as the solver sees it: capacity, capabilities and energy profile.</summary>
/// <param name="Name">Unique cluster name.</param>
/// <param name="Cpu">Allocatable CPU in cores.</param>
/// <param name="MemoryGiB">Allocatable memory in GiB.</param>
/// <param name="HasAcceleration">Offers GPUs or other accelerators.</param>
/// <param name="Available">Ready to receive work; unavailable clusters get nothing.</param>
public sealed record Cluster(string Name, double Cpu, double MemoryGiB, bool HasAcceleration = false, bool Available = true)
{
    public EnergyProfile? Energy { get; init; }
}

/// <summary>How a cluster turns work into power and carbon (PUE × (idle + utilisation × dynamic)).</summary>
public sealed record EnergyProfile(
    double Pue,
    double IdleWattsPerCore,
    double MaxWattsPerCore,
    double CarbonGramsPerKWh,
    double RenewableShare = 0,
    double PricePerKWh = 0)
{
    /// <summary>Optional carbon-intensity forecast, one value per future interval, gCO2/kWh.</summary>
    public IReadOnlyList<double> CarbonForecast { get; init; } = [];

    /// <summary>
    /// The mean intensity over the placement's horizon, when the caller has it from a time-stamped series (the solver
    /// knows no clock); null: from now and <see cref="CarbonForecast"/>.
    /// </summary>
    public double? HorizonCarbonGramsPerKWh { get; init; }

    /// <summary>
    /// The intensity a placement made now will run under: the mean over the horizon, else the mean of now and the
    /// forecast, when there is one. A placement lasts, so a cluster that is clean only for the next hour is not the
    /// best home for the next day.
    /// </summary>
    public double ExpectedCarbonGramsPerKWh =>
        HorizonCarbonGramsPerKWh
        ?? (CarbonForecast.Count == 0 ? CarbonGramsPerKWh : (CarbonGramsPerKWh + CarbonForecast.Sum()) / (CarbonForecast.Count + 1));

    /// <summary>Watts one core draws at <paramref name="utilisation"/> (0 to 1), the site's overhead (PUE) included.</summary>
    public double WattsPerCore(double utilisation) => Pue * (IdleWattsPerCore + utilisation * (MaxWattsPerCore - IdleWattsPerCore));
}
