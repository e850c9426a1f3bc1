using Smo.Solver.Forecasting;

namespace Smo.Functions.Tests.Forecasting;

/// <summary>A forecaster that finds every history too short, as the ensemble does for a service only minutes old.</summary>
public sealed class TooShortForecaster : IRateForecaster
{
    public RateForecast? Forecast(RateHistory history, TimeSpan horizon) => null;
}
