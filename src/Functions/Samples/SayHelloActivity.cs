using Microsoft.Azure.Functions.Worker;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Samples;

/// <summary>The activity of the <see cref="HelloCities"/> sample.</summary>
public static class SayHelloActivity
{
    [Function(HelloCities.SayHello)]
    public static string Run([ActivityTrigger] string city) => $"Hello, {city}!";
}
