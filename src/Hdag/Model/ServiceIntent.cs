using System.Text.Json.Serialization;

namespace Smo.Hdag;

/// <summary><c>deployment.intent</c>: what the service needs and whom it talks to.</summary>
/// <param name="ConnectionPoints">Services this one connects to; they drive service imports and communication edges.</param>
public sealed record ServiceIntent(ComputeIntent Compute, NetworkIntent Network, IReadOnlyList<string> ConnectionPoints)
{
    /// <summary><c>intent.highAvailability</c>: clusters to run on and the recovery policy.</summary>
    public ServiceAvailability Availability { get; init; } = ServiceAvailability.None;
}

/// <summary><c>intent.network</c>.</summary>
/// <param name="DeviceProximity">Only meaningful for virtual objects (enables TSN).</param>
/// <param name="Links">The <c>latencies</c> entries that name a connection point.</param>
public sealed record NetworkIntent(bool DeviceProximity, IReadOnlyList<LinkIntent> Links)
{
    public static NetworkIntent None { get; } = new(false, []);
}

/// <summary>A <c>latencies</c> entry: the latency class and (extension) relative traffic towards one connection point.</summary>
public sealed record LinkIntent(string ConnectionPoint, LatencyClass Latency, double TrafficWeight = LinkIntent.DefaultTrafficWeight)
{
    public const double DefaultTrafficWeight = 1;
}

/// <summary>The <c>qos</c> of a link: <c>ultralow</c> (under 10 ms), <c>low</c> (one hop at most), <c>best-effort</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LatencyClass>))]
public enum LatencyClass
{
    BestEffort,
    Low,
    UltraLow,
}
