namespace Smo.Simulator.Series;

/// <summary>A value that varies with simulated time (offered load in requests/s, carbon intensity in gCO2/kWh).</summary>
public interface ISeries
{
    double ValueAt(TimeSpan elapsed);

    /// <summary>A short human description for the state endpoint and logs.</summary>
    string Describe();
}
