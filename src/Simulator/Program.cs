using Smo.Simulator.Hosting;
using Smo.Simulator.Scenarios;

// Usage: dotnet run --project src/Simulator -- --urls http://127.0.0.1:PORT [--scenario FILE] [--prometheus-rules-file FILE]
var configuration = new ConfigurationBuilder().AddCommandLine(args).AddEnvironmentVariables("SMO_SIMULATOR_").Build();
Scenario scenario;
try
{
    scenario = configuration["scenario"] is { Length: > 0 } path ? ScenarioParser.ParseFile(path) : Scenario.Default;
}
catch (ScenarioException e)
{
    await Console.Error.WriteLineAsync($"smo-simulator: invalid scenario: {e.Message}");
    return 2;
}

var app = SimulatorApplication.Build(scenario, args);
app.Logger.LogInformation("Simulating scenario {Scenario}: {ClusterCount} clusters, {WorkloadCount} workloads, {FaultCount} faults",
    scenario.Name, scenario.Clusters.Count, scenario.Workloads.Count, scenario.Faults.Count);
await app.RunAsync();
return 0;
