using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary><c>PUT /clusters/{name}/energy_profile</c>: a valid profile mutated (numbers out of range or beyond double, strings, forecasts, carbon series), for real and made-up clusters.</summary>
public static class EnergyProfileRequests
{
    public const string Family = "energy";

    public static Gen<FuzzRequest> Puts(FuzzTargets targets) =>
        from cluster in Gen.Frequency(
            (6, Gen.Elements(targets.Clusters.ToArray())),
            (1, Gen.Elements([.. FuzzValues.BadNames, .. FuzzValues.Unicode, .. FuzzValues.Injections, "no-such-cluster"]).Select(Uri.EscapeDataString)))
        from profile in Profile
        from mutated in Gen.Frequency(
            (3, Gen.Constant((JsonNode)profile)),
            (4, Gen.Elements("pue", "idleWattsPerCore", "maxWattsPerCore", "carbonGramsPerKWh", "renewableShare", "pricePerKWh")
                .SelectMany(key => FuzzValues.Number.Select(value => TreeMutations.Replace(profile, [key], value)))),
            (2, Forecasts.Select(forecast => TreeMutations.Replace(profile, ["carbonForecast"], forecast))),
            (2, Series.Select(series => TreeMutations.Replace(profile, ["carbonSeries"], series))),
            (3, TreeMutations.Some(profile, 3)))
        from body in Gen.Frequency((8, Gen.Constant(DocumentWriter.Json(mutated))), (1, Gen.Elements("", "null", "[]", "1", "\"profile\"", "{", "{\"pue\":1.2,}")))
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, "PUT", $"/clusters/{cluster}/energy_profile", "", credentials, body);

    private static Gen<JsonObject> Profile =>
        from pue in Gen.Elements(1.0, 1.1, 1.3, 1.6, 2.5)
        from idle in Gen.Elements(0.0, 2.0, 4.0)
        from max in Gen.Elements(8.0, 12.0, 15.0)
        from carbon in Gen.Elements(0.0, 50.0, 300.0, 600.0)
        from renewable in Gen.Elements(0.0, 0.2, 1.0)
        from price in Gen.Elements(0.0, 0.2)
        select new JsonObject
        {
            ["pue"] = pue,
            ["idleWattsPerCore"] = idle,
            ["maxWattsPerCore"] = max,
            ["carbonGramsPerKWh"] = carbon,
            ["renewableShare"] = renewable,
            ["pricePerKWh"] = price,
        };

    private static Gen<JsonNode?> Forecasts =>
        Gen.Frequency(
            (3, Gen.Choose(0, 24).SelectMany(n => Gen.ListOf(FuzzValues.Number, n)).Select(values => (JsonNode?)new JsonArray([.. values]))),
            (1, Gen.Constant(10_000).Select(n => (JsonNode?)new JsonArray([.. Enumerable.Range(0, n).Select(i => (JsonNode?)JsonValue.Create(i % 700))]))),
            (1, FuzzValues.AnyValue));

    /// <summary>Carbon series near the valid ones: times in and out of order, odd or missing, values out of range, too many points.</summary>
    private static Gen<JsonNode?> Series =>
        Gen.Frequency(
            (3, Gen.Choose(0, 12).SelectMany(n => Gen.ListOf(SeriesPoint, n)).Select(points => (JsonNode?)new JsonArray([.. points]))),
            (1, Gen.Constant((JsonNode?)new JsonArray([.. Enumerable.Range(0, 501).Select(i => (JsonNode?)new JsonObject
            {
                ["at"] = DateTimeOffset.UnixEpoch.AddMinutes(i).ToString("O"),
                ["gramsPerKWh"] = i % 700,
            })]))),
            (1, FuzzValues.AnyValue));

    private static Gen<JsonNode?> SeriesPoint =>
        from at in Gen.Elements("2026-12-06T12:00:00Z", "2026-12-06T12:15:00+00:00", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "yesterday", "", "2026-13-40T00:00:00Z")
        from value in FuzzValues.Number
        from shape in Gen.Choose(0, 5)
        select shape switch
        {
            0 => (JsonNode?)new JsonObject { ["gramsPerKWh"] = value },
            1 => new JsonObject { ["at"] = at },
            2 => new JsonObject { ["at"] = at, ["gramsPerKWh"] = value, ["other"] = 1 },
            _ => new JsonObject { ["at"] = at, ["gramsPerKWh"] = value },
        };
}
