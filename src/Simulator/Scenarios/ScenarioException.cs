namespace Smo.Simulator.Scenarios;

/// <summary>A scenario (or a fault posted to the control API) that cannot be used, saying where and why.</summary>
public sealed class ScenarioException(string message, Exception? inner = null) : Exception(message, inner);
