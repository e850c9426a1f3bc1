using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    public sealed record Order(int Quantity);

    [Fact]
    public async Task Start_of_an_unregistered_orchestrator_is_refused_and_creates_nothing()
    {
        await using var kind = NewStoreKind();
        await using var host = await TestHost.StartAsync(await kind.CreateStoreAsync(), RegisterHello);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("Nope"));

        Assert.Contains("'Nope'", error.Message, StringComparison.Ordinal);
        Assert.Empty((await host.Client.GetAllInstancesAsync()).Instances);
    }

    [Fact]
    public async Task Instance_whose_orchestrator_this_worker_does_not_know_fails_with_a_clear_reason()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, RegisterHello);
        var id = await BareClient(store).ScheduleNewOrchestrationInstanceAsync("Ghost");

        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("OrchestratorNotFound", result.FailureDetails!.ErrorType);
    }

    [Fact]
    public async Task Call_of_an_unregistered_activity_fails_the_call_with_a_clear_reason()
    {
        await using var kind = NewStoreKind();
        await using var host = await TestHost.StartAsync(await kind.CreateStoreAsync(), r => r
            .AddOrchestratorFunc<object?, string>("CallsGhost", async (ctx, _) => await ctx.CallActivityAsync<string>("GhostActivity")));

        var result = await host.RunAsync("CallsGhost");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("ActivityNotFound", result.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("GhostActivity", result.FailureDetails.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_that_does_not_deserialize_fails_the_instance_with_the_reason()
    {
        await using var kind = NewStoreKind();
        await using var host = await TestHost.StartAsync(await kind.CreateStoreAsync(), r => r
            .AddOrchestratorFunc<Order, int>("TakeOrder", (_, order) => Task.FromResult(order.Quantity)));

        var result = await host.RunAsync("TakeOrder", new { quantity = "many" });

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("System.Text.Json.JsonException", result.FailureDetails!.ErrorType);
    }

    [Fact]
    public async Task Custom_status_over_16_KB_fails_the_instance_with_the_limit_in_the_message()
    {
        await using var kind = NewStoreKind();
        await using var host = await TestHost.StartAsync(await kind.CreateStoreAsync(), r => r
            .AddOrchestratorFunc<object?, int>("Chatty", (ctx, _) =>
            {
                ctx.SetCustomStatus(new string('x', 17 * 1024));
                return Task.FromResult(1);
            }));

        var result = await host.RunAsync("Chatty");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("16 KB", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\tinside")]
    [InlineData("line\nbreak")]
    public async Task Start_with_an_invalid_instance_id_is_refused_and_creates_nothing(string instanceId)
    {
        await using var kind = NewStoreKind();
        var client = BareClient(await kind.CreateStoreAsync());

        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.ScheduleNewOrchestrationInstanceAsync("Hello", null, new StartOrchestrationOptions(instanceId)));

        Assert.Empty((await client.GetAllInstancesAsync()).Instances);
    }

    [Fact]
    public async Task Start_with_an_instance_id_over_256_characters_is_refused()
    {
        await using var kind = NewStoreKind();
        var client = BareClient(await kind.CreateStoreAsync());

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.ScheduleNewOrchestrationInstanceAsync("Hello", null, new StartOrchestrationOptions(new string('a', 257))));

        Assert.Contains("257", error.Message, StringComparison.Ordinal);
        Assert.Empty((await client.GetAllInstancesAsync()).Instances);
    }

    [Fact]
    public async Task Orchestrator_awaiting_a_non_durable_task_fails_instead_of_hanging()
    {
        await using var kind = NewStoreKind();
        await using var host = await TestHost.StartAsync(await kind.CreateStoreAsync(), r => r
            .AddOrchestratorFunc<object?, int>("Sleepy", async (_, _) =>
            {
                await Task.Delay(10);
                return 1;
            }));

        var result = await host.RunAsync("Sleepy");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("OrchestratorAwaitedNonDurableTask", result.FailureDetails!.ErrorType);
    }

    [Fact]
    public async Task History_over_the_limit_fails_the_instance_and_points_to_ContinueAsNew()
    {
        await using var kind = NewStoreKind();
        await using var host = await TestHost.StartAsync(await kind.CreateStoreAsync(), r =>
        {
            RegisterHello(r);
            r.AddOrchestratorFunc<object?, int>("Endless", async (ctx, _) =>
            {
                for (var i = 0; ; i++)
                {
                    await ctx.CallActivityAsync<string>("Echo", "again");
                }
            });
        }, o => o.MaxHistoryEvents = 20);

        var result = await host.RunAsync("Endless");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("ContinueAsNew", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raise_event_to_an_unknown_or_finished_instance_reports_it_and_stores_nothing()
    {
        await using var kind = NewStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, RegisterHello);
        var done = await host.RunAsync("Hello", new[] { "x" });

        var unknown = await host.Client.RaiseEventAsync("missing", "e", 1);
        var finished = await host.Client.RaiseEventAsync(done.InstanceId, "e", 1);

        Assert.Equal(Storage.MessageDelivery.InstanceNotFound, unknown);
        Assert.Equal(Storage.MessageDelivery.InstanceTerminal, finished);
        Assert.Null(await host.Client.GetInstanceAsync("missing"));
    }
}
