using System.Globalization;
using System.Text.Json.Nodes;
using Smo.Simulator.Faults;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Yaml;

namespace Smo.Simulator.Scenarios;

/// <summary>Reads a scenario from YAML or JSON; every mistake is reported with its path, line and column.</summary>
public static class ScenarioParser
{
    private const int DefaultPodsPerNode = 110;

    public static Scenario ParseFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ScenarioException($"scenario file '{path}' does not exist");
        }
        return Parse(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <param name="baseDirectory">Where relative trace paths are resolved; null = the current directory.</param>
    public static Scenario Parse(string text, string source, string? baseDirectory = null)
    {
        IReadOnlyList<YamlDotNet.RepresentationModel.YamlDocument> documents;
        try
        {
            documents = YamlToJson.Documents(text, source);
        }
        catch (YamlSyntaxException e)
        {
            throw new ScenarioException(e.Message, e);
        }
        if (documents.Count != 1)
        {
            throw new ScenarioException($"{source}: expected exactly one YAML or JSON document, found {documents.Count}");
        }
        var root = new ScenarioField(documents[0].RootNode, "", source);
        root.AllowOnly("name", "simulation", "clusters", "workloads", "faults", "namespaces", "objects");
        var simulation = Simulation(root.Get("simulation"));
        var series = new SeriesParser(baseDirectory ?? Directory.GetCurrentDirectory(), simulation.Start);

        var clusters = root.Require("clusters").Items().Select((c, i) => Cluster(c, i, series)).ToList();
        if (clusters.Count == 0)
        {
            throw root.Require("clusters").Error("a scenario needs at least one cluster");
        }
        RejectDuplicates(root.Require("clusters"), clusters.Select(c => c.Name));
        var clusterNames = clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

        var workloads = root.Get("workloads")?.Items().Select(w => Workload(w, series)).ToList() ?? [];
        if (root.Get("workloads") is { } workloadList)
        {
            RejectDuplicates(workloadList, workloads.Select(w => $"{w.Namespace}/{w.Service}"));
        }

        return new Scenario(
            root.Get("name")?.Text() ?? Path.GetFileNameWithoutExtension(source),
            simulation,
            clusters,
            workloads,
            root.Get("faults")?.Items().Select(f => FaultParser.Parse(f, clusterNames)).ToList() ?? [],
            root.Get("namespaces")?.Items().Select(n => n.Name()).ToList() ?? [],
            root.Get("objects")?.Items().Select(SeedObject).ToList() ?? []);
    }

    private static SimulationSettings Simulation(ScenarioField? field)
    {
        if (field is null)
        {
            return new SimulationSettings(SimulationSettings.DefaultTick, SimulationSettings.DefaultPodStartDelay, ManualClock: false,
                SimulationSettings.DefaultSeed, Start: null);
        }
        field.AllowOnly("tick", "podStartDelay", "clock", "seed", "start", "watchBookmarks");
        var tick = field.Get("tick")?.Duration() ?? SimulationSettings.DefaultTick;
        if (tick <= TimeSpan.Zero)
        {
            throw field.Require("tick").Error("the tick must be positive");
        }
        var clock = field.Get("clock")?.Text() ?? "real";
        if (clock is not ("real" or "manual"))
        {
            throw field.Require("clock").Error($"clock must be 'real' or 'manual', got '{clock}'");
        }
        DateTimeOffset? start = null;
        if (field.Get("start") is { } startField)
        {
            start = DateTimeOffset.TryParse(startField.Text(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw startField.Error($"expected an RFC 3339 time like 2025-01-01T00:00:00Z, got {startField.Describe()}");
        }
        var bookmarks = field.Get("watchBookmarks")?.Duration() ?? SimulationSettings.DefaultWatchBookmarkInterval;
        if (bookmarks <= TimeSpan.Zero)
        {
            throw field.Require("watchBookmarks").Error("the bookmark interval must be positive");
        }
        return new SimulationSettings(tick, field.Get("podStartDelay")?.Duration() ?? SimulationSettings.DefaultPodStartDelay,
            clock == "manual", field.Get("seed")?.Integer() ?? SimulationSettings.DefaultSeed, start)
        {
            WatchBookmarkInterval = bookmarks,
        };
    }

    private static ClusterSpec Cluster(ScenarioField field, int index, SeriesParser series)
    {
        field.AllowOnly("name", "region", "zone", "cpu", "memory", "gpus", "pods", "nodes", "labels", "energy", "carbonIntensity", "network");
        // Read in the order a scenario is written, so the first error reported is the first one in the file.
        var name = field.Require("name").Name();
        var cpu = Positive(field.Require("cpu"));
        var memory = Positive(field.Require("memory"));
        var nodes = field.Get("nodes")?.Integer(min: 1) ?? 1;
        var energy = field.Require("energy").AllowOnly("pue", "idleWattsPerCore", "maxWattsPerCore");
        var idle = energy.Require("idleWattsPerCore").Number(min: 0);
        var max = energy.Require("maxWattsPerCore").Number(min: 0);
        if (max < idle)
        {
            throw energy.Require("maxWattsPerCore").Error($"maxWattsPerCore ({max}) must be at least idleWattsPerCore ({idle})");
        }
        var network = field.Get("network")?.AllowOnly("podCidr", "serviceCidr");
        return new ClusterSpec(
            name,
            field.Get("region")?.Text() ?? "",
            field.Get("zone")?.Text() ?? "",
            cpu,
            memory,
            field.Get("gpus")?.Integer(min: 0) ?? 0,
            field.Get("pods")?.Integer(min: 1) ?? DefaultPodsPerNode * nodes,
            nodes,
            field.Get("labels")?.Entries().ToDictionary(e => e.Key, e => e.Value.Text()) ?? new Dictionary<string, string>(),
            new EnergyProfile(energy.Require("pue").Number(min: 1, max: 10), idle, max),
            series.Parse(field.Require("carbonIntensity")),
            network?.Get("podCidr")?.Text() ?? $"10.{10 + index}.0.0/16",
            network?.Get("serviceCidr")?.Text() ?? $"10.{110 + index}.0.0/16");
    }

    private static WorkloadSpec Workload(ScenarioField field, SeriesParser series)
    {
        field.AllowOnly("service", "namespace", "alpha", "beta", "load");
        var alpha = field.Get("alpha")?.Number(min: 0) ?? WorkloadSpec.DefaultAlpha;
        if (alpha <= 0)
        {
            throw field.Require("alpha").Error("alpha (requests/s one ready replica serves) must be positive");
        }
        return new WorkloadSpec(field.Require("service").Name(), field.Get("namespace")?.Name(), alpha,
            field.Get("beta")?.Number(min: 0) ?? 0, series.Parse(field.Require("load")));
    }

    private static JsonObject SeedObject(ScenarioField field)
    {
        if (YamlToJson.Convert(field.Node) is not JsonObject item)
        {
            throw field.Error("expected a Kubernetes object (a mapping with apiVersion, kind and metadata)");
        }
        var apiVersion = item.StringAt("apiVersion") ?? throw field.Error("missing required key 'apiVersion'");
        var kind = item.StringAt("kind") ?? throw field.Error("missing required key 'kind'");
        if (ResourceCatalog.FindByKind(apiVersion, kind) is null)
        {
            throw field.Error($"the simulator does not serve {kind} of {apiVersion} (served: {string.Join(", ", ResourceCatalog.All.Select(r => $"{r.ApiVersion} {r.Kind}"))})");
        }
        if (string.IsNullOrEmpty(item.StringAt("metadata", "name")))
        {
            throw field.Error("missing required key 'metadata.name'");
        }
        return item;
    }

    private static decimal Positive(ScenarioField field)
    {
        var value = field.Quantity();
        return value > 0 ? value : throw field.Error("must be greater than zero");
    }

    private static void RejectDuplicates(ScenarioField list, IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                throw list.Items()[index].Error($"duplicate entry '{name.TrimStart('/')}'");
            }
            index++;
        }
    }
}
