using System.Text.Json;

namespace Smo.Hdag;

/// <summary><c>artifact</c>: the chart to install and the values to install it with.</summary>
/// <param name="OciImage">Chart reference handed to Helm (<c>oci://…</c> or a chart URL).</param>
/// <param name="ValuesOverwrite">Helm values as a JSON object; Smo adds its placement values to it at deploy time.</param>
public sealed record ServiceArtifact(string OciImage, JsonElement ValuesOverwrite)
{
    /// <summary>Where WOT virtual-object charts expect their chart values, inside <c>valuesOverwrite</c>.</summary>
    public const string WotChartValuesKey = "voChartOverwrite";

    /// <summary>The implementer of WOT virtual objects, as the IM spells it.</summary>
    public const string WotImplementer = "WOT";

    /// <summary><c>ociConfig.type</c>: App, VO or cVO.</summary>
    public string? Type { get; init; }

    /// <summary><c>ociConfig.implementer</c>: HELM or WOT (any case).</summary>
    public string? Implementer { get; init; }

    /// <summary><c>ociRun.name</c> and <c>ociRun.version</c>, e.g. HELM v3; informational.</summary>
    public string? RunnerName { get; init; }

    public string? RunnerVersion { get; init; }

    public bool IsWot => IsWotImplementer(Implementer);

    /// <summary>
    /// The key of <c>valuesOverwrite</c> that receives <c>clustersAffinity</c> and <c>serviceImportClusters</c>:
    /// <c>voChartOverwrite</c> for WOT charts (which nest their chart values there), null for the top level.
    /// </summary>
    public string? PlacementValuesKey => IsWot ? WotChartValuesKey : null;

    public static bool IsWotImplementer(string? implementer) => string.Equals(implementer, WotImplementer, StringComparison.OrdinalIgnoreCase);
}
