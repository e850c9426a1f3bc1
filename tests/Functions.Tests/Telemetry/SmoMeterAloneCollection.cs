namespace Smo.Functions.Tests.Telemetry;

/// <summary>
/// Tests that read what a host's exporter exports run with no other host alive: OpenTelemetry subscribes to meters by
/// name, process-wide, so every test host's <c>Smo</c> meter would reach every other host's <c>/metrics</c> (one host
/// per process, as in production, never meets this).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SmoMeterAloneCollection
{
    public const string Name = "Smo meter alone in the process";
}
