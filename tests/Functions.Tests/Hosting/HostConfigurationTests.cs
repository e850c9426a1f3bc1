using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Infrastructure;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Hosting;

public sealed class HostConfigurationTests
{
    [Fact]
    public async Task Host_json_durableTask_limits_reach_the_worker_and_unknown_keys_are_warned_about()
    {
        var hub = "limits" + Guid.NewGuid().ToString("N")[..8];
        await using var cleanup = new SchemaCleanup($"durable_{hub}", $"functions_{hub}");
        using var factory = new FunctionsHostFactory(durableTask: new
        {
            hubName = hub,
            maxConcurrentActivityFunctions = 3,
            maxConcurrentOrchestratorFunctions = 4,
            maxOrchestrationActions = 500,
            partitionCount = 4,
            storageProvider = new { type = "postgres", connectionStringName = FunctionsHostFactory.DurableConnectionName },
        });

        var worker = factory.Services.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value;

        Assert.Equal((3, 4), (worker.Concurrency.MaximumConcurrentActivityWorkItems, worker.Concurrency.MaximumConcurrentOrchestrationWorkItems));
        Assert.Equal(hub, factory.Services.GetRequiredService<DurableTaskExtensionOptions>().HubName);
        Assert.Equal(500, factory.Services.GetRequiredService<IOptions<Smo.Durable.Hosting.DurableBackendOptions>>().Value.Limits.MaxOrchestrationActions);
        Assert.Contains(factory.Logs, line => line.Contains("extensions.durableTask.partitionCount", StringComparison.Ordinal));
    }

