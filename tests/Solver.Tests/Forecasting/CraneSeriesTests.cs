using System.Globalization;
using Smo.Solver.Forecasting;
using Xunit.Abstractions;

namespace Smo.Solver.Tests.Forecasting;

/// <summary>
/// Crane's production monitoring series, kept outside the repository in <c>../shared/data/crane/</c> (Apache-2.0, see
/// its README): the seasons found are checked against Crane's own test expectations, and the ensemble against
/// seasonal-naive. When the directory is absent (a user's clone), the tests say so in their output and on stderr
/// instead of failing.
/// </summary>
public sealed class CraneSeriesTests(ITestOutputHelper output)
{
    private const string UnknownDirectory = "../shared/data/crane";
    private const int Series = 16;

    /// <summary>Crane's <c>TestSignal_FindPeriod</c> expectations; the series it calls non-periodic are not asserted.</summary>
    private static readonly Dictionary<int, TimeSpan> ExpectedSeason = new()
    {
        [0] = TimeSpan.FromDays(1), [1] = TimeSpan.FromDays(1), [9] = TimeSpan.FromDays(1), [11] = TimeSpan.FromDays(1),
        [2] = TimeSpan.FromDays(7), [8] = TimeSpan.FromDays(7), [10] = TimeSpan.FromDays(7), [12] = TimeSpan.FromDays(7),
        [13] = TimeSpan.FromDays(7), [14] = TimeSpan.FromDays(7), [15] = TimeSpan.FromDays(7),
    };

    [Fact]
    public void Detect_finds_the_season_Crane_expects_on_each_periodic_series()
    {
        if (CraneDirectory() is not { } directory)
        {
            return;
        }

        var found = new Dictionary<int, TimeSpan>();
        foreach (var (input, expected) in ExpectedSeason)
        {
            // As upstream: only the last whole weeks (input0 holds 8 days, so one week).
            var series = Read(directory, input);
            var week = (int)(TimeSpan.FromDays(7) / series.Step);
            var whole = series.Values.Count / week * week;
            var season = Seasonality.Detect(series with { Values = series.Values.Skip(series.Values.Count - whole).ToArray() });
            found[input] = series.Step * season;
            output.WriteLine($"input{input}: {found[input].TotalDays} days (Crane: {expected.TotalDays})");
        }

        Assert.Equal(ExpectedSeason.OrderBy(e => e.Key), found.OrderBy(f => f.Key));
    }

    [Fact]
    public void Ensemble_beats_seasonal_naive_on_most_series()
    {
        if (CraneDirectory() is not { } directory)
        {
            return;
        }

        // Five-minute means, forecast five minutes ahead every four hours from the third day: the bench's set-up, thinned.
        var wins = 0;
        for (var input = 0; input < Series; input++)
        {
            var series = FiveMinuteMeans(Read(directory, input));
            var evaluation = RollingEvaluation.Evaluate(series, TimeSpan.FromMinutes(5), originEvery: 48);
            wins += evaluation.Ensemble < evaluation.SeasonalNaive ? 1 : 0;
            output.WriteLine($"input{input}: {evaluation}");
        }

        Assert.True(wins >= 0.8 * Series, $"the ensemble beat seasonal-naive on {wins} of {Series} series");
    }

    private string? CraneDirectory()
    {
        var directory = RepositoryRoot() is { } root ? Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "crane")) : null;
        if (directory is not null && Directory.Exists(directory))
        {
            return directory;
        }

        // The series are third-party files kept next to the repository, not in it: a clone without them still passes,
        // and says loudly what it could not check.
        output.WriteLine($"Crane series not found at {directory ?? UnknownDirectory}: the forecaster was NOT checked on real data.");
        Console.Error.WriteLine($"WARNING: Crane series not found at {directory ?? UnknownDirectory}; the forecaster was not checked on real data.");
        return null;
    }

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Smo.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>A <c>ts,value</c> file (Unix seconds, evenly spaced, no gaps) as a history.</summary>
    private static RateHistory Read(string directory, int input)
    {
        var rows = File.ReadLines(Path.Combine(directory, $"input{input}.csv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(','))
            .Select(cells => (Time: long.Parse(cells[0], CultureInfo.InvariantCulture), Value: double.Parse(cells[1], CultureInfo.InvariantCulture)))
            .ToArray();
        return new RateHistory(
            DateTimeOffset.FromUnixTimeSeconds(rows[0].Time), TimeSpan.FromSeconds(rows[1].Time - rows[0].Time), rows.Select(r => r.Value).ToArray());
    }

    private static RateHistory FiveMinuteMeans(RateHistory series)
    {
        var bucket = (int)(TimeSpan.FromMinutes(5) / series.Step);
        var means = series.Values.Chunk(bucket).Where(chunk => chunk.Length == bucket).Select(chunk => chunk.Average()).ToArray();
        return new RateHistory(series.Start, series.Step * bucket, means);
    }
}
