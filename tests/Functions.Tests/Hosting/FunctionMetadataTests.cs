using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Smo.Functions.Graphs;
using Smo.Functions.Hosting;
using Smo.Functions.Http;
using Smo.Functions.Tests.Infrastructure;
using Smo.Functions.Timers;

namespace Smo.Functions.Tests.Hosting;

/// <summary>
/// The build writes <c>functions.metadata</c> — what the Functions host reads to serve the app. Smo's host must serve
/// exactly the same functions: the same HTTP routes, methods and authorization levels, the same timer schedules,
/// the same orchestrator and activity names. Read here from the running host, not from the catalog it was built with.
/// </summary>
public sealed class FunctionMetadataTests : IClassFixture<FunctionMetadataTests.Host>
{
    private readonly Host _host;

    public FunctionMetadataTests(Host host) => _host = host;

    public sealed class Host : IDisposable
    {
        public FunctionsHostFactory Factory { get; } = new();

        public Host() => Factory.CreateClient().Dispose();

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public void The_build_writes_a_deployable_functions_app()
    {
        var output = AppContext.BaseDirectory;

        Assert.True(File.Exists(Path.Combine(output, "functions.metadata")), "functions.metadata is missing from the build output.");
        Assert.True(File.Exists(Path.Combine(output, "worker.config.json")), "worker.config.json is missing from the build output.");
        Assert.NotEmpty(Metadata());
    }

    [Fact]
    public void Http_functions_have_the_routes_methods_and_levels_of_the_metadata()
    {
        var expected = Metadata()
            .Where(f => f.Trigger.GetProperty("type").GetString() == "httpTrigger")
            .Select(f => $"{f.Name} {Methods(f.Trigger)} {f.Trigger.GetProperty("route").GetString()} {f.Trigger.GetProperty("authLevel").GetString()}")
            .Order();

        var served = _host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<FunctionMetadata>() is not null)
            // The durable management API is the host's own, as in the Functions host: not a function of the app.
            .Where(e => !e.RoutePattern.RawText!.TrimStart('/').StartsWith("runtime/", StringComparison.Ordinal))
            .Select(e => $"{e.Metadata.GetMetadata<FunctionMetadata>()!.Name} {string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => m.ToLowerInvariant()).Order())} {e.RoutePattern.RawText!.Trim('/')} {e.Metadata.GetMetadata<FunctionMetadata>()!.Level}")
            .Order();

        Assert.Equal(expected, served);
    }

    [Fact]
    public void Timer_functions_have_the_schedules_of_the_metadata()
    {
        var expected = Metadata()
            .Where(f => f.Trigger.GetProperty("type").GetString() == "timerTrigger")
            .Select(f => $"{f.Name} {f.Trigger.GetProperty("schedule").GetString()}")
            .Order();

        var served = _host.Factory.Services.GetServices<TimerFunction>().Select(t => $"{t.Name} {t.Schedule}").Order();

        Assert.Equal(expected, served);
    }

    [Theory]
    [InlineData("orchestrationTrigger")]
    [InlineData("activityTrigger")]
    public void Durable_functions_are_registered_under_the_names_of_the_metadata(string trigger)
    {
        var expected = Metadata().Where(f => f.Trigger.GetProperty("type").GetString() == trigger).Select(f => f.Name).Order();
        var registry = _host.Factory.Services.GetRequiredService<IOptionsMonitor<DurableTaskRegistry>>().Get(Options.DefaultName);

        var registered = (trigger == "orchestrationTrigger" ? registry.GetOrchestrators().Select(o => o.Key.Name) : registry.GetActivities().Select(a => a.Key.Name)).Order();

        Assert.Equal(expected, registered);
    }

    [Fact]
    public void Every_function_of_the_metadata_has_one_trigger_smos_host_serves()
    {
        string[] served = ["httpTrigger", "timerTrigger", "orchestrationTrigger", "activityTrigger"];

        Assert.All(Metadata(), f => Assert.Contains(f.Trigger.GetProperty("type").GetString(), served));
    }

