using System.Globalization;
using System.Text;

namespace Smo.Adapters.Prometheus;

/// <summary>Fills PromQL templates safely.</summary>
internal static class PromQl
{
    /// <summary>RE2's metacharacters (Go's <c>regexp.QuoteMeta</c> escapes exactly these).</summary>
    private const string RegexMetacharacters = @"\.+*?()|[]{}^$";

    public static string Fill(string template, string service, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        return WithWindow(template.Replace("${service}", EscapeString(service), StringComparison.Ordinal), window);
    }

    /// <summary>
    /// Fills <c>${services}</c> and <c>${namespaces}</c> with regexes that match exactly the names and namespaces
    /// asked — each regex-escaped, the alternation then escaped for the double-quoted string it sits in — and
    /// <c>${window}</c> with the range. Prometheus anchors regex matchers at both ends, so <c>a|b</c> matches <c>a</c>
    /// and <c>b</c> and nothing else.
    /// </summary>
    public static string FillServices(string template, IReadOnlyCollection<ScopedService> services, TimeSpan window)
    {
        if (services.Count == 0 || services.Any(s => string.IsNullOrWhiteSpace(s.Service) || string.IsNullOrWhiteSpace(s.Namespace)))
        {
            throw new ArgumentException("a services query needs at least one service, and no empty names or namespaces", nameof(services));
        }

        return WithWindow(template
            .Replace(PrometheusOptions.ServicesPlaceholder, Alternation(services.Select(s => s.Service)), StringComparison.Ordinal)
            .Replace(PrometheusOptions.NamespacesPlaceholder, Alternation(services.Select(s => s.Namespace)), StringComparison.Ordinal), window);
    }

    /// <summary><paramref name="template"/> asking for every service of every namespace (both regexes <c>.+</c>).</summary>
    public static string FillAnyService(string template, TimeSpan window) =>
        WithWindow(template
            .Replace(PrometheusOptions.ServicesPlaceholder, ".+", StringComparison.Ordinal)
            .Replace(PrometheusOptions.NamespacesPlaceholder, ".+", StringComparison.Ordinal), window);

    private static string Alternation(IEnumerable<string> names) =>
        EscapeString(string.Join('|', names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(EscapeRegex)));

    private static string WithWindow(string promql, TimeSpan window) =>
        promql.Replace("${window}", Duration(Positive(window)), StringComparison.Ordinal);

    /// <summary>A PromQL duration: whole seconds as <c>30s</c>, anything finer in milliseconds.</summary>
    public static string Duration(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)window.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)Math.Ceiling(window.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>Escapes text for a double-quoted PromQL string (Go escapes; control characters as <c>\u00XX</c>).</summary>
    public static string EscapeString(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    escaped.Append(@"\\");
                    break;
                case '"':
                    escaped.Append("\\\"");
                    break;
                case '\n':
                    escaped.Append(@"\n");
                    break;
                case < ' ' or '\u007f':
                    escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>Escapes RE2's metacharacters, so the name matches itself only.</summary>
    public static string EscapeRegex(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (RegexMetacharacters.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static TimeSpan Positive(TimeSpan window) =>
        window > TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window), window, "a query window must be positive");
}
