namespace Smo.Adapters.Karmada;

/// <summary>
/// How to reach a Kubernetes API server: a kubeconfig file (and optionally one of its contexts), or a plain
/// <see cref="Host"/> URL (the simulator, a proxy) when no kubeconfig is given. The options of each API server
/// Smo talks to derive from it.
/// </summary>
public class KubernetesConnectionOptions
{
    public string? KubeconfigPath { get; set; }

    /// <summary>Context of the kubeconfig; its current context when empty.</summary>
    public string? Context { get; set; }

    public string? Host { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(KubeconfigPath) || !string.IsNullOrWhiteSpace(Host);

    public string Describe() =>
        !string.IsNullOrWhiteSpace(KubeconfigPath)
            ? $"kubeconfig {KubeconfigPath}" + (string.IsNullOrWhiteSpace(Context) ? "" : $" (context {Context})")
            : $"API server {Host}";
}
