using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;
using EventType = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;

namespace Smo.Durable.Tests.Conformance;

public abstract partial class ConformanceSuite
{
    private static RetryPolicy ThreeQuickAttempts() => new(3, TimeSpan.FromMilliseconds(50), backoffCoefficient: 2);

    [Fact]
    public async Task Retry_policy_retries_a_failing_activity_after_durable_timers_until_it_succeeds()
    {
        var attempts = 0;
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<object?, string>("Flaky", (_, _) => Interlocked.Increment(ref attempts) < 3 ? throw new IOException("not yet") : "finally")
            .AddOrchestratorFunc<object?, string>("Patient", async (ctx, _) =>
                await ctx.CallActivityAsync<string>("Flaky", null, new TaskOptions(ThreeQuickAttempts()))));

        var result = await host.RunAsync("Patient");

        Assert.Equal("finally", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
        if (host.Store is not null)
        {
            var history = await host.HistoryAsync(result.InstanceId);
            Assert.Equal(2, history.Count(e => e.EventTypeCase == EventType.TaskFailed));
            Assert.Equal(2, history.Count(e => e.EventTypeCase == EventType.TimerCreated));
        }
    }

    [Fact]
    public async Task Retry_policy_gives_up_after_its_attempts_or_when_the_failure_is_not_handled()
    {
        var attempts = new ConcurrentDictionary<string, int>();
        await using var kind = NewBackend();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<string, string>("Broken", string (TaskActivityContext _, string mode) =>
            {
                attempts.AddOrUpdate(mode, 1, (_, n) => n + 1);
                throw mode == "fatal" ? new InvalidOperationException("do not retry") : new IOException("transient");
            })
            .AddOrchestratorFunc<string, string>("GivesUp", async (ctx, mode) =>
                await ctx.CallActivityAsync<string>("Broken", mode, new TaskOptions(new RetryPolicy(3, TimeSpan.FromMilliseconds(50), backoffCoefficient: 2)
                {
                    HandleFailure = failure => !failure.IsCausedBy<InvalidOperationException>(),
                }))));

        var exhausted = await host.RunAsync("GivesUp", "transient");
        var unhandled = await host.RunAsync("GivesUp", "fatal");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, exhausted.RuntimeStatus);
        Assert.Equal(3, attempts["transient"]);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, unhandled.RuntimeStatus);
        Assert.Equal(1, attempts["fatal"]);
    }

    [Fact]
    public async Task Replay_safe_logger_writes_each_line_once_across_replays()
    {
        var lines = new ConcurrentQueue<string>();
        await using var kind = NewBackend();
        kind.Logs = new CollectingLoggerProvider(lines);
        await using var host = await kind.StartHostAsync(r =>
        {
            RegisterHello(r);
            r.AddOrchestratorFunc<object?, int>("Chatty", async (ctx, _) =>
            {
                var logger = ctx.CreateReplaySafeLogger("Chatty");
                for (var step = 0; step < 3; step++)
                {
                    logger.LogInformation("step {Step}", step);
                    await ctx.CallActivityAsync<string>("Echo", "x");
                }

                return 3;
            });
        });

        var result = await host.RunAsync("Chatty");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["step 0", "step 1", "step 2"], lines.Where(l => l.StartsWith("step", StringComparison.Ordinal)));
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CollectingLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class CollectingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
