using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Faults;

/// <summary>
/// Applies the faults in force to each request before it reaches the API: delay, fail with a Status, hang, or let
/// another writer change the addressed object first.
/// </summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, Simulation simulation, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        var effect = simulation.ReadRecent(state => state.Faults.Decide(path, method, state.Clock.Elapsed));
        if (effect.IsNone)
        {
            await next(context);
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            if (effect.Delay > TimeSpan.Zero)
            {
                await Task.Delay(effect.Delay, stop.Token);
            }
            if (effect.Hang)
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return;
        }
        if (effect.ConcurrentWriteFault is { } writer)
        {
            simulation.Write(state => ConcurrentWriter.Write(state, path, writer));
        }
        if (effect.ErrorStatus is { } status)
        {
            await KubernetesEndpoints.Json(StatusObjects.InjectedError(status, $"fault {string.Join(",", effect.FaultIds)} injected by the simulator"))
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
