using System.Globalization;

namespace Smo.Simulator.Series;

public sealed record ConstantSeries(double Value) : ISeries
{
    public double ValueAt(TimeSpan elapsed) => Value;

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"constant {Value}");
}
