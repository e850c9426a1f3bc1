namespace Smo.Simulator.Federation;

/// <summary>A taint on a Karmada Cluster (<c>spec.taints[]</c>, a core/v1 Taint).</summary>
/// <param name="Value">Empty when the taint has none (omitted on the wire).</param>
/// <param name="Added">When it was put on, in simulated time (its <c>timeAdded</c>).</param>
public sealed record ClusterTaint(string Key, string Value, string Effect, TimeSpan Added)
{
    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>What Karmada's cluster taint validation accepts (<c>validateClusterTaintEffect</c>).</summary>
    public static readonly IReadOnlyList<string> Effects = [NoSchedule, NoExecute];

    /// <summary>As corev1 <c>Taint.ToString</c> prints it, in Karmada's scheduler messages: <c>key=value:effect</c>.</summary>
    public override string ToString() => Value.Length == 0 ? $"{Key}:{Effect}" : $"{Key}={Value}:{Effect}";
}
