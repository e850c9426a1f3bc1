using Microsoft.Extensions.Options;

namespace Smo.Adapters.Karmada;

/// <summary>The Karmada API server.</summary>
public sealed class KarmadaApi(IOptions<KarmadaOptions> options)
    : KubernetesApi(ExternalSystem.Karmada, () => options.Value, () => options.Value.Resilience);
