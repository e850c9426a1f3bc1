using System.Text.Json.Nodes;

namespace Smo.Adapters.Grafana;

/// <summary>Grafana panel JSON (schema 40): time series, stat and gauge panels on the Prometheus data source.</summary>
internal sealed class Panels(string datasourceUid)
{
    public const int FullWidth = 24;
    public const int HalfWidth = 12;
    public const int Height = 8;

    public JsonObject TimeSeries(int id, string title, GridPosition position, string? unit, params (string Legend, string Expr)[] targets) =>
        Panel(id, "timeseries", title, position, unit, targets);

    public JsonObject Stat(int id, string title, GridPosition position, string expr) =>
        Panel(id, "stat", title, position, null, [("", expr)]);

    /// <summary>A percentage gauge, red from <paramref name="redFrom"/>.</summary>
    public JsonObject Gauge(int id, string title, GridPosition position, string expr, double redFrom = 80)
    {
        var panel = Panel(id, "gauge", title, position, "percent", [("", expr)]);
        var defaults = panel["fieldConfig"]!["defaults"]!.AsObject();
        defaults["min"] = 0;
        defaults["max"] = 100;
        defaults["thresholds"] = Thresholds(redFrom);
        return panel;
    }

    public static JsonObject Thresholds(double redFrom) => new()
    {
        ["mode"] = "absolute",
        ["steps"] = new JsonArray(
            new JsonObject { ["color"] = "green", ["value"] = null },
            new JsonObject { ["color"] = "red", ["value"] = redFrom }),
    };

    private JsonObject Panel(int id, string type, string title, GridPosition position, string? unit, (string Legend, string Expr)[] targets)
    {
        var defaults = new JsonObject();
        if (unit is not null)
        {
            defaults["unit"] = unit;
        }

        var refId = 'A';
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["title"] = title,
            ["datasource"] = Datasource(),
            ["gridPos"] = new JsonObject { ["x"] = position.X, ["y"] = position.Y, ["w"] = position.Width, ["h"] = Height },
            ["fieldConfig"] = new JsonObject { ["defaults"] = defaults, ["overrides"] = new JsonArray() },
            ["targets"] = new JsonArray(targets.Select(target => (JsonNode)new JsonObject
            {
                ["refId"] = (refId++).ToString(),
                ["datasource"] = Datasource(),
                ["expr"] = target.Expr,
                ["legendFormat"] = target.Legend,
            }).ToArray()),
        };
    }

    private JsonObject Datasource() => new() { ["type"] = "prometheus", ["uid"] = datasourceUid };
}

internal readonly record struct GridPosition(int X, int Y, int Width);