    [Fact]
    public void The_functions_host_worker_can_create_every_function_class()
    {
        // A deployment's settings: the store and every external system (nothing is called while classes are created).
        using var worker = FunctionsWorker.Build([
            $"--ConnectionStrings:{ControlPlaneHosting.ConnectionStringName}={PostgresConnection.String}",
            "--Smo:Karmada:Host=https://127.0.0.1:1", "--Smo:Prometheus:BaseUrl=http://127.0.0.1:1", "--Smo:Grafana:BaseUrl=http://127.0.0.1:1",
            "--Smo:Nfvcl:BaseUrl=http://127.0.0.1:1",
        ]);
        using var scope = worker.Services.CreateScope();

        var classes = FunctionCatalog.Of(typeof(FunctionCatalog).Assembly).Functions
            .Select(f => f.Method)
            .Where(m => !m.IsStatic)
            .Select(m => m.DeclaringType!)
            .Distinct()
            .ToList();

        Assert.NotEmpty(classes);
        Assert.All(classes, type => Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type)));
    }

    /// <summary>With nothing configured, a function class either can be created or names the settings it waits for — never a bare failure.</summary>
    [Fact]
    public async Task The_functions_host_worker_creates_its_background_services_and_those_that_need_a_durable_client_stand_down()
    {
        // Every external system configured, as a deployment's settings would have it; what the Functions host passes its worker.
        using var worker = FunctionsWorker.Build([
            $"--ConnectionStrings:{ControlPlaneHosting.ConnectionStringName}={PostgresConnection.String}",
            "--Smo:Karmada:Host=https://127.0.0.1:1", "--Smo:Prometheus:BaseUrl=http://127.0.0.1:1", "--Smo:Grafana:BaseUrl=http://127.0.0.1:1",
            "--Functions:Worker:HostEndpoint=http://127.0.0.1:1", "--Functions:Worker:WorkerId=test", "--Functions:Worker:RequestId=test",
        ]);

        var loadWatch = Assert.Single(worker.Services.GetServices<IHostedService>().OfType<Scaling.LoadWatchService>());
        await loadWatch.StartAsync(CancellationToken.None);

        await loadWatch.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(loadWatch.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public void Without_settings_every_function_class_is_created_or_names_the_settings_it_needs()
    {
        using var worker = FunctionsWorker.Build([]);
        using var scope = worker.Services.CreateScope();
        var requirements = worker.Services.GetRequiredService<FunctionRequirements>();
        var functions = FunctionCatalog.Of(typeof(FunctionCatalog).Assembly).Functions.Where(f => !f.Method.IsStatic).ToList();

        foreach (var function in functions)
        {
            var type = function.Method.DeclaringType!;
            if (requirements.MissingSettings(function).Count == 0)
            {
                Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
            }
            else
            {
                Assert.Throws<InvalidOperationException>(() => ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
            }
        }

        Assert.Equal(["ConnectionStrings:Postgres"], requirements.MissingSettings(functions.Single(f => f.Name == "Graphs_Deploy")));
        Assert.Equal(["ConnectionStrings:Postgres", "Smo:Nfvcl:BaseUrl"], requirements.MissingSettings(functions.Single(f => f.Name == "Vims_List")));
        Assert.Empty(requirements.MissingSettings(functions.Single(f => f.Name == "HelloCities_HttpStart")));
    }

    [Fact]
    public async Task Without_the_store_the_graph_api_answers_503_naming_the_connection_string_and_only_to_a_caller_with_a_key()
    {
        var anonymous = await _host.Factory.CreateClient().GetAsync("/graphs");
        var client = _host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(FunctionKeys.HeaderName, FunctionsHostFactory.DefaultKey);

        var response = await client.GetAsync("/graphs");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("'Graphs_List' needs a setting that is not set: ConnectionStrings:Postgres.", problem.GetProperty("detail").GetString());
        Assert.Equal("ConnectionStrings:Postgres", problem.GetProperty("settings")[0].GetString());
    }

    private static string Methods(JsonElement trigger) =>
        string.Join(",", trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order());

    private static IReadOnlyList<(string Name, JsonElement Trigger)> Metadata()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        return document.RootElement.EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).Clone()))
            .ToList();
    }
}
