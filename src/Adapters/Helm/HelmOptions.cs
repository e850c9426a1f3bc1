using System.ComponentModel.DataAnnotations;

namespace Smo.Adapters.Helm;

/// <summary>The helm CLI and the flags every release operation gets (section <c>Smo:Helm</c>).</summary>
public sealed class HelmOptions
{
    public const string Section = "Smo:Helm";

    /// <summary>The helm binary: a path, or a name looked up on PATH.</summary>
    [Required]
    public string BinaryPath { get; set; } = "helm";

    /// <summary>The Karmada kubeconfig helm installs through.</summary>
    public string? KubeconfigPath { get; set; }

    public string? KubeContext { get; set; }

    /// <summary>Pull charts from OCI registries over plain HTTP (<c>--plain-http</c>; the original's INSECURE_REGISTRY).</summary>
    public bool PlainHttp { get; set; }

    /// <summary>helm's own <c>--timeout</c> for the operation.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wait until the release's resources are ready (<c>--wait</c>).</summary>
    public bool Wait { get; set; }

    /// <summary>Time the process gets beyond <see cref="Timeout"/> before it is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan KillGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a command that failed for a transient reason (cluster unreachable, operation in progress).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Transient failures (after retries) within <see cref="BreakerSamplingDuration"/> that open the circuit, at a failure ratio of one half.</summary>
    [Range(2, 1000)]
    public int BreakerMinimumThroughput { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an open circuit refuses to start helm before letting one command through again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