    [Fact]
    public void Unsupported_storage_provider_stops_the_host_with_the_reason()
    {
        using var factory = new FunctionsHostFactory(durableTask: new { hubName = "x", storageProvider = new { type = "AzureStorage" } });

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains("'AzureStorage' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_connection_string_stops_the_host_naming_the_setting()
    {
        using var factory = new FunctionsHostFactory(durableTask: new { hubName = "x", storageProvider = new { type = "postgres", connectionStringName = "Nowhere" } });

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains("ConnectionStrings:Nowhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_defaults_out_of_range_stop_the_host_naming_every_setting()
    {
        using var factory = new FunctionsHostFactory(
            values: new Dictionary<string, string>
            {
                ["Smo__Graphs__Alpha"] = "0", ["Smo__Graphs__PlacementStrategy"] = "quantum", ["Smo__Graphs__ScalingInterval"] = "00:00:00",
                ["Smo__Graphs__MaxConcurrentDryRuns"] = "0", ["Smo__Graphs__MaxServices"] = "0", ["Smo__Graphs__DriftCheckInterval"] = "-00:00:01",
            },
            connectionStrings: new { Postgres = PostgresConnection.String });

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains("Smo:Graphs:Alpha must be a positive number", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smo:Graphs:PlacementStrategy: No placement strategy is named 'quantum'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smo:Graphs:ScalingInterval must be longer than zero", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smo:Graphs:MaxConcurrentDryRuns must be between 1 and 64", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smo:Graphs:MaxServices must be between 1 and 1000000 (is 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smo:Graphs:DriftCheckInterval must be zero (every tick) or longer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_weights_and_strategy_limits_out_of_range_or_misspelt_stop_the_host_naming_every_setting()
    {
        using var factory = new FunctionsHostFactory(
            values: new Dictionary<string, string>
            {
                ["Smo__Graphs__Weights__Transition"] = "-0.5", ["Smo__Graphs__Weights__Utilization"] = "0.5", ["Smo__Graphs__MaxStrategyWorkers"] = "0",
            },
            connectionStrings: new { Postgres = PostgresConnection.String });

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains("Smo:Graphs:Weights:Transition must be a number from 0 to 1000000 (is -0.5)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smo:Graphs:Weights:Utilization is not a weight term", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smo:Graphs:MaxStrategyWorkers must be between 1 and 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intent_sizes_out_of_range_or_misspelt_stop_the_host_naming_the_setting()
    {
        using var outOfRange = new FunctionsHostFactory(
            values: new Dictionary<string, string> { ["Smo__Intents__Sizes__medium__Cpu"] = "-1", ["Smo__Intents__Sizes__large__Storage"] = "1e9" },
            connectionStrings: new { Postgres = PostgresConnection.String });
        using var misspelt = new FunctionsHostFactory(
            values: new Dictionary<string, string> { ["Smo__Intents__Sizes__medium__Memory"] = "4" },
            connectionStrings: new { Postgres = PostgresConnection.String });

        var range = Assert.Throws<InvalidOperationException>(() => outOfRange.Services);
        var spelling = Assert.Throws<InvalidOperationException>(() => misspelt.Services);

        Assert.Contains("Smo:Intents:Sizes:medium:Cpu must be a number of cores above 0 and at most 1000000 (is -1)", range.Message, StringComparison.Ordinal);
        Assert.Contains("Smo:Intents:Sizes:large:Storage must be a number of GB", range.Message, StringComparison.Ordinal);
        Assert.Contains("Smo:Intents:Sizes:medium:Memory is not an amount; a size takes Cpu (cores), Ram (GiB) and Storage (GB).", spelling.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_policy_cooldown_stops_the_host_naming_the_setting()
    {
        using var factory = new FunctionsHostFactory(
            values: new Dictionary<string, string> { ["Smo__Alerts__PolicyCooldown"] = "-00:01:00" },
            connectionStrings: new { Postgres = PostgresConnection.String });

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains("Smo:Alerts:PolicyCooldown must be zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_settings_values_nest_with_double_underscore_and_connection_strings_are_read()
    {
        using var factory = new FunctionsHostFactory(
            values: new Dictionary<string, string> { ["Section__Inner"] = "nested", ["PlainSetting"] = "plain" },
            // Not "Postgres": that one would start the control plane's store against a host that does not exist.
            connectionStrings: new { Reporting = "Host=example" });

        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        Assert.Equal("nested", configuration["Section:Inner"]);
        Assert.Equal("plain", configuration["PlainSetting"]);
        Assert.Equal("Host=example", configuration.GetConnectionString("Reporting"));
    }

    [Fact]
    public async Task Without_any_key_configured_keys_are_not_enforced_and_a_warning_says_so()
    {
        using var factory = new FunctionsHostFactory(keys: false);

        var response = await factory.CreateClient().GetAsync("/runtime/webhooks/durabletask/instances");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(factory.Logs, line => line.Contains("No function keys are configured", StringComparison.Ordinal));
    }

    [Fact]
    public void Local_settings_are_created_from_the_sample_on_first_run()
    {
        using var factory = new FunctionsHostFactory();
        File.Delete(Path.Combine(factory.ScriptRoot, "local.settings.json"));
        File.WriteAllText(Path.Combine(factory.ScriptRoot, "local.settings.sample.json"),
            JsonSerializer.Serialize(new { Values = new { FromSample = "yes" }, ConnectionStrings = new Dictionary<string, string> { [FunctionsHostFactory.DurableConnectionName] = PostgresConnection.String } }));

        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        Assert.Equal("yes", configuration["FromSample"]);
        Assert.True(File.Exists(Path.Combine(factory.ScriptRoot, "local.settings.json")));
    }

    [Fact]
    public async Task Host_runs_on_the_postgres_provider_named_in_host_json()
    {
        var hub = "fhost" + Guid.NewGuid().ToString("N")[..8];
        await using var cleanup = new SchemaCleanup($"durable_{hub}", $"functions_{hub}");
        using var factory = new FunctionsHostFactory(
            durableTask: new { hubName = hub, storageProvider = new { type = "postgres", connectionStringName = "Postgres" } },
            connectionStrings: new { Postgres = PostgresConnection.String });
        var client = factory.CreateClientWithKey(FunctionsHostFactory.DefaultKey);

        var start = await client.PostAsync("/samples/hello-cities", new StringContent("""["Oslo"]"""));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var status = factory.Services.GetRequiredService<DurableTaskClient>();
        var id = start.Headers.Location!.Segments[^1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await status.WaitForInstanceCompletionAsync(id, true, timeout.Token);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal(["Hello, Oslo!"], done.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public void The_memory_provider_is_refused_with_the_reason_and_what_to_use()
    {
        using var factory = new FunctionsHostFactory(durableTask: new { hubName = "x", storageProvider = new { type = "memory" } });

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains("'memory' is not offered", error.Message, StringComparison.Ordinal);
        Assert.Contains("Use 'postgres'", error.Message, StringComparison.Ordinal);
    }
}
