using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// Deploys: the seed descriptors mutated where it matters (names, chart references and values, PromQL, durations,
/// scaling numbers, sizes, strategies, references between services, policies) and anywhere at all, written as YAML,
/// JSON or a JSON string holding either, then perhaps cut or bit-flipped; plus artifact references and garbage.
/// </summary>
public static class DescriptorRequests
{
    public const string Family = "descriptor";

    private static readonly string[] ContentTypes =
        ["application/yaml", "application/x-yaml", "application/json", "text/plain", "application/json; charset=utf-16",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "garbage/;;", ""];

    private static readonly string[] DryRunQueries =
        ["dryRun=true", "dryRun=false", "dryRun=TRUE", "dryRun=1", "dryRun=", "dryRun=true&dryRun=false", "dryRun=%00", "dryrun=true"];

    private enum Format
    {
        Yaml,
        Json,
        JsonStringOfYaml,
        JsonStringOfJson,
    }

    public static Gen<FuzzRequest> Deploys(FuzzTargets targets) =>
        Gen.Frequency(
            (14, Mutated(targets)),
            (2, Artifacts(targets)),
            (1, Garbage));

    /// <summary>
    /// A seed, perhaps renamed to a fuzz name (a what-if to a name never deployed, so it is planned rather than 409),
    /// then one field set to a hostile value (which keeps the rest valid, so the value travels past the parser) or
    /// mutated anywhere, or both.
    /// </summary>
    private static Gen<FuzzRequest> Mutated(FuzzTargets targets) =>
        from seed in Gen.Elements(targets.Seeds.ToArray())
        from query in Gen.Frequency((6, Gen.Constant("")), (2, Gen.Constant("dryRun=true")), (1, Gen.Elements(DryRunQueries)))
        from name in query == "dryRun=true"
            ? Gen.Constant<string?>(FuzzTargets.WhatIfGraph)
            : Gen.Frequency((3, Gen.Constant<string?>(null)), (2, Gen.Elements<string?>(FuzzTargets.FuzzGraphs)))
        let renamed = name is null || seed.Tree["hdaGraph"] is not JsonObject ? seed.Tree : TreeMutations.Replace(seed.Tree, ["hdaGraph", "id"], JsonValue.Create(name))
        from mutated in Gen.Frequency(
            (1, Gen.Constant(renamed)),
            (4, Targeted(renamed, targets)),
            (2, Targeted(renamed, targets).SelectMany(t => TreeMutations.Some(t, 2))),
            (3, TreeMutations.Some(renamed, 3)))
        from format in Gen.Frequency((9, Gen.Constant(Format.Yaml)), (7, Gen.Constant(Format.Json)), (2, Gen.Constant(Format.JsonStringOfYaml)), (1, Gen.Constant(Format.JsonStringOfJson)))
        let text = Write(mutated, format)
        from body in TextMutations.Some(text)
        from project in Project
        from credentials in Credentials.ForApi
        from contentType in Gen.Frequency((4, Gen.Constant<string?>(format == Format.Yaml ? "application/yaml" : "application/json")), (1, Gen.Elements<string?>([.. ContentTypes, null])))
        select FuzzRequest.Create(Family, "POST", $"/project/{project}/graphs", query, credentials, body, contentType) with
        {
            RefusedByDesign = NamesSentinel(mutated, targets) && body.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(text)),
        };

    /// <summary>Valid project names of fuzz graphs (never a sentinel's), and names no namespace may have.</summary>
    private static Gen<string> Project =>
        Gen.Frequency(
            (8, Gen.Elements(FuzzTargets.FuzzProjects)),
            (1, Gen.Elements(FuzzValues.BadNames.Concat(FuzzValues.Unicode).Concat(FuzzValues.Injections).ToArray()).Select(Uri.EscapeDataString)));

    /// <summary>One of the fields where a hostile value does harm, if the tree has it.</summary>
    private static Gen<JsonNode> Targeted(JsonNode tree, FuzzTargets targets)
    {
        var names = Gen.Elements([.. FuzzValues.BadNames, .. FuzzValues.Unicode, .. FuzzValues.Injections, .. FuzzTargets.FuzzGraphs, .. targets.Sentinels.Keys,
            "shop-web", "shop-catalogue", "image-check"]).Select(Node);
        var nameLists = Gen.Choose(0, 4).SelectMany(n => Gen.ListOf(names, n)).Select(items => (JsonNode?)new JsonArray([.. items]));
        var fields = new (string[] Keys, Gen<JsonNode?> Values)[]
        {
            (["id"], names),
            (["ociImage"], ChartReferences),
            (["valuesOverwrite", "voChartOverwrite"], FuzzValues.AnyValue),
            (["promQuery"], FuzzValues.PromQl.Select(Node)),
            (["gracePeriod", "scalingInterval"], Gen.Elements(FuzzValues.Durations).Select(Node)),
            (["alpha", "beta", "minReplicas", "maxReplicas"], FuzzValues.Number),
            (["cpu", "ram", "storage"], Sizes),
            (["placementStrategy", "scalingStrategy"], Strategies),
            (["connectionPoints", "dependencies", "clustersAffinity", "serviceImportClusters"], nameLists),
            (["enabled", "useStaticPlacement"], Gen.Elements("True", "true", "yes", "1", "0", "").Select(Node)),
            (["imVersion"], Gen.Elements("0.4.0", "0.3.0", "99.0.0", "0.4", "", "v0.4.0", "0.4.0-rc.1+build").Select(Node)),
        };
        return Gen.Frequency((11, Gen.Elements(fields)), (1, Gen.Constant<(string[] Keys, Gen<JsonNode?> Values)>((["policies"], names))),
                (1, Gen.Constant<(string[] Keys, Gen<JsonNode?> Values)>((["weights"], names))))
            .SelectMany(field => field.Keys switch
            {
                ["policies"] => WithPolicies(tree, names),
                ["weights"] => WithWeights(tree),
                _ => Gen.Elements(field.Keys).SelectMany(key => TreeMutations.SetMember(tree, TreeMutations.Paths(tree).ToList(), key, field.Values)),
            });
    }

    private static Gen<JsonNode?> ChartReferences =>
        Gen.Frequency(
            (3, Gen.Elements(FuzzValues.Injections)),
            (2, Gen.Elements("oci://127.0.0.1:5000/smo-demo/shop-web", "oci://", "oci:///", "oci://127.0.0.1:5000/", "127.0.0.1:5000/smo-demo/x",
                "oci://127.0.0.1:5000/UPPER/case", "oci://127.0.0.1:5000/a/b:tag@sha256:" + new string('0', 64), "oci://[::1]:5000/x",
                "oci://127.0.0.1:99999/x", "oci://user:pass@127.0.0.1:5000/x", "https://charts.example/x-1.0.tgz", "oci://127.0.0.1:5000/x?y=z#frag")),
            (1, FuzzValues.HostileString))
        .Select(Node);

    private static Gen<JsonNode?> Sizes =>
        Gen.Frequency(
            (3, Gen.Elements("light", "small", "medium", "large", "huge", "LIGHT", "500m", "0.5", "0", "-1", "1e400m", "1000000", "512Mi", "1.5GiB", "1Ei",
                "99999999999999999999Gi", "NaNMi", "1 Gi", "m", "Mi").Select(Node)),
            (1, FuzzValues.Number));

    private static Gen<JsonNode?> Strategies =>
        Gen.Elements("smo-milp", "first-fit", "energy-aware", "", "SMO-MILP", "nope", "smo-milp ", "../first-fit", "$(id)").Select(Node);

    /// <summary>H3NI policies added to a service: actions, targets and strategies both real and made up.</summary>
    private static Gen<JsonNode> WithPolicies(JsonNode tree, Gen<JsonNode?> names)
    {
        var services = TreeMutations.Paths(tree).Where(p => p is ["hdaGraph", "services", int]).ToList();
        if (services.Count == 0)
        {
            return Gen.Constant(tree);
        }

        var policy =
            from id in names
            from action in Gen.Elements("offload", "migrate", "scale", "", "OFFLOAD").Select(Node)
            from query in FuzzValues.PromQl.Select(Node)
            from grace in Gen.Elements(FuzzValues.Durations).Select(Node)
            from target in Gen.Elements("gpu", "low-carbon", "low-cost", "renewable", "zone=eu", "=", "", "region=", "nothing-matches").Select(Node)
            from strategy in Strategies
            select (JsonNode?)new JsonObject { ["id"] = id, ["action"] = action, ["promQuery"] = query, ["gracePeriod"] = grace, ["target"] = target, ["strategy"] = strategy };
        return from service in Gen.Elements(services.ToArray())
               from count in Gen.Choose(1, 3)
               from policies in Gen.ListOf(policy, count)
               let withPolicies = TreeMutations.Find(tree, service) is JsonObject
                   ? TreeMutations.Replace(tree, [.. service, "policies"], new JsonArray([.. policies]))
                   : tree
               select withPolicies;
    }

    /// <summary>
    /// The H3NI weights of placement and scaling: mostly ordinary or finite but enormous, which the parser accepts and
    /// the solver and what-if must then carry, sometimes anything at all.
    /// </summary>
    private static Gen<JsonNode> WithWeights(JsonNode tree)
    {
        var weight = Gen.Frequency(
            (4, Gen.Elements(0.0, 0.5, 1.0, 10.0).Select(w => (JsonNode?)JsonValue.Create(w))),
            (2, Gen.Elements(1e300, double.MaxValue, 1e-300).Select(w => (JsonNode?)JsonValue.Create(w))),
            (1, FuzzValues.Number));
        return tree["hdaGraph"] is not JsonObject
            ? Gen.Constant(tree)
            : from placement in Gen.ListOf(weight, 5)
              from scaling in Gen.ListOf(weight, 2)
              from strategy in Strategies
              let weights = new JsonObject
              {
                  ["placement"] = new JsonObject
                  {
                      ["deployment"] = placement[0], ["reoptimisation"] = placement[1], ["communication"] = placement[2], ["energy"] = placement[3], ["carbon"] = placement[4],
                  },
                  ["scaling"] = new JsonObject { ["utilisation"] = scaling[0], ["transition"] = scaling[1] },
              }
              select TreeMutations.Replace(TreeMutations.Replace(tree, ["hdaGraph", "weights"], weights), ["hdaGraph", "placementStrategy"], strategy);
    }

    private static Gen<FuzzRequest> Artifacts(FuzzTargets targets)
    {
        var references = Gen.Frequency(
            (2, Gen.Constant(targets.PushedArtifact)),
            (3, Gen.Elements($"{targets.Registry}/fuzz/no-such-graph:1.0.0", $"{targets.Registry}/fuzz/no-such-graph@sha256:{new string('0', 64)}",
                $"{targets.Registry}/fuzz/no-such-graph", $"oci://{targets.PushedArtifact}", $"{targets.PushedArtifact}-suffix", $"{targets.PushedArtifact}@sha256:zz",
                $"{targets.Registry}/Fuzz/Upper:1", $"{targets.Registry}/fuzz/x:{new string('t', 200)}", $"{targets.Registry}/{new string('r', 300)}:1",
                $"{targets.Registry}/../etc/passwd:1", $"{targets.Registry}//double:1", $"{targets.Registry}/fuzz/x:tag with space",
                "registry.example/graphs/shop:1.0.0", "169.254.169.254/latest/meta-data:1.0.0", "localhost:5000/fuzz/x:1", "127.0.0.1:5001/fuzz/x:1",
                "", ":", "@", "oci://", "/fuzz/x:1")),
            (1, FuzzValues.HostileString.Select(s => $"{targets.Registry}/{s}")));
        var bodies = Gen.Frequency(
            (6, references.Select(reference => new JsonObject { ["artifact"] = reference }.ToJsonString())),
            (1, FuzzValues.AnyValue.Select(value => DocumentWriter.Json(new JsonObject { ["artifact"] = value }))),
            (1, references.Select(reference => new JsonObject { ["artifact"] = reference, ["hdaGraph"] = new JsonObject() }.ToJsonString())));
        return from body in bodies
               from project in Project
               from credentials in Credentials.ForApi
               select FuzzRequest.Create(Family, "POST", $"/project/{project}/graphs", "", credentials, body) with
               {
                   RefusedByDesign = body == new JsonObject { ["artifact"] = targets.PushedArtifact }.ToJsonString(),
               };
    }

    private static Gen<FuzzRequest> Garbage =>
        from body in Gen.Frequency(
            (3, ArbMap.Default.GeneratorFor<byte[]>()),
            (3, Gen.Elements("", "null", "[]", "{}", "\"\"", "\"hdaGraph: {}\"", "hdaGraph:", "hdaGraph: null", "hdaGraph: []", "---", "{\"hdaGraph\":", "\"\\\"\\\\\\\"\"")
                .Select(Encoding.UTF8.GetBytes)),
            (1, Gen.Choose(3, 12).Select(levels => Encoding.UTF8.GetBytes(TextMutations.AliasBomb(levels) + "hdaGraph: *l" + (levels - 1) + "\n"))),
            (1, Gen.Constant(Encoding.UTF8.GetBytes("hdaGraph:\n  id: x\n  description: " + new string('x', (1 << 20) + 1) + "\n"))))
        from project in Project
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, "POST", $"/project/{project}/graphs", "", credentials, body, "application/yaml");

    private static string Write(JsonNode tree, Format format) => format switch
    {
        Format.Yaml => DocumentWriter.Yaml(tree),
        Format.Json => DocumentWriter.Json(tree),
        Format.JsonStringOfYaml => JsonSerializer.Serialize(DocumentWriter.Yaml(tree)),
        _ => JsonSerializer.Serialize(DocumentWriter.Json(tree)),
    };

    /// <summary>The tree deploys under a sentinel's name: one hdaGraph, one id, and that id a sentinel's.</summary>
    private static bool NamesSentinel(JsonNode tree, FuzzTargets targets) =>
        tree is JsonObject root && root.Count(m => IsKey(m.Key, "hdaGraph")) == 1
        && root["hdaGraph"] is JsonObject graph && graph.Count(m => IsKey(m.Key, "id")) == 1
        && graph["id"] is JsonValue id && id.TryGetValue<string>(out var name) && targets.Sentinels.ContainsKey(name);

    private static bool IsKey(string key, string name) => key == name || key == DocumentWriter.DuplicateKey(name);

    private static JsonNode? Node(string text) => JsonValue.Create(text);
}
