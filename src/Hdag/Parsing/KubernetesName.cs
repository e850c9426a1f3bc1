using System.Text.RegularExpressions;

namespace Smo.Hdag.Parsing;

/// <summary>Ids become Kubernetes and Helm names, so they must be DNS-1123 labels; better refused here than by Helm mid-deploy.</summary>
internal static partial class KubernetesName
{
    /// <summary>Helm release names are limited to 53 characters.</summary>
    public const int MaxServiceIdLength = 53;

    /// <summary>Graph ids end up in labels and URLs: a DNS label's 63 characters.</summary>
    public const int MaxGraphIdLength = 63;

    public static string Expected(int maxLength) =>
        $"a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most {maxLength} characters";

    /// <summary>Reads a required id, reporting one that is missing or not a valid name.</summary>
    public static string? Read(Field field, int maxLength)
    {
        var id = field.AsString(required: true, Expected(maxLength));
        if (id is not null && (id.Length > maxLength || !Label().IsMatch(id)))
        {
            field.Error($"'{id}'", Expected(maxLength));
            return null;
        }

        return id;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
