using Smo.Simulator.Hosting;

namespace Smo.Simulator.Tests.Infrastructure;

/// <summary>
/// A fresh simulator per test (xUnit builds one instance per test) on the manual-clock
/// <see cref="TestScenarios"/> scenario, with a raw <see cref="Client"/> for wire assertions.
/// </summary>
public abstract class SimulatorTest(string podStartDelay = "5s") : IAsyncLifetime
{
    protected SimulatorHost Host { get; set; } = null!;

    protected SimulatorClient Client { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Host = await SimulatorHost.StartAsync(TestScenarios.Manual(podStartDelay));
        Client = new SimulatorClient(Host);
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
