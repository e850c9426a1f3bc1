using Smo.Kpi.Scenarios;

namespace Smo.Kpi.Tests;

public sealed class ScenarioFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("smo-kpi-").FullName;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "kpi", name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("brussels-elb.json", 3)]
    [InlineData("shop-crane.json", 6)]
    public void Load_of_a_committed_scenario_without_the_data_makes_every_series_synthetic(string file, int services)
    {
        var scenario = ScenarioFile.Load(Fixture(file), Path.Combine(_directory, "absent"));

        Assert.Equal(KpiScenario.SyntheticData, scenario.Data);
        Assert.Equal(services, scenario.Services.Count);
        Assert.Equal(["DE", "GB", "FR"], scenario.Clusters.Select(c => c.Region));
        Assert.Equal(TimeSpan.FromDays(7), scenario.Duration);
        Assert.All(scenario.Services, s => Assert.True(s.Load.MeanOver(-7 * 86_400, 7 * 86_400) > 0));
    }

    [Fact]
    public void Load_with_the_data_reads_the_trace_from_its_history_and_aligns_the_carbon_series_on_its_start()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "requests"));
        Directory.CreateDirectory(Path.Combine(_directory, "carbon"));
        // Requests per 5 minutes, a missing sample at 00:10 (held), CRLF and no final newline, as the upstream files have.
        File.WriteAllText(Path.Combine(_directory, "requests", "r.csv"),
            "timestamp,value\r\n2014-04-10 00:00:00,30\r\n2014-04-10 00:05:00,60\r\n2014-04-10 00:15:00,90\r\n2014-04-10 00:20:00,30");
        File.WriteAllText(Path.Combine(_directory, "carbon", "c.csv"),
            "Time,Carbon Intensity\n2020-04-16 00:00:00,100\n2020-04-16 00:15:00,300\n2020-04-16 00:30:00,200\n");
        var path = Path.Combine(_directory, "s.json");
        File.WriteAllText(path, """
            {"name": "tiny", "days": 0.02, "historyDays": 0.0035, "carbonStart": "2020-04-16T00:15:00Z",
             "services": [{"name": "web", "cpu": 1, "memoryGiB": 1, "alpha": 10, "beta": 0, "minReplicas": 1, "maxReplicas": 5,
                           "load": {"file": "requests/r.csv", "perSeconds": 300, "peak": 9}}],
             "clusters": [{"name": "a", "region": "DE", "cpu": 4, "memoryGiB": 8, "pue": 1.2, "idleWattsPerCore": 4, "maxWattsPerCore": 10,
                           "carbon": {"file": "carbon/c.csv", "mean": 200, "amplitude": 10}}]}
            """);

        var scenario = ScenarioFile.Load(path, _directory);

        Assert.Equal(KpiScenario.SharedData, scenario.Data);
        var load = scenario.Services[0].Load;
        // 0.0035 days ≈ 5 min of history: the trace's first sample is replay time −302.4 s; scaled so 90 (the largest) is 9.
        Assert.Equal(3, load.ValueAt(-300));
        Assert.Equal(6, load.ValueAt(60));
        Assert.Equal(6, load.ValueAt(360));
        Assert.Equal(9, load.ValueAt(660));
        var carbon = scenario.Clusters[0].Carbon;
        Assert.Equal(100, carbon.ValueAt(-1));
        Assert.Equal(300, carbon.ValueAt(0));
        Assert.Equal(200, carbon.ValueAt(900));
    }

    [Fact]
    public void Load_refuses_a_descriptor_with_unknown_fields_or_impossible_values_naming_the_file()
    {
        var path = Path.Combine(_directory, "bad.json");
        File.WriteAllText(path, """{"name": "bad", "days": 7, "historyDays": 7, "carbonStart": "2020-04-16T00:00:00Z", "services": [], "clusters": [], "colour": "red"}""");

        var refused = Assert.Throws<InvalidDataException>(() => ScenarioFile.Load(path, _directory));

        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_refuses_a_trace_with_a_negative_value_naming_the_line()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "requests"));
        Directory.CreateDirectory(Path.Combine(_directory, "carbon"));
        File.WriteAllText(Path.Combine(_directory, "requests", "r.csv"), "ts,value\n1633651200,5\n1633651260,-1\n");
        File.WriteAllText(Path.Combine(_directory, "carbon", "c.csv"), "Time,Carbon Intensity\n2020-04-16 00:00:00,100\n");
        var path = Path.Combine(_directory, "s.json");
        File.WriteAllText(path, """
            {"name": "tiny", "days": 1, "historyDays": 0, "carbonStart": "2020-04-16T00:00:00Z",
             "services": [{"name": "web", "cpu": 1, "memoryGiB": 1, "alpha": 10, "beta": 0, "minReplicas": 1, "maxReplicas": 5,
                           "load": {"file": "requests/r.csv", "peak": 9}}],
             "clusters": [{"name": "a", "region": "DE", "cpu": 4, "memoryGiB": 8, "pue": 1.2, "idleWattsPerCore": 4, "maxWattsPerCore": 10,
                           "carbon": {"file": "carbon/c.csv", "mean": 200, "amplitude": 10}}]}
            """);

        var refused = Assert.Throws<InvalidDataException>(() => ScenarioFile.Load(path, _directory));

        Assert.Contains("line 3", refused.Message, StringComparison.Ordinal);
    }
}
