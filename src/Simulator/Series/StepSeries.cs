namespace Smo.Simulator.Series;

/// <summary>Piecewise constant: each step holds its value from its start until the next step; 0 before the first.</summary>
public sealed record StepSeries(IReadOnlyList<(TimeSpan At, double Value)> Steps) : ISeries
{
    public double ValueAt(TimeSpan elapsed)
    {
        var value = 0.0;
        foreach (var (at, stepValue) in Steps)
        {
            if (at > elapsed)
            {
                break;
            }
            value = stepValue;
        }
        return value;
    }

    public string Describe() => $"{Steps.Count} steps";
}
