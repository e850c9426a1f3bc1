using Smo.Kpi.Replay;
using Smo.Kpi.Scenarios;

namespace Smo.Kpi.Kpis;

/// <summary>
/// How well a forecaster foresaw each service's rate over the measured window: at every history sample, its point
/// forecast for the horizon a predictive decision asks for against the rate then measured (over the rate window), as
/// MASE — its mean absolute error divided by that of the no-change forecast (the rate at the sample, what a reactive
/// strategy scales on) over the same points. Below 1 the forecaster beats scaling on the rate now.
/// </summary>
public static class ForecastScore
{
    /// <summary>MASE per service of <paramref name="feed"/>'s forecaster; NaN for a service the forecaster never answered for or whose rate never changed.</summary>
    public static IReadOnlyDictionary<string, double> Mase(KpiScenario scenario, ForecastFeed feed, TimeSpan horizon, TimeSpan rateWindow)
    {
        var step = feed.Step.TotalSeconds;
        var ahead = Math.Max(1, (int)Math.Ceiling((horizon.TotalSeconds / step) - 1e-9)) * step;
        var window = rateWindow.TotalSeconds;
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var service in scenario.Services)
        {
            double forecastError = 0, naiveError = 0;
            var answered = 0;
            for (var at = 0.0; at + ahead <= scenario.Duration.TotalSeconds; at += step)
            {
                if (feed.ForecastAt(service, at, horizon) is not { } forecast)
                {
                    continue;
                }

                var actual = service.Load.MeanOver(at + ahead - window, at + ahead);
                forecastError += Math.Abs(actual - forecast.Point);
                naiveError += Math.Abs(actual - service.Load.MeanOver(at - window, at));
                answered++;
            }

            result[service.Name] = answered > 0 && naiveError > 0 ? forecastError / naiveError : double.NaN;
        }

        return result;
    }
}
