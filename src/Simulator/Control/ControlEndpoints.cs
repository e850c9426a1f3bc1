using Smo.Simulator.Faults;
using Smo.Simulator.Federation;
using Smo.Simulator.Scenarios;
using Smo.Simulator.Yaml;

namespace Smo.Simulator.Control;

/// <summary>The /sim control API for tests, the demo and the benchmarks: state, load, scale writes, time, reset and faults.</summary>
public static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapSimulationControl(this IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/sim");
        sim.MapGet("/state", (Simulation simulation) => TypedResults.Ok(simulation.Read(SnapshotBuilder.Build)));
        sim.MapPut("/load/{service}", SetLoad);
        sim.MapDelete("/load/{service}", (string service, Simulation simulation) =>
        {
            simulation.Write(state =>
            {
                var removed = state.LoadOverrides.Remove(service);
                state.ServicesChanged();
                return removed;
            });
            return TypedResults.NoContent();
        });
        sim.MapGet("/scale-writes", (Simulation simulation) => TypedResults.Ok(simulation.Read(state => state.ScaleWrites.All)));
        sim.MapPost("/advance", Advance);
        sim.MapPost("/reset", (Simulation simulation) =>
        {
            simulation.Reset();
            return TypedResults.NoContent();
        });
        sim.MapGet("/faults", (Simulation simulation) =>
            TypedResults.Ok(simulation.Read(state => state.Faults.All.Select(f => SnapshotBuilder.Fault(f, state.Clock.Elapsed)).ToList())));
        sim.MapPost("/faults", AddFaultAsync);
        sim.MapDelete("/faults", (Simulation simulation) =>
        {
            simulation.Write(state =>
            {
                state.Faults.Clear();
                return 0;
            });
            return TypedResults.NoContent();
        });
        sim.MapDelete("/faults/{id:int}", (int id, Simulation simulation) =>
            simulation.Write(state => state.Faults.Remove(id))
                ? Results.NoContent()
                : Results.Problem(detail: $"no fault with id {id}", statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    private static IResult SetLoad(string service, LoadRequest? request, Simulation simulation)
    {
        if (request?.Rate is not { } rate || !double.IsFinite(rate) || rate < 0)
        {
            return Results.Problem(detail: "body must be {\"rate\": <requests per second, a finite number ≥ 0>}", statusCode: StatusCodes.Status400BadRequest);
        }
        // The time the new load took effect, on the clock the scale writes are stamped with.
        var at = simulation.Write(state =>
        {
            // A service the workload model steps already (it has a Deployment or a workload) keeps its index.
            if (state.LoadOverrides.TryAdd(service, rate) && !WorkloadModel.Steps(state, service))
            {
                state.ServicesChanged();
            }
            state.LoadOverrides[service] = rate;
            return state.Now;
        });
        return Results.Ok(new { service, rate, at });
    }

    private static IResult Advance(AdvanceRequest? request, Simulation simulation)
    {
        if (request?.Seconds is not { } seconds || !double.IsFinite(seconds) || seconds < 0)
        {
            return Results.Problem(detail: "body must be {\"seconds\": <a finite number ≥ 0>}", statusCode: StatusCodes.Status400BadRequest);
        }
        simulation.Advance(TimeSpan.FromSeconds(seconds));
        return Results.Ok(new { elapsedSeconds = simulation.Read(state => state.LastStep.TotalSeconds) });
    }

    /// <summary>The body is a fault as a scenario lists it (YAML or JSON); its <c>at</c> counts from now.</summary>
    private static async Task<IResult> AddFaultAsync(HttpRequest request, Simulation simulation)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync(request.HttpContext.RequestAborted);
        try
        {
            var documents = YamlToJson.Documents(body, "request body");
            if (documents.Count != 1)
            {
                throw new ScenarioException("request body: expected exactly one fault object");
            }
            var field = new ScenarioField(documents[0].RootNode, "", "request body");
            var fault = simulation.Write(state =>
            {
                var spec = FaultParser.Parse(field, state.Clusters.Keys.ToHashSet(StringComparer.Ordinal));
                return SnapshotBuilder.Fault(state.Faults.Add(spec, state.Clock.Elapsed + spec.At), state.Clock.Elapsed);
            });
            return Results.Created($"/sim/faults/{fault.Id}", fault);
        }
        catch (Exception e) when (e is ScenarioException or YamlSyntaxException)
        {
            return Results.Problem(detail: e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid fault");
        }
    }
}
