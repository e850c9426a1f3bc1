using System.Text.Json;
using System.Text.Json.Serialization;
using Smo.Kpi.Series;

namespace Smo.Kpi.Scenarios;

/// <summary>
/// A scenario descriptor (<c>bench/kpi/*.json</c>): the graph, the clusters, and which trace or carbon file feeds each
/// — resolved against a data folder (<c>../shared/data</c>). When any file it names is missing, every series of the
/// scenario is synthetic instead (<see cref="SyntheticSeries"/>), so one scenario never mixes the two, and
/// <see cref="KpiScenario.Data"/> says which was used.
/// </summary>
public static class ScenarioFile
{
    public const long MaxBytes = 64 * 1024;

    /// <summary>The load series' step: the crane files' own; the ELB trace (5 min) is held over five of them.</summary>
    private static readonly TimeSpan LoadStep = TimeSpan.FromMinutes(1);

    /// <summary>The carbon series' step: the German file's own; the others' 30-min values are held over two.</summary>
    private static readonly TimeSpan CarbonStep = TimeSpan.FromMinutes(15);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <param name="days">The measured window in days; null: the descriptor's.</param>
    public static KpiScenario Load(string path, string dataDirectory, double? days = null)
    {
        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new InvalidDataException($"{path}: more than {MaxBytes} bytes.");
        }

        ScenarioDescriptor descriptor;
        try
        {
            descriptor = JsonSerializer.Deserialize<ScenarioDescriptor>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty.");
        }
        catch (JsonException bad)
        {
            throw new InvalidDataException($"{path}: {bad.Message}", bad);
        }

        descriptor.Check(path);
        var duration = TimeSpan.FromDays(days ?? descriptor.Days);
        var history = TimeSpan.FromDays(descriptor.HistoryDays);
        var files = descriptor.Services.Select(s => s.Load.File).Concat(descriptor.Clusters.Select(c => c.Carbon.File)).OfType<string>().ToList();
        var shared = files.Count > 0 && files.All(f => File.Exists(Path.Combine(dataDirectory, f)));
        var data = new SeriesSource(dataDirectory, shared, history, duration, descriptor.CarbonStart);
        return new KpiScenario(
            descriptor.Name,
            [.. descriptor.Services.Select((s, i) => new KpiService(s.Name, s.Cpu, s.MemoryGiB, s.Alpha, s.Beta, s.MinReplicas, s.MaxReplicas, data.Load(s.Load, i)))],
            [.. descriptor.Clusters.Select((c, i) => new KpiCluster(c.Name, c.Region, c.Cpu, c.MemoryGiB, c.Pue, c.IdleWattsPerCore, c.MaxWattsPerCore, data.Carbon(c.Carbon, i)))],
            duration,
            descriptor.CarbonStart,
            shared ? KpiScenario.SharedData : KpiScenario.SyntheticData)
        {
            Description = descriptor.Description,
            Edges = [.. descriptor.Edges.Select(e => new KpiEdge(e.From, e.To, e.Weight))],
            History = history,
            PodStart = descriptor.PodStartSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };
    }

    /// <summary>Makes each series on the replay's axis (history from −<c>history</c>), from its file or synthetic.</summary>
    private sealed record SeriesSource(string Directory, bool Shared, TimeSpan History, TimeSpan Duration, DateTimeOffset CarbonStart)
    {
        public TimeSeries Load(LoadDescriptor load, int index)
        {
            var count = (int)Math.Ceiling((History + Duration) / LoadStep);
            double[] values;
            if (Shared)
            {
                var samples = CsvSamples.Read(Path.Combine(Directory, load.File!));
                // The trace's own first minute is replay time −History: its history is the trace's beginning.
                var origin = new DateTimeOffset(samples[0].At.Ticks - (samples[0].At.Ticks % LoadStep.Ticks), TimeSpan.Zero);
                var span = (int)Math.Max(1, (samples[^1].At - origin) / LoadStep);
                values = CsvSamples.Resample(samples, origin, LoadStep, Math.Min(count, span), load.PerSeconds);
            }
            else
            {
                values = SyntheticSeries.Load(load.Seed ?? (index + 1), LoadStep.TotalSeconds, count, load.WeekendShare);
            }

            return new TimeSeries(-History.TotalSeconds, LoadStep.TotalSeconds, values).ScaledToPeak(load.Peak);
        }

        /// <summary>On whole carbon steps from replay time 0 (<see cref="CarbonStart"/>), so time 0 is a sample of the file.</summary>
        public TimeSeries Carbon(CarbonDescriptor carbon, int index)
        {
            var before = (int)Math.Ceiling(History / CarbonStep);
            var count = before + (int)Math.Ceiling(Duration / CarbonStep);
            var values = Shared
                ? CsvSamples.Resample(CsvSamples.Read(Path.Combine(Directory, carbon.File!)), CarbonStart - (CarbonStep * before), CarbonStep, count)
                : SyntheticSeries.Carbon(carbon.Seed ?? (100 + index), CarbonStep.TotalSeconds, count, carbon.Mean, carbon.Amplitude);
            return new TimeSeries(-(CarbonStep * before).TotalSeconds, CarbonStep.TotalSeconds, values);
        }
    }
}
