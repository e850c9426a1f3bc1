using System.Text.Json;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>What a fuzzing run counted; written as JSON to <c>SMO_FUZZ_FIGURES</c> for <c>bench/run.sh fuzz</c>.</summary>
public sealed class FuzzFigures
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public ulong Seed { get; init; }

    public int From { get; init; }

    public int Inputs { get; set; }

    /// <summary>Answers with a status of 500 or more.</summary>
    public int Status5xx { get; set; }

    /// <summary>2xx answers.</summary>
    public int Accepted { get; set; }

    /// <summary>4xx answers.</summary>
    public int Rejected { get; set; }

    /// <summary>1xx and 3xx answers (the console's redirect to its trailing slash).</summary>
    public int Other { get; set; }

    /// <summary>Requests that got no answer in time, or whose connection failed.</summary>
    public int NoAnswer { get; set; }

    public int UnhandledExceptions { get; set; }

    /// <summary>Items of state changed by no accepted request.</summary>
    public int StateViolations { get; set; }

    public int RefusedByDesignAccepted { get; set; }

    public int HealthFailures { get; set; }

    public int SentinelGraphs { get; init; }

    public int Batches { get; set; }

    public double DurationSeconds { get; set; }

    public double InputsPerSecond => DurationSeconds > 0 ? Inputs / DurationSeconds : 0;

    public string Examples { get; init; } = "";

    /// <summary>Family → status → count.</summary>
    public SortedDictionary<string, SortedDictionary<int, int>> Statuses { get; } = new(StringComparer.Ordinal);

    public void Count(string family, int status)
    {
        Inputs++;
        switch (status)
        {
            case 0:
                NoAnswer++;
                break;
            case >= 500:
                Status5xx++;
                break;
            case >= 400:
                Rejected++;
                break;
            case >= 200 and < 300:
                Accepted++;
                break;
            default:
                Other++;
                break;
        }

        var byStatus = Statuses.TryGetValue(family, out var known) ? known : Statuses[family] = [];
        byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public override string ToString() =>
        $"{Inputs} inputs in {DurationSeconds:0.0} s ({InputsPerSecond:0} /s), seed {Seed} from {From}: {Accepted} accepted, {Rejected} rejected, "
        + $"{Status5xx} 5xx, {Other} other, {NoAnswer} unanswered; {UnhandledExceptions} unhandled exceptions, {StateViolations} state changes by refused requests, "
        + $"{RefusedByDesignAccepted} accepted that must be refused, {HealthFailures} health failures; {SentinelGraphs} sentinel graphs; {Batches} batches\n"
        + string.Join('\n', Statuses.Select(f => $"  {f.Key,-11} " + string.Join(", ", f.Value.Select(s => $"{s.Key}: {s.Value}"))));
}
