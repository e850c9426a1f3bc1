using Microsoft.DurableTask;

namespace Smo.Orchestrations.Samples;

/// <summary>
/// The Durable Functions "hello cities" sample: greets each city through an activity, in order. Used by the local
/// demo and the benchmarks to exercise the runtime end to end.
/// </summary>
[DurableTask(Name)]
public sealed class HelloCities : TaskOrchestrator<IReadOnlyList<string>?, IReadOnlyList<string>>
{
    public const string Name = nameof(HelloCities);

    /// <summary>The activity that greets one city: string → string.</summary>
    public const string SayHello = nameof(SayHello);

    public static readonly IReadOnlyList<string> DefaultCities = ["Tokyo", "Seattle", "London", "Lima", "Oslo"];

    public override async Task<IReadOnlyList<string>> RunAsync(TaskOrchestrationContext context, IReadOnlyList<string>? input)
    {
        var cities = input is { Count: > 0 } ? input : DefaultCities;
        var greetings = new List<string>();
        for (var i = 0; i < cities.Count; i++)
        {
            context.SetCustomStatus(new { greeted = i, of = cities.Count });
            greetings.Add(await context.CallActivityAsync<string>(SayHello, cities[i]));
        }

        context.SetCustomStatus(new { greeted = cities.Count, of = cities.Count });
        return greetings;
    }
}
