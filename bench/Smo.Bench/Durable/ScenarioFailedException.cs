namespace Smo.Bench.Durable;

/// <summary>A scenario's instances did not all end as expected; its figures would measure failures, so none are reported.</summary>
internal sealed class ScenarioFailedException(string message) : Exception(message);
