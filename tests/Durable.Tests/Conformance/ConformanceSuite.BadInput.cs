using Grpc.Core;
using Smo.Durable.Tests.Infrastructure;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;
using EventType = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    public sealed record Order(int Quantity);

    // Smo's own worker asks only for what it registered, so there an unknown orchestrator or activity waits for a
    // worker that has it (SmoBackendHostsTests). A worker that sends no filters — the reference's, or another SDK's —
    // is handed everything, and the SDK fails what it cannot run; these tests make Smo's hosts such workers.
    private static void WithoutWorkItemFilters(BackendKind kind)
    {
        if (kind is SmoBackendKind smo)
        {
            smo.WorkItemFilters = false;
        }
    }

    [Fact]
    public async Task Instance_of_an_orchestrator_the_worker_does_not_have_fails_with_OrchestratorTaskNotFound()
    {
        await using var kind = NewBackend();
        WithoutWorkItemFilters(kind);
        await using var host = await kind.StartHostAsync(RegisterHello);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Ghost");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("OrchestratorTaskNotFound", result.FailureDetails!.ErrorType);
        Assert.Contains("'Ghost'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_of_an_activity_the_worker_does_not_have_fails_the_call_with_ActivityTaskNotFound()
    {
        await using var kind = NewBackend();
        WithoutWorkItemFilters(kind);
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("CallsGhost", async (ctx, _) => await ctx.CallActivityAsync<string>("GhostActivity")));

        var result = await host.RunAsync("CallsGhost");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("ActivityTaskNotFound", result.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("'GhostActivity'", result.FailureDetails.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_that_does_not_deserialize_fails_the_instance_with_the_reason()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<Order, int>("TakeOrder", (_, order) => order.Quantity));

        var result = await host.RunAsync("TakeOrder", new { Quantity = "many" });

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("System.Text.Json.JsonException", result.FailureDetails!.ErrorType);
        Assert.Contains("Quantity", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_status_over_the_limit_fails_the_instance_with_the_limit_in_the_message()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<object?, int>("Chatty", (ctx, _) =>
            {
                ctx.SetCustomStatus(new string('x', 17 * 1024));
                return 1;
            }));

        var result = await host.RunAsync("Chatty");

        if (kind is SmoBackendKind)
        {
            // Smo caps the custom status (BackendLimits.MaxCustomStatusLength, 16 KB): it is stored in the instance
            // row and returned by every status query, so an unbounded one would slow every poll of every client.
            Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
            Assert.Equal("OrchestrationLimitExceeded", result.FailureDetails!.ErrorType);
            Assert.Contains("custom status", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
            Assert.Contains("16384", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        }
        else
        {
            // The reference keeps any size.
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        }
    }

    [Theory]
    [InlineData("tab\tinside")]
    [InlineData("line\nbreak")]
    public async Task Start_with_an_instance_id_holding_control_characters_is_refused_and_creates_nothing(string instanceId)
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterHello);

        var refusal = await Record.ExceptionAsync(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Hello", Array.Empty<string>(), new StartOrchestrationOptions(instanceId)));

        if (kind is SmoBackendKind)
        {
            // Smo checks ids before it stores anything: ids travel in URLs, logs and the management API, where control
            // characters do harm.
            Assert.Contains("control characters", Assert.IsType<ArgumentException>(refusal).Message, StringComparison.Ordinal);
            Assert.Empty(await host.ListAsync());
        }
        else
        {
            // The reference takes any string as an instance id.
            Assert.Null(refusal);
        }
    }

    [Fact]
    public async Task Start_with_an_instance_id_over_256_characters_is_refused()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterHello);

        var refusal = await Record.ExceptionAsync(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Hello", Array.Empty<string>(), new StartOrchestrationOptions(new string('a', 257))));

        if (kind is SmoBackendKind)
        {
            // Smo bounds ids (InstanceIds.MaxLength), as Durable Functions' storage providers do, so every index and
            // URL that holds one stays bounded.
            Assert.Contains("257 characters", Assert.IsType<ArgumentException>(refusal).Message, StringComparison.Ordinal);
            Assert.Empty(await host.ListAsync());
        }
        else
        {
            Assert.Null(refusal);
        }
    }

    [Fact]
    public async Task Start_with_an_empty_instance_id_is_given_a_new_id()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterHello);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Hello", Array.Empty<string>(), new StartOrchestrationOptions(""));

        if (kind is SmoBackendKind)
        {
            // The protocol cannot tell an empty id from an absent one, and other SDKs leave it out to ask for a new one.
            Assert.NotEqual("", id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.WaitAsync(id)).RuntimeStatus);
        }
        else
        {
            // The reference stores the instance under the empty id.
            Assert.Equal("", id);
        }
    }

    [Fact]
    public async Task Orchestrator_awaiting_a_non_durable_task_stays_running_with_nothing_scheduled()
    {
        // The SDK's replay engine does not notice such an await (Smo's former engine failed the instance with
        // OrchestratorAwaitedNonDurableTask): the episode ends with nothing scheduled and the instance waits for
        // ever. Only the determinism rules (durable-runtime.md) prevent it; no backend can see it.
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<object?, int>("Sleepy", async (ctx, _) =>
            {
                ctx.SetCustomStatus("before the delay");
                // Long enough to end after the episode: a short delay that ends while the SDK is still closing the
                // episode on a loaded machine completes the orchestration instead (seen once in CI with 10 ms).
                await Task.Delay(TimeSpan.FromMinutes(1));
                return 1;
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sleepy");
        await host.UntilCustomStatusAsync(id, "before the delay");
        await host.SettleAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Running, await host.StatusAsync(id));
        if (host.Store is not null)
        {
            Assert.DoesNotContain(await host.HistoryAsync(id), e =>
                e.EventTypeCase is EventType.TaskScheduled or EventType.TimerCreated or EventType.ExecutionCompleted);
        }
    }

    [Fact]
    public async Task Raise_event_to_an_unknown_or_finished_instance_reports_it_and_stores_nothing()
    {
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(RegisterHello);
        var done = await host.RunAsync("Hello", new[] { "x" });

        var unknown = await Record.ExceptionAsync(() => host.Client.RaiseEventAsync("missing", "e", 1));
        var finished = await Record.ExceptionAsync(() => host.Client.RaiseEventAsync(done.InstanceId, "e", 1));

        Assert.Null(await host.Client.GetInstanceAsync("missing"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await host.StatusAsync(done.InstanceId));
        if (kind is SmoBackendKind)
        {
            // Smo tells the caller, as Durable Functions' HTTP API does (404 unknown, 410 finished); the SDK's client
            // passes the protocol's status on as an RpcException.
            Assert.Equal(StatusCode.NotFound, Assert.IsType<RpcException>(unknown).StatusCode);
            Assert.Equal(StatusCode.FailedPrecondition, Assert.IsType<RpcException>(finished).StatusCode);
        }
        else
        {
            // The reference drops both events without a word.
            Assert.Null(unknown);
            Assert.Null(finished);
        }
    }
}
