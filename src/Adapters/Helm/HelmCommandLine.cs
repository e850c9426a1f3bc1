using System.Globalization;
using System.Text.RegularExpressions;

namespace Smo.Adapters.Helm;

/// <summary>
/// The argument lists of helm commands (passed as argv, never through a shell). Flags first, then <c>--</c>, then
/// the positional arguments: whatever a release name or chart reference holds, helm never reads it as a flag.
/// </summary>
internal static partial class HelmCommandLine
{
    public static IReadOnlyList<string> UpgradeInstall(HelmRelease release, string valuesFile, HelmOptions options)
    {
        var arguments = new List<string> { "upgrade", "--install" };
        if (!string.IsNullOrWhiteSpace(release.Version))
        {
            arguments.AddRange(["--version", release.Version]);
        }

        arguments.AddRange(["--values", valuesFile, "--namespace", release.Namespace, "--create-namespace"]);
        if (options.PlainHttp)
        {
            arguments.Add("--plain-http");
        }

        if (options.Wait)
        {
            arguments.Add("--wait");
        }

        if (!string.IsNullOrEmpty(release.Description))
        {
            arguments.AddRange(["--description", release.Description]);
        }

        arguments.AddRange(["--timeout", Duration(options.Timeout)]);
        AddConnection(arguments, options);
        arguments.AddRange(["--", release.Name, release.Chart]);
        return arguments;
    }

    public static IReadOnlyList<string> Uninstall(string release, string @namespace, HelmOptions options)
    {
        var arguments = new List<string> { "uninstall", "--namespace", @namespace, "--timeout", Duration(options.Timeout) };
        AddConnection(arguments, options);
        arguments.AddRange(["--", release]);
        return arguments;
    }

    /// <summary><c>helm rollback</c> to an explicit revision (never 0, which helm reads as "the one before").</summary>
    public static IReadOnlyList<string> Rollback(string release, string @namespace, int revision, HelmOptions options)
    {
        var arguments = new List<string> { "rollback", "--namespace", @namespace, "--timeout", Duration(options.Timeout) };
        if (options.Wait)
        {
            arguments.Add("--wait");
        }

        AddConnection(arguments, options);
        arguments.AddRange(["--", release, revision.ToString(CultureInfo.InvariantCulture)]);
        return arguments;
    }

    /// <summary>The releases of <paramref name="names"/> (valid release names, so no regex escaping is needed) in any state.</summary>
    public static IReadOnlyList<string> List(IReadOnlyList<string> names, string @namespace, HelmOptions options)
    {
        var arguments = new List<string>
        {
            "list", "--namespace", @namespace, "--all", "--max", "0", "--output", "json", "--filter", $"^({string.Join('|', names)})$",
        };
        AddConnection(arguments, options);
        return arguments;
    }

    public static IReadOnlyList<string> Status(string release, string @namespace, HelmOptions options)
    {
        var arguments = new List<string> { "status", "--namespace", @namespace, "--output", "json" };
        AddConnection(arguments, options);
        arguments.AddRange(["--", release]);
        return arguments;
    }

    /// <exception cref="ArgumentException">A name helm or Kubernetes would refuse.</exception>
    public static void ValidateNames(string release, string @namespace)
    {
        // Helm release names: DNS-1123 subdomain-like, at most 53 characters.
        if (release.Length is 0 or > 53 || !Dns1123().IsMatch(release))
        {
            throw new ArgumentException($"'{release}' is not a valid Helm release name (lowercase letters, digits and '-', at most 53 characters)", nameof(release));
        }

        if (@namespace.Length is 0 or > 63 || !Dns1123().IsMatch(@namespace))
        {
            throw new ArgumentException($"'{@namespace}' is not a valid namespace (lowercase letters, digits and '-', at most 63 characters)", nameof(@namespace));
        }
    }

    /// <summary>A Go duration as helm parses it: <c>5m0s</c>, <c>90s</c>.</summary>
    public static string Duration(TimeSpan timeout) =>
        ((long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private static void AddConnection(List<string> arguments, HelmOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.KubeconfigPath))
        {
            arguments.AddRange(["--kubeconfig", options.KubeconfigPath]);
        }

        if (!string.IsNullOrWhiteSpace(options.KubeContext))
        {
            arguments.AddRange(["--kube-context", options.KubeContext]);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123();
}
