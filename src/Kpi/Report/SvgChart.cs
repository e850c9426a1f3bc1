using System.Globalization;
using System.Text;
using static System.Net.WebUtility;

namespace Smo.Kpi.Report;

/// <summary>
/// A line chart drawn as inline SVG (no script, no external file): time in days along x, one polyline per series
/// (<c>data-series</c> names it), axes with a few ticks, and a legend. Every text is HTML-encoded.
/// </summary>
public sealed class SvgChart(string title, string yLabel)
{
    private const int Width = 900;
    private const int Height = 260;
    private const int Left = 64;
    private const int Right = 170;
    private const int Top = 28;
    private const int Bottom = 36;

    /// <summary>More points than pixels only weigh the page down.</summary>
    private const int MaxPoints = 720;

    private readonly List<(string Name, string Colour, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Dashed)> _series = [];

    public SvgChart Line(string name, string colour, IReadOnlyList<double> xSeconds, IReadOnlyList<double> y, bool dashed = false)
    {
        _series.Add((name, colour, xSeconds, y, dashed));
        return this;
    }

    public string Render()
    {
        var points = _series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.Second)).ToList();
        var (xMax, yMax) = points.Count == 0 ? (1.0, 1.0) : (Math.Max(points.Max(p => p.First), 1), Math.Max(points.Max(p => p.Second), 1e-9));
        yMax = Nice(yMax);
        double X(double seconds) => Left + (seconds / xMax * (Width - Left - Right));
        double Y(double value) => Height - Bottom - (value / yMax * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{HtmlEncode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"16\" class=\"title\">{HtmlEncode(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Top - 6}\" class=\"axis\">{HtmlEncode(yLabel)}</text>");
        for (var i = 0; i <= 4; i++)
        {
            var value = yMax * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(value):0.#}\" y2=\"{Y(value):0.#}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(value) + 4:0.#}\" class=\"axis\" text-anchor=\"end\">{Format(value)}</text>");
        }

        var days = xMax / 86_400;
        var dayStep = days > 3 ? 1 : days > 0.5 ? 0.25 : 1.0 / 24;
        for (var day = 0.0; day <= days + 1e-9; day += dayStep)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(day * 86_400):0.#}\" y=\"{Height - Bottom + 16}\" class=\"axis\" text-anchor=\"middle\">{Format(day)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Width - Right) / 2}\" y=\"{Height - 4}\" class=\"axis\">days</text>");
        foreach (var (series, index) in _series.Select((s, i) => (s, i)))
        {
            var step = Math.Max(1, series.X.Count / MaxPoints);
            var line = string.Join(' ', Enumerable.Range(0, series.X.Count).Where(i => i % step == 0 && double.IsFinite(series.Y[i]))
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"{X(series.X[i]):0.#},{Y(series.Y[i]):0.#}")));
            svg.Append(CultureInfo.InvariantCulture,
                $"<polyline data-series=\"{HtmlEncode(series.Name)}\" fill=\"none\" stroke=\"{HtmlEncode(series.Colour)}\" stroke-width=\"1.4\"{(series.Dashed ? " stroke-dasharray=\"5 3\"" : "")} points=\"{line}\"/>");
            var legendY = Top + (index * 18);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 12}\" y=\"{legendY - 9}\" width=\"12\" height=\"4\" fill=\"{HtmlEncode(series.Colour)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 30}\" y=\"{legendY - 3}\" class=\"legend\">{HtmlEncode(series.Name)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    internal static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 || value == Math.Round(value) ? "0" : Math.Abs(value) >= 1 ? "0.##" : "0.###", CultureInfo.InvariantCulture);

    /// <summary>The axis' top: 1, 2 or 5 times a power of ten, at or above <paramref name="value"/>.</summary>
    private static double Nice(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(v => v >= value - 1e-12);
    }
}
