using System.Globalization;
using System.Text;

namespace Smo.Adapters.Prometheus;

/// <summary>Fills PromQL templates safely.</summary>
internal static class PromQl
{
    public static string Fill(string template, string service, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "a query window must be positive");
        }

        return template.Replace("${service}", EscapeString(service), StringComparison.Ordinal)
            .Replace("${window}", Duration(window), StringComparison.Ordinal);
    }

    /// <summary>A PromQL duration: whole seconds as <c>30s</c>, anything finer in milliseconds.</summary>
    public static string Duration(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)window.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)Math.Ceiling(window.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>Escapes text for a double-quoted PromQL string (also safe inside a regex matcher for plain names).</summary>
    public static string EscapeString(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                '\n' => @"\n",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
