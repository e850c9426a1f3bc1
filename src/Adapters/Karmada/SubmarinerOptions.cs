using Smo.Adapters.Resilience;

namespace Smo.Adapters.Karmada;

/// <summary>
/// The Submariner broker whose <c>submariner.io/v1</c> clusters give pod and service CIDRs (section
/// <c>Smo:Submariner</c>). Optional: with no connection of its own the Karmada API server is asked.
/// </summary>
public sealed class SubmarinerOptions : KubernetesConnectionOptions
{
    public const string Section = "Smo:Submariner";

    public bool Enabled { get; set; }

    public string BrokerNamespace { get; set; } = "submariner-k8s-broker";

    public ResilienceOptions Resilience { get; set; } = new();
}
