namespace Smo.Simulator.Federation;

/// <summary>Integrates the workload every tick of real time, so /metrics moves even when nobody calls the API.</summary>
public sealed class SimulationTicker(Simulation simulation) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (simulation.Clock.Manual)
        {
            return;
        }
        using var timer = new PeriodicTimer(simulation.Scenario.Simulation.Tick);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            simulation.Tick();
        }
    }
}
