using System.Globalization;
using System.Text;
using Smo.Kpi.Kpis;
using static System.Net.WebUtility;

namespace Smo.Kpi.Report;

/// <summary>
/// The KPI report: one self-contained HTML page (inline CSS and SVG; no script, no external file) with, per scenario,
/// the replicas needed and allocated over time per strategy, each cluster's carbon intensity and where each service
/// ran, energy and carbon so far per strategy, the KPI table with the baseline (<c>smo-original</c>) as 100 %, and
/// each forecaster's MASE. Everything written into the page is HTML-encoded.
/// </summary>
public static class HtmlReport
{
    private static readonly string[] Palette = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
    private static readonly string[] ClusterPalette = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2"];

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
        h1{font-size:22px}h2{font-size:18px;margin-top:40px;border-bottom:1px solid #ccc}h3{font-size:15px}
        table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}
        th:first-child,td:first-child{text-align:left}.chart{width:100%;height:auto;display:block;margin:8px 0}
        .chart .title{font-size:13px;font-weight:600}.chart .axis{font-size:11px;fill:#555}.chart .legend{font-size:11px}
        .chart .grid{stroke:#eee}.strip{font-size:11px}.note{color:#555;font-size:13px}.better{color:#2a7}.worse{color:#c33}
        """;

    public static string Render(IReadOnlyList<ScenarioOutcome> outcomes, string machine, DateTimeOffset written)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Smo KPI report</title><style>")
            .Append(Style).Append("</style></head><body><h1>Smo KPI report</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Written {HtmlEncode(written.ToString("u", CultureInfo.InvariantCulture))} on {HtmlEncode(machine)}. ")
            .Append("Each scenario is replayed in virtual time with each strategy (the control plane's own strategies and tick composition); ")
            .Append("KPIs are defined in the README (“Does it work? — the KPI report”).</p>");
        foreach (var outcome in outcomes)
        {
            Scenario(html, outcome);
        }

        return html.Append("</body></html>").ToString();
    }

    public static void Write(string path, IReadOnlyList<ScenarioOutcome> outcomes, string machine, DateTimeOffset written)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Render(outcomes, machine, written));
    }

    private static void Scenario(StringBuilder html, ScenarioOutcome outcome)
    {
        var scenario = outcome.Scenario;
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"scenario\" data-scenario=\"{HtmlEncode(scenario.Name)}\"><h2>{HtmlEncode(scenario.Name)}</h2>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"note\">{HtmlEncode(scenario.Description)} {scenario.Services.Count} services, {scenario.Clusters.Count} clusters, ")
            .Append(CultureInfo.InvariantCulture, $"{scenario.Duration.TotalDays:0.##} days from {HtmlEncode(scenario.Start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} UTC; ")
            .Append(CultureInfo.InvariantCulture, $"data: <b>{HtmlEncode(scenario.Data)}</b>.</p>");
        foreach (var (strategy, why) in outcome.Skipped)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Not run: {HtmlEncode(strategy)} — {HtmlEncode(why)}</p>");
        }

        if (outcome.Results.Count == 0)
        {
            html.Append("<p>No strategy could run.</p></section>");
            return;
        }

        KpiTable(html, outcome);
        var first = outcome.Results[0].Timeline;
        var replicas = new SvgChart("Replicas: needed by the load and allocated (holding CPU), all services", "replicas");
        var energy = new SvgChart("Energy so far", "kWh");
        var carbon = new SvgChart("Carbon so far", "kgCO2");
        foreach (var (result, i) in outcome.Results.Select((r, i) => (r, i)))
        {
            var colour = Palette[i % Palette.Length];
            replicas.Line(result.Strategy, colour, result.Timeline.Times, result.Timeline.AllocatedReplicas);
            energy.Line(result.Strategy, colour, result.Timeline.Times, result.Timeline.CumulativeKwh);
            carbon.Line(result.Strategy, colour, result.Timeline.Times, result.Timeline.CumulativeKgCo2);
        }

        // Drawn last, so the strategies' lines do not hide it.
        html.Append(replicas.Line("needed", "#000", first.Times, first.NeededReplicas, dashed: true).Render());
        var intensity = new SvgChart("Carbon intensity per cluster", "gCO2/kWh");
        foreach (var (cluster, i) in scenario.Clusters.Select((c, i) => (c, i)))
        {
            intensity.Line($"{cluster.Name} ({cluster.Region})", ClusterPalette[i % ClusterPalette.Length], first.Times,
                [.. first.Times.Select(t => cluster.Carbon.ValueAt(t - (first.SampleSeconds / 2)))]);
        }

        html.Append(intensity.Render());
        Placement(html, outcome);
        html.Append(energy.Render()).Append(carbon.Render());
        ForecastTable(html, outcome);
        html.Append("</section>");
    }

    /// <summary>One row per KPI, one column per strategy; each value with its share of the baseline's.</summary>
    private static void KpiTable(StringBuilder html, ScenarioOutcome outcome)
    {
        var baseline = outcome.Baseline!;
        html.Append(CultureInfo.InvariantCulture, $"<h3>KPIs (in brackets: % of {HtmlEncode(baseline.Strategy)})</h3><table class=\"kpis\"><thead><tr><th>KPI</th>");
        foreach (var result in outcome.Results)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th data-strategy=\"{HtmlEncode(result.Strategy)}\">{HtmlEncode(result.Strategy)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var kpi in KpiNames.PerStrategy)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-kpi=\"{HtmlEncode(kpi)}\"><td>{HtmlEncode(kpi)} <small>({HtmlEncode(KpiNames.Unit(kpi))})</small></td>");
            foreach (var result in outcome.Results)
            {
                var value = result.Kpis[kpi];
                var reference = baseline.Kpis[kpi];
                var share = reference != 0 && double.IsFinite(reference) && double.IsFinite(value) ? value / reference * 100 : double.NaN;
                var mark = !double.IsFinite(share) || Math.Abs(share - 100) < 0.05 ? "" : (share > 100) == KpiNames.HigherIsBetter(kpi) ? "better" : "worse";
                html.Append(CultureInfo.InvariantCulture, $"<td>{HtmlEncode(SvgChart.Format(value))}")
                    .Append(double.IsFinite(share) ? string.Create(CultureInfo.InvariantCulture, $" <span class=\"{mark}\">({share:0.#} %)</span>") : "")
                    .Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>Per strategy, one strip per service coloured by the cluster it ran on over time.</summary>
    private static void Placement(StringBuilder html, ScenarioOutcome outcome)
    {
        const int width = 900, label = 190, row = 12;
        var clusters = outcome.Scenario.Clusters.Select((c, i) => (c.Name, Colour: ClusterPalette[i % ClusterPalette.Length]))
            .ToDictionary(c => c.Name, c => c.Colour, StringComparer.Ordinal);
        var rows = outcome.Results.Sum(r => r.Timeline.Services.Count + 1);
        var height = (rows * row) + 30;
        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart strip\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Where each service ran\">")
            .Append("<text x=\"0\" y=\"12\" class=\"title\">Where each service ran</text>");
        var x = label;
        foreach (var (name, colour) in clusters)
        {
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"3\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{x + 14}\" y=\"12\">{HtmlEncode(name)}</text>");
            x += 150;
        }

        var y = 24;
        foreach (var result in outcome.Results)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 10}\" font-weight=\"600\">{HtmlEncode(result.Strategy)}</text>");
            y += row;
            var timeline = result.Timeline;
            var span = Math.Max(1, timeline.Times.Count);
            for (var s = 0; s < timeline.Services.Count; s++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{y + 9}\">{HtmlEncode(timeline.Services[s])}</text>");
                var start = 0;
                for (var i = 1; i <= timeline.Placement.Count; i++)
                {
                    if (i < timeline.Placement.Count && timeline.Placement[i][s] == timeline.Placement[start][s])
                    {
                        continue;
                    }

                    var from = label + ((double)start / span * (width - label));
                    var to = label + ((double)i / span * (width - label));
                    html.Append(CultureInfo.InvariantCulture,
                        $"<rect data-cluster=\"{HtmlEncode(timeline.Placement[start][s])}\" x=\"{from:0.#}\" y=\"{y}\" width=\"{Math.Max(0.5, to - from):0.#}\" height=\"{row - 2}\" fill=\"{clusters.GetValueOrDefault(timeline.Placement[start][s], "#999")}\"/>");
                    start = i;
                }

                y += row;
            }
        }

        html.Append("</svg>");
    }

    private static void ForecastTable(StringBuilder html, ScenarioOutcome outcome)
    {
        if (outcome.Mase.Count == 0)
        {
            return;
        }

        var services = outcome.Scenario.Services.Select(s => s.Name).ToList();
        html.Append("<h3>Forecast error: MASE of the forecasting library's rolling evaluation (below 1 beats in-sample seasonal-naive)</h3><table class=\"mase\"><thead><tr><th>method</th>");
        foreach (var service in services)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{HtmlEncode(service)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var (method, byService) in outcome.Mase)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlEncode(method)}</td>");
            foreach (var service in services)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{HtmlEncode(SvgChart.Format(byService.GetValueOrDefault(service, double.NaN)))}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }
}
