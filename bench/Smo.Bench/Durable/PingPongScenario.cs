using Microsoft.DurableTask;

namespace Smo.Bench.Durable;

/// <summary>
/// Two instances bouncing external events: each event is one episode that consumes it and sends the next one, so
/// this measures the event round trip (send, wake-up, claim, replay, checkpoint) without activities.
/// </summary>
internal sealed class PingPongScenario(int events) : IDurableScenario
{
    public const string ScenarioName = "pingpong";

    private const string Orchestrator = "PingPongPlayer";
    private const string PongId = "pong";
    private const string PingId = "ping";
    private const string PingEvent = "ping";
    private const string PongEvent = "pong";
    private const int FirstEvent = 1;

    /// <summary>Events one execution handles before ContinueAsNew, so history (and replay) stays bounded.</summary>
    private const int EventsPerExecution = 100;

    public string Name => ScenarioName;

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["events"] = events,
        ["eventsPerExecution"] = EventsPerExecution,
    };

    public void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<PingPongPlayer, int>(Orchestrator, async (context, player) =>
        {
            for (var handled = 0; handled < EventsPerExecution; handled++)
            {
                var number = await context.WaitForExternalEvent<int>(player.ReceiveEvent);
                if (number < player.LastEvent)
                {
                    context.SendEvent(player.PartnerId, player.SendEvent, number + 1);
                }

                // The partner handles the next number, so whoever receives or sends the last one is done.
                if (number + 1 >= player.LastEvent)
                {
                    return number;
                }
            }

            // Events the partner sent meanwhile must survive the restart, or the game stalls.
            context.ContinueAsNew(player, preserveUnprocessedEvents: true);
            return 0;
        });

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchHub hub, CancellationToken cancellationToken)
    {
        var client = hub.Client;
        await client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, new PingPongPlayer(PingId, PingEvent, PongEvent, events),
            new StartOrchestrationOptions(PongId), cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, new PingPongPlayer(PongId, PongEvent, PingEvent, events),
            new StartOrchestrationOptions(PingId), cancellationToken);
        // Starting the instances is not part of the game.
        await client.WaitForInstanceStartAsync(PongId, cancellationToken);
        await client.WaitForInstanceStartAsync(PingId, cancellationToken);

        var serve = TimeProvider.System.GetUtcNow();
        await client.RaiseEventAsync(PongId, PingEvent, FirstEvent, cancellationToken);
        var pong = await client.WaitForInstanceCompletionAsync(PongId, getInputsAndOutputs: true, cancellationToken);
        var ping = await client.WaitForInstanceCompletionAsync(PingId, getInputsAndOutputs: true, cancellationToken);

        InstanceChecks.RequireAllCorrect([pong, ping], 2, i => i.ReadOutputAs<int>() >= events - 1);
        var seconds = (Max(pong.LastUpdatedAt, ping.LastUpdatedAt) - serve).TotalSeconds;
        return [new($"{ScenarioName}_events_per_s", events / seconds, Units.EventsPerSecond)];
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
