using Microsoft.Extensions.Options;

namespace Smo.Adapters.Karmada;

/// <summary>The API server of the Submariner broker: its own connection when configured, else Karmada's.</summary>
public sealed class SubmarinerApi(IOptions<SubmarinerOptions> submariner, IOptions<KarmadaOptions> karmada)
    : KubernetesApi(ExternalSystem.Submariner,
        () => submariner.Value.IsConfigured ? submariner.Value : karmada.Value,
        () => submariner.Value.Resilience);
