using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// Sends generated requests (<see cref="FuzzRequests"/>: mutated real and example descriptors, Alertmanager webhooks,
/// energy profiles, NFVCL bodies, odd routes, methods, queries, headers and keys) through the HTTP API of a running
/// control plane (<see cref="FuzzHost"/>), one after the other, and checks:
/// <list type="bullet">
/// <item>every answer is below 500;</item>
/// <item>the host logs no Error or Critical entry with an exception (that is where an unhandled one lands);</item>
/// <item>the host answers throughout: every request within 30 s, and <c>/health</c> after every batch and at the end;</item>
/// <item>a refused request changes nothing: a <see cref="StateSnapshot"/> (store rows, durable instances, the simulator's
/// releases, Deployments and rules, the API's graph list) is taken before and after every batch of
/// <see cref="BatchSize"/> inputs, and every difference must belong to an owner an accepted request of the run
/// (graphs, their namespaces) or of the batch (clusters, VIMs, OpenStack clusters) may change (<see cref="Touches"/>;
/// for a webhook, the graphs of the alerts it says it handled, not of those it skipped).
/// Sentinel graphs are named only by requests refused by design, or by webhook alerts that must be skipped, so they are
/// compared the whole run long; such a request answered 2xx, or a webhook that says it handled a sentinel's alert, is a
/// failure too.</item>
/// </list>
/// Checked per batch, not per request: a change found is reported with the batch's requests, not the one that made it.
/// <c>SMO_FUZZ_INPUTS</c> (default 500), <c>SMO_FUZZ_SEED</c> (default fixed; <c>random</c> draws one, printed),
/// <c>SMO_FUZZ_FROM</c> (the first input's index, to replay one) and <c>SMO_FUZZ_FIGURES</c> (a file for the figures).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApiFuzzTests(ITestOutputHelper output)
{
    private const int DefaultInputs = 500;
    private const ulong DefaultSeed = 20_261_211;
    private const int BatchSize = 50;

    [Fact]
    public async Task Generated_requests_are_answered_below_500_without_unhandled_exceptions_and_refused_ones_change_nothing()
    {
        var (inputs, seed, from) = Settings();
        var shared = DescriptorSeeds.SharedExamples();
        var seeds = DescriptorSeeds.Load(shared);
        var examples = shared is null
            ? $"the repository's own ({seeds.Count}); ../shared/hdag-examples not found, so the real NEPHELE descriptors were NOT used"
            : $"the repository's own and {shared} ({seeds.Count})";
        output.WriteLine($"Fuzzing {inputs} inputs, seed {seed} (replay: SMO_FUZZ_SEED={seed} SMO_FUZZ_FROM=<index> SMO_FUZZ_INPUTS=1); descriptors: {examples}");
        await using var fuzz = await FuzzHost.StartAsync(seeds);
        var run = new Run(fuzz, FuzzRequests.All(fuzz.Targets), seed,
            new FuzzFigures { Seed = seed, From = from, SentinelGraphs = fuzz.Targets.Sentinels.Count, Examples = examples }, await fuzz.SnapshotAsync());
        var clock = Stopwatch.StartNew();

        for (var first = from; first < from + inputs; first += BatchSize)
        {
            var batch = new List<(int Index, FuzzRequest Request, int Status)>();
            for (var index = first; index < Math.Min(first + BatchSize, from + inputs); index++)
            {
                if (await run.SendAsync(index) is { } sent)
                {
                    batch.Add((index, sent.Request, sent.Status));
                }
            }

            await run.EndBatchAsync(batch);
        }

        run.Figures.DurationSeconds = clock.Elapsed.TotalSeconds;
        await run.CheckHealthAsync("at the end");
        output.WriteLine(run.Figures.ToString());
        output.WriteLine($"Time generating {run.Generating.Elapsed.TotalSeconds:0.0} s, sending {run.Sending.Elapsed.TotalSeconds:0.0} s, checking state and health {run.Checking.Elapsed.TotalSeconds:0.0} s");
        var withoutException = fuzz.Host.Factory.Errors.Where(e => e.Exception is null).ToList();
        output.WriteLine($"Error entries without an exception (shown, not failed): {withoutException.Count}"
            + string.Concat(withoutException.Take(10).Select(e => $"\n  {Cut(e.ToString(), 400)}")));
        if (Environment.GetEnvironmentVariable("SMO_FUZZ_FIGURES") is { Length: > 0 } figuresFile)
        {
            await File.WriteAllTextAsync(figuresFile, run.Figures.ToJson());
        }

        Assert.True(run.Findings.Count == 0, $"{run.Findings.Count} distinct finding(s), seed {seed}:\n\n{run.Findings}");
    }

    private static (int Inputs, ulong Seed, int From) Settings()
    {
        var inputs = int.TryParse(Environment.GetEnvironmentVariable("SMO_FUZZ_INPUTS"), CultureInfo.InvariantCulture, out var count) && count > 0 ? count : DefaultInputs;
        var seedText = Environment.GetEnvironmentVariable("SMO_FUZZ_SEED");
        var seed = seedText == "random" ? (ulong)Random.Shared.NextInt64(1, long.MaxValue)
            : ulong.TryParse(seedText, CultureInfo.InvariantCulture, out var given) ? given : DefaultSeed;
        var from = int.TryParse(Environment.GetEnvironmentVariable("SMO_FUZZ_FROM"), CultureInfo.InvariantCulture, out var first) && first >= 0 ? first : 0;
        return (inputs, seed, from);
    }

    private static string Cut(string text, int length = 1_500) => text.Length <= length ? text : text[..length] + $"… ({text.Length - length} more chars)";

    /// <summary>One fuzzing run: sends input after input, checks each answer and the log, and the state after each batch.</summary>
    private sealed class Run(FuzzHost fuzz, FsCheck.Gen<FuzzRequest> generator, ulong seed, FuzzFigures figures, StateSnapshot baseline)
    {
        private readonly Touches _touches = WithPlayground();
        private StateSnapshot _baseline = baseline;
        private int _errorsSeen = fuzz.Host.Factory.Errors.Count;

        public FuzzFigures Figures { get; } = figures;

        public FuzzFindings Findings { get; } = new();

        public Stopwatch Generating { get; } = new();

        public Stopwatch Sending { get; } = new();

        public Stopwatch Checking { get; } = new();

        /// <summary>Draws input <paramref name="index"/>, sends it and checks the answer and the log; null when the generator failed.</summary>
        public async Task<(FuzzRequest Request, int Status)?> SendAsync(int index)
        {
            FuzzRequest request;
            Generating.Start();
            try
            {
                request = FuzzRequests.Draw(generator, seed, index);
            }
            catch (Exception failure)
            {
                // The generator's own bug: reported like a finding, so the run goes on and the test still fails.
                Findings.Add($"generator {failure.GetType().FullName} {failure.TargetSite?.Name}", $"input {index}: the generator failed\n{failure}");
                return null;
            }
            finally
            {
                Generating.Stop();
            }

            Sending.Start();
            var (status, body) = await SendAsync(request);
            Sending.Stop();
            Figures.Count(request.Family, status);
            _touches.Record(request, status, body, _baseline.Projects);
            var logged = fuzz.Host.Factory.Errors.Skip(_errorsSeen).Where(e => e.Exception is not null).ToList();
            _errorsSeen = fuzz.Host.Factory.Errors.Count;
            Figures.UnhandledExceptions += logged.Count;
            if (status is >= 500 or 0 || logged.Count > 0)
            {
                var signature = logged.Count > 0 ? FuzzFindings.Signature(logged[0]) : $"{status} {request.Family} {request.Method} {request.PathAndQuery.Split('?')[0]}";
                Findings.Add(signature, $"input {index}: {(status == 0 ? "no answer" : status.ToString(CultureInfo.InvariantCulture))}\n{request.Describe()}\n  answer: {Cut(body)}"
                    + string.Concat(logged.Select(e => $"\n  logged: {e}")));
            }

            if (request.Family == AlertRequests.Family && status is >= 200 and < 300
                && Touches.HandledGraphs(body).FirstOrDefault(fuzz.Targets.Sentinels.ContainsKey) is { } sentinel)
            {
                Findings.Add($"handled sentinel alert {status}", $"input {index}: the webhook acted on an alert of sentinel '{sentinel}', which no accepted webhook names a rule of\n{request.Describe()}\n  answer: {Cut(body)}");
            }

            if (request.RefusedByDesign && status is >= 200 and < 300)
            {
                Figures.RefusedByDesignAccepted++;
                Findings.Add($"accepted {request.Family} {status}", $"input {index}: {status} to a request the API must refuse\n{request.Describe()}\n  answer: {Cut(body)}");
            }

            return (request, status);
        }

        /// <summary>Compares the state with the batch's start, forgives what accepted requests may change, and asks for the host's health.</summary>
        public async Task EndBatchAsync(IReadOnlyList<(int Index, FuzzRequest Request, int Status)> batch)
        {
            Checking.Start();
            var after = await fuzz.SnapshotAsync();
            var changes = _baseline.ChangesOutside(after, _touches.Allows);
            if (changes.Count > 0)
            {
                Figures.StateViolations += changes.Count;
                Findings.Add($"state {string.Join(',', changes.Take(3))}", $"inputs {batch.FirstOrDefault().Index}–{batch.LastOrDefault().Index}: state changed that no accepted request may change:\n  "
                    + string.Join("\n  ", changes.Take(20)) + "\n  refused requests of the batch:\n"
                    + string.Join("\n", batch.Where(b => b.Status >= 400).Select(b => $"  #{b.Index} {b.Status} {b.Request.Method} {Cut(b.Request.PathAndQuery, 120)}")));
            }

            _touches.EndBatch();
            _baseline = after;
            Figures.Batches++;
            await CheckHealthAsync($"after input {batch.LastOrDefault().Index}");
            Checking.Stop();
        }

        public async Task CheckHealthAsync(string when)
        {
            var (status, body) = await SendAsync(new FuzzRequest("health", "GET", "/health", null, null, []));
            if (status != StatusCodes.Status200OK)
            {
                Figures.HealthFailures++;
                Findings.Add($"health {status}", $"/health {when}: {status} {Cut(body)}");
            }
        }

        /// <summary>The playground graph is there to be changed by accepted requests from the start.</summary>
        private static Touches WithPlayground()
        {
            var touches = new Touches();
            touches.Graph(FuzzTargets.Playground, FuzzTargets.PlaygroundProject);
            return touches;
        }

        /// <summary>Status 0: no answer within the client's timeout, or the connection failed.</summary>
        private async Task<(int Status, string Body)> SendAsync(FuzzRequest request)
        {
            try
            {
                using var message = request.ToMessage(fuzz.Client.BaseAddress!);
                using var response = await fuzz.Client.SendAsync(message);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
            {
                return (0, failure.ToString());
            }
        }
    }
}
