using Smo.Simulator.Scenarios;
using Smo.Simulator.Series;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Scenarios;

public sealed class ScenarioParserTests
{
    [Fact]
    public void Default_scenario_has_three_clusters_and_gpus_only_on_member2()
    {
        var scenario = Scenario.Default;

        Assert.Equal(["member1", "member2", "member3"], scenario.Clusters.Select(c => c.Name));
        Assert.Equal([0, 2, 0], scenario.Clusters.Select(c => c.Gpus));
        Assert.Equal(["image-compression-vo", "noise-reduction", "image-detection"], scenario.Workloads.Select(w => w.Service));
        Assert.Equal("kube-prometheus-stack-0", Assert.Single(scenario.Objects)["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Json_scenario_parses_like_yaml()
    {
        const string json = """
            {"clusters":[{"name":"edge","cpu":"3700m","memory":"15265636Ki","energy":{"pue":1.1,"idleWattsPerCore":2,"maxWattsPerCore":6},
              "carbonIntensity":{"type":"steps","steps":[{"at":"0s","value":100},{"at":"1h","value":50}]}}],
             "workloads":[{"service":"web","load":{"type":"sine","mean":10,"amplitude":5,"period":"60s"}}]}
            """;

        var scenario = ScenarioParser.Parse(json, "scenario.json");

        var edge = Assert.Single(scenario.Clusters);
        Assert.Equal(3.7m, edge.CpuCores);
        Assert.Equal(15265636m * 1024, edge.MemoryBytes);
        Assert.Equal(110, edge.MaxPods);
        Assert.Equal(50, edge.CarbonIntensity.ValueAt(TimeSpan.FromHours(2)));
        Assert.Equal(15, scenario.Workloads[0].Load.ValueAt(TimeSpan.FromSeconds(15)), precision: 9);
        Assert.Equal(10, scenario.Workloads[0].Alpha);
        Assert.False(scenario.Simulation.ManualClock);
        Assert.Equal(TimeSpan.FromSeconds(5), scenario.Simulation.PodStartDelay);
    }

    [Theory]
    [InlineData("clusters: []", "clusters (line 1, column 11): a scenario needs at least one cluster")]
    [InlineData("workloads: []", "(document) (line 1, column 1): missing required key 'clusters'")]
    [InlineData("clusters:\n  - name: a\n    cpu: abc\n", "clusters[0].cpu (line 3, column 10): expected a non-negative Kubernetes quantity")]
    [InlineData("clusters:\n  - name: a\n    cpu: 4\n", "clusters[0] (line 2, column 5): missing required key 'memory'")]
    [InlineData("clusters:\n  - name: A_1\n", "clusters[0].name (line 2, column 11): 'A_1' is not a valid name")]
    [InlineData("clusters:\n  - {name: a, cpu: 4, memory: 1Gi, colour: red}\n", "clusters[0].colour (line 2, column 36): unknown key 'colour'")]
    [InlineData("clusters: [{name: a, cpu: 4, memory: 1Gi, carbonIntensity: 1, energy: {pue: 0.5, idleWattsPerCore: 1, maxWattsPerCore: 2}}]",
        "clusters[0].energy.pue (line 1, column 77): 0.5 is out of range [1, 10]")]
    [InlineData("clusters: [{name: a, cpu: 4, memory: 1Gi, carbonIntensity: 1, energy: {pue: 1, idleWattsPerCore: 3, maxWattsPerCore: 2}}]",
        "maxWattsPerCore (2) must be at least idleWattsPerCore (3)")]
    [InlineData("simulation: {tick: soon}\nclusters: []", "simulation.tick (line 1, column 20): expected a duration like '30s'")]
    [InlineData("clusters: [\n", "line 2, column 1")]
    [InlineData("simulation: {watchBookmarks: 0s}\nclusters: []", "simulation.watchBookmarks (line 1, column 30): the bookmark interval must be positive")]
    public void Bad_scenario_is_rejected_with_path_line_and_column(string yaml, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(yaml, "bad.yaml"));

        Assert.StartsWith("bad.yaml: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Watch_bookmark_interval_is_read_from_the_simulation_settings_and_defaults_to_a_minute()
    {
        var set = ScenarioParser.Parse(TestScenarios.Yaml().Replace("seed: 7", "seed: 7, watchBookmarks: 250ms"), "s.yaml");
        var unset = ScenarioParser.Parse(TestScenarios.Yaml(), "s.yaml");

        Assert.Equal(TimeSpan.FromMilliseconds(250), set.Simulation.WatchBookmarkInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), unset.Simulation.WatchBookmarkInterval);
    }

    [Fact]
    public void Duplicate_cluster_names_are_rejected()
    {
        var yaml = TestScenarios.Yaml().Replace("name: small", "name: big");

        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(yaml, "dup.yaml"));

        Assert.Contains("clusters[1] (line 12, column 5): duplicate entry 'big'", error.Message);
    }

    [Fact]
    public void Workload_with_an_unknown_load_shape_names_the_types_it_knows()
    {
        var yaml = TestScenarios.Yaml().Replace("load: 30", "load: {type: square}");

        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(yaml, "shape.yaml"));

        Assert.Contains("workloads[0].load.type", error.Message);
        Assert.Contains("unknown series type 'square' (expected one of: constant, steps, sine, daily, trace)", error.Message);
    }

    [Fact]
    public void Trace_file_that_is_missing_is_an_error_naming_the_file()
    {
        var yaml = TestScenarios.Yaml().Replace("load: 30", "load: {type: trace, file: /nonexistent/trace.csv}");

        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(yaml, "trace.yaml"));

        Assert.Contains("workloads[0].load.file", error.Message);
        Assert.Contains("trace file '/nonexistent/trace.csv' does not exist", error.Message);
    }

