namespace Smo.Store.Forecasts;

/// <summary>A forecast series pushed from outside for one service: rates at strictly increasing times.</summary>
/// <param name="Source">Who made it, as the pusher names it; null when not said.</param>
public sealed record PushedForecast(string? Source, IReadOnlyList<ForecastPoint> Points)
{
    public const int MaxSourceLength = 200;

    internal void Validate(string parameter)
    {
        if (Source is { Length: > MaxSourceLength })
        {
            throw new ArgumentException($"The forecast's source has {Source.Length} characters; at most {MaxSourceLength} are allowed.", parameter);
        }

        if (Points is null || Points.Count == 0)
        {
            throw new ArgumentException("A pushed forecast needs at least one point.", parameter);
        }

        for (var i = 0; i < Points.Count; i++)
        {
            Require.NonNegative(Points[i].Rate, $"The rate of point {i}", parameter);
            if (i > 0 && Points[i].At <= Points[i - 1].At)
            {
                throw new ArgumentException($"Point {i} is not after point {i - 1}: a forecast's times must increase strictly.", parameter);
            }
        }
    }
}

/// <summary>The rate forecast for one time, requests/s.</summary>
public readonly record struct ForecastPoint(DateTimeOffset At, double Rate);

/// <summary>A pushed forecast as stored, with when it was pushed.</summary>
public sealed record PushedForecastRecord(string Graph, string Service, string? Source, DateTimeOffset PushedAt, IReadOnlyList<ForecastPoint> Points);

/// <summary>A pushed forecast's rate at one time, interpolated between the points around it.</summary>
public sealed record PushedRate(string Service, string? Source, DateTimeOffset PushedAt, double Rate);
