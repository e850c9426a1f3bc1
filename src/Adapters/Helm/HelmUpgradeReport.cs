using System.Globalization;
using System.Text.RegularExpressions;

namespace Smo.Adapters.Helm;

/// <summary>
/// What <c>helm upgrade --install</c> prints on success (its table output: <c>NAME</c>, <c>LAST DEPLOYED</c>,
/// <c>NAMESPACE</c>, <c>STATUS</c>, <c>REVISION</c> lines): the revision the upgrade made, which tells Smo's own
/// revisions from those made outside it.
/// </summary>
public static partial class HelmUpgradeReport
{
    /// <summary>The number of the <c>REVISION:</c> line; null when helm printed none.</summary>
    public static int? Revision(string stdout)
    {
        var line = RevisionLine().Match(stdout);
        return line.Success && int.TryParse(line.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision >= 1
            ? revision
            : null;
    }

    [GeneratedRegex(@"^REVISION:[ \t]*([0-9]{1,9})[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex RevisionLine();
}