    [Fact]
    public void Trace_file_that_is_missing_falls_back_to_its_synthetic_shape()
    {
        var yaml = TestScenarios.Yaml().Replace("load: 30", "load: {type: trace, file: /nonexistent/trace.csv, fallback: 12}");

        var scenario = ScenarioParser.Parse(yaml, "trace.yaml");

        Assert.IsType<ConstantSeries>(scenario.Workloads[0].Load);
        Assert.Equal(12, scenario.Workloads[0].Load.ValueAt(TimeSpan.Zero));
    }

    [Fact]
    public void Trace_path_is_resolved_next_to_the_scenario_file()
    {
        var directory = Directory.CreateTempSubdirectory("smo-scenario-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "load.csv"), "ts,value\n0,4\n60,8\n");
            var path = Path.Combine(directory, "scenario.yaml");
            File.WriteAllText(path, TestScenarios.Yaml().Replace("load: 30", "load: {type: trace, file: load.csv, speedup: 60}"));

            var scenario = ScenarioParser.ParseFile(path);

            Assert.Equal(4, scenario.Workloads[0].Load.ValueAt(TimeSpan.FromSeconds(0.5)));
            Assert.Equal(8, scenario.Workloads[0].Load.ValueAt(TimeSpan.FromSeconds(1.5)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Seed_object_of_an_unserved_kind_is_rejected()
    {
        var yaml = TestScenarios.Yaml().Replace("kind: PrometheusRule", "kind: ServiceMonitor");

        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(yaml, "objects.yaml"));

        Assert.Contains("objects[0]", error.Message);
        Assert.Contains("does not serve ServiceMonitor of monitoring.coreos.com/v1", error.Message);
    }

    [Fact]
    public void Example_trace_scenario_loads_with_or_without_the_shared_data()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", "traces.yaml");

        var scenario = ScenarioParser.ParseFile(path);

        Assert.Equal(3, scenario.Clusters.Count);
        Assert.All(scenario.Workloads, w => Assert.True(w.Load.ValueAt(TimeSpan.FromMinutes(3)) >= 0));
        Assert.InRange(scenario.Workloads[0].Load.ValueAt(TimeSpan.Zero), 0, 60);
    }

    [Fact]
    public void Missing_scenario_file_says_so()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.ParseFile("/nonexistent/scenario.yaml"));

        Assert.Equal("scenario file '/nonexistent/scenario.yaml' does not exist", error.Message);
    }
}
