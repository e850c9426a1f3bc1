using Smo.Solver.Forecasting;

namespace Smo.Functions.Tests.Forecasting;

/// <summary>
/// A forecaster that sees a rise coming: ten times the history's last rate, its upper quantile 10 % above that.
/// Counts its calls, so a test can tell how often histories were read.
/// </summary>
public sealed class TenfoldForecaster : IRateForecaster
{
    public const string Method = ForecastMethods.HoltWinters;

    private int _calls;

    public int Calls => _calls;

    public RateForecast? Forecast(RateHistory history, TimeSpan horizon)
    {
        Interlocked.Increment(ref _calls);
        var last = history.Values.LastOrDefault(double.IsFinite, double.NaN);
        return double.IsNaN(last) ? null : new RateForecast(last * 10, last * 11, Method, history.End + horizon);
    }
}
