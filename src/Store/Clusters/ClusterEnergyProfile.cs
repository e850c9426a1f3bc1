namespace Smo.Store.Clusters;

/// <summary>
/// How a cluster turns work into power, carbon and cost, as set by <c>PUT /clusters/{name}/energy_profile</c>. Karmada
/// knows none of this, so inventory syncs never touch it.
/// </summary>
/// <param name="Pue">Power usage effectiveness of the site, at least 1.</param>
/// <param name="CarbonGramsPerKWh">Grid carbon intensity now, gCO2/kWh.</param>
/// <param name="RenewableShare">Share of the supply that is renewable, 0 to 1.</param>
public sealed record ClusterEnergyProfile(
    double Pue,
    double IdleWattsPerCore,
    double MaxWattsPerCore,
    double CarbonGramsPerKWh,
    double RenewableShare = 0,
    double PricePerKWh = 0)
{
    /// <summary>
    /// Upper bounds far above any real site (a PUE of 1.1–3, tens of watts per core, at most about 1,200 gCO2/kWh, a
    /// few units of currency per kWh): within them, the power, carbon and cost modelled for any cluster stay finite
    /// numbers, where a profile of 1e308 would make them infinite and the plans that show them unwritable as JSON.
    /// </summary>
    public const double PueLimit = 100;

    /// <inheritdoc cref="PueLimit"/>
    public const double WattsPerCoreLimit = 1e6;

    /// <inheritdoc cref="PueLimit"/>
    public const double CarbonGramsPerKWhLimit = 1e6;

    /// <inheritdoc cref="PueLimit"/>
    public const double PricePerKWhLimit = 1e6;

    /// <summary>Optional carbon-intensity forecast, one value per future interval, gCO2/kWh.</summary>
    public IReadOnlyList<double> CarbonForecast { get; init; } = [];

    internal void Validate(string parameter)
    {
        if (!double.IsFinite(Pue) || Pue < 1 || Pue > PueLimit)
        {
            throw new ArgumentException($"The energy profile's pue is {Pue}; it must be a finite number from 1 to {PueLimit}.", parameter);
        }

        Require.Between(IdleWattsPerCore, 0, WattsPerCoreLimit, "The energy profile's idle watts per core", parameter);
        Require.Between(MaxWattsPerCore, 0, WattsPerCoreLimit, "The energy profile's max watts per core", parameter);
        if (MaxWattsPerCore < IdleWattsPerCore)
        {
            throw new ArgumentException($"The energy profile's max watts per core ({MaxWattsPerCore}) is below its idle watts per core ({IdleWattsPerCore}).", parameter);
        }

        Require.Between(CarbonGramsPerKWh, 0, CarbonGramsPerKWhLimit, "The energy profile's carbon intensity", parameter);
        Require.Between(RenewableShare, 0, 1, "The energy profile's renewable share", parameter);
        Require.Between(PricePerKWh, 0, PricePerKWhLimit, "The energy profile's price per kWh", parameter);
        ArgumentNullException.ThrowIfNull(CarbonForecast, parameter);
        for (var k = 0; k < CarbonForecast.Count; k++)
        {
            Require.Between(CarbonForecast[k], 0, CarbonGramsPerKWhLimit, $"The energy profile's carbon forecast[{k}]", parameter);
        }
    }
}
