using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using Smo.Bench.Stack;

namespace Smo.Bench.Failover;

/// <summary>
/// Failover of the running system: a plain graph and a highly available one (four services each) are deployed through
/// the REST API on the simulated federation, then each round waits until both run settled, waits a random moment
/// (seeded), makes the cluster that runs most of a graph NotReady (the simulator's <c>clusterNotReady</c> fault) and,
/// every other round, asks at once what a re-placement would do (a what-if, as a console or an operator does). It then
/// follows the federation until every service of each graph the cluster ran is ready elsewhere and the graph runs
/// (recovery), reads when the host recorded its re-placement (detection), what was offered and not served from the
/// fault to the end of the unserved window, and at the round's end the services lost or doubled; then the cluster
/// returns and the graphs settle before the next round. The graphs share the federation, as a cluster's failure
/// hits every graph on it, so one round measures each graph it hit and the run's length stays that of one set of rounds.
/// </summary>
internal sealed partial class FailoverSuite(BenchOptions options, ILoggerFactory loggerFactory, ResultWriter results)
{
    public const string SuiteName = "failover";

    public const string PlainKind = "plain";
    public const string HaKind = "ha";

    /// <summary>The decision kind a re-placement records (GET /graphs/{name}/decisions?kind=…).</summary>
    private const string ReplacementKind = "replacement";

    private const int ReportedDecimals = 2;

    /// <summary>Bounds the error of a recovery time; each look is one small /sim/state read.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Settled this long without a change: a move back after the cluster returned would have started by then.</summary>
    private static readonly TimeSpan StableFor = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan DeployTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(60);

    private readonly ILogger _logger = loggerFactory.CreateLogger<FailoverSuite>();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var hostHttp = new HttpClient { BaseAddress = options.Host };
        using var simulatorHttp = new HttpClient { BaseAddress = options.Simulator };
        var simulator = new SimulatorControl(simulatorHttp);
        var api = new GraphApi(hostHttp);
        var graphs = new List<FailoverGraph>();
        try
        {
            var machine = options.ConnectionString is { } connection
                ? await MachineInfo.ReadAsync(connection, cancellationToken)
                : MachineInfo.Local();
            foreach (var (kind, descriptor) in new[] { (PlainKind, options.Descriptor!), (HaKind, options.HaDescriptor!) })
            {
                var project = $"failover-{kind}";
                var name = await api.DeployAsync(project, await File.ReadAllTextAsync(descriptor, cancellationToken), cancellationToken);
                graphs.Add(new FailoverGraph(kind, name, project, []));
            }

            foreach (var graph in graphs)
            {
                await api.WaitRunningAsync(graph.Name, DeployTimeout, cancellationToken);
            }

            var summaries = await api.SummariesAsync(cancellationToken);
            graphs = [.. graphs.Select(g => g with { Services = [.. summaries[g.Name].Replicas.Keys.Order(StringComparer.Ordinal)] })];
            var state = await simulator.StateAsync(cancellationToken);
            LogDeployed(string.Join(", ", graphs.Select(g => $"{g.Name} ({g.Services.Count} services)")), state.Clusters.Count, state.PodStartDelaySeconds);

            var (outcomes, roundsRun) = await RunRoundsAsync(simulator, api, graphs, cancellationToken);
            return Report(outcomes, roundsRun, state, machine) ? ExitCodes.Success : ExitCodes.Failed;
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or NpgsqlException or JsonException or IOException or TimeoutException)
        {
            LogSuiteFailed(exception.Message);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogSuiteFailed("a request or the deploy timed out");
            return ExitCodes.Failed;
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                await RemoveAsync(api, graphs);
            }
        }
    }

    /// <summary>
    /// Rounds until every kind was measured <see cref="BenchOptions.Rounds"/> times (a round measures each graph the failed
    /// cluster ran), at most twice that many rounds.
    /// </summary>
    private async Task<(List<RoundOutcome> Outcomes, int RoundsRun)> RunRoundsAsync(
        SimulatorControl simulator, GraphApi api, List<FailoverGraph> graphs, CancellationToken cancellationToken)
    {
        var outcomes = new List<RoundOutcome>();
        var moments = new Random(options.Seed);
        var round = 0;
        int Measured(string kind) => outcomes.Count(o => o.Kind == kind);
        while (graphs.Any(g => Measured(g.Kind) < options.Rounds) && round < 2 * options.Rounds)
        {
            round++;
            await WaitSettledAsync(simulator, api, graphs, cancellationToken);
            await Task.Delay(moments.NextDouble() * options.MaxWait, cancellationToken);
            var measured = await FailAndMeasureAsync(simulator, api, graphs, round, whatIf: round % 2 == 0,
                graphs.ToDictionary(g => g.Kind, g => Measured(g.Kind)), cancellationToken);
            outcomes.AddRange(measured);
        }

        return (outcomes, round);
    }

    /// <summary>One round: fail, maybe ask the what-if, follow the recovery to the end of the window, read, heal.</summary>
    private async Task<List<RoundOutcome>> FailAndMeasureAsync(
        SimulatorControl simulator, GraphApi api, List<FailoverGraph> graphs, int round, bool whatIf,
        Dictionary<string, int> measured, CancellationToken cancellationToken)
    {
        var asked = await api.SummariesAsync(cancellationToken);
        // Read last before the fault: the unserved window starts with this reading, one round trip before the fault.
        var before = await simulator.StateAsync(cancellationToken);
        var running = graphs.ToDictionary(g => g.Kind, g => ServiceHealth.ReadyByCluster(g, before));
        var cluster = FailureTarget.Choose([.. graphs.Select(g => (running[g.Kind], measured[g.Kind]))])
            ?? throw new InvalidOperationException("No graph has a ready replica on any cluster.");
        var hit = graphs.Where(g => running[g.Kind].GetValueOrDefault(cluster) > 0).ToList();

        var fault = await simulator.FailClusterAsync(cluster, cancellationToken);
        var faultAt = before.StartedAt + TimeSpan.FromSeconds(fault.StartsAtSeconds);
        try
        {
            if (whatIf)
            {
                foreach (var graph in hit)
                {
                    var answer = await api.WhatIfPlacementAsync(graph.Name, cancellationToken);
                    if (answer != HttpStatusCode.OK)
                    {
                        LogWhatIfRefused(round, graph.Name, (int)answer);
                    }
                }
            }

            var (end, windowEnd, recovered) = await FollowAsync(simulator, api, hit, fault, asked, cancellationToken);
            var final = await api.SummariesAsync(cancellationToken);
            var outcomes = new List<RoundOutcome>();
            foreach (var graph in hit)
            {
                var detectedAt = await api.FirstDecisionAtAsync(graph.Name, ReplacementKind, faultAt, end.Now, cancellationToken);
                var health = ServiceHealth.Of(graph, end, final[graph.Name]);
                var outcome = new RoundOutcome(round, graph.Kind, cluster, whatIf,
                    recovered.TryGetValue(graph.Kind, out var recovery) ? recovery : options.RecoveryTimeout.TotalSeconds,
                    recovered.ContainsKey(graph.Kind),
                    detectedAt is { } at ? (at - faultAt).TotalSeconds : options.RecoveryTimeout.TotalSeconds,
                    detectedAt is not null,
                    health.Count(s => s.Lost),
                    health.Count(s => s.Doubled),
                    RequestTally.Between(graph.Services, before, windowEnd));
                outcomes.Add(outcome);
                LogRound(round, whatIf ? " (what-if)" : "", cluster, graph.Name, outcome.Recovered ? "" : " (timed out)", outcome.RecoverySeconds,
                    outcome.Detected ? "" : " (none)", outcome.DetectSeconds, outcome.Lost, outcome.Doubled, outcome.Requests.UnservedShare * 100);
            }

            return outcomes;
        }
        finally
        {
            await simulator.RemoveFaultAsync(fault.Id, CancellationToken.None);
        }
    }

    /// <summary>
    /// Reads the federation every <see cref="PollInterval"/> from the fault until the unserved window is over and every
    /// hit graph recovered or the recovery timeout passed. Returns the last reading (the round's end), the first reading
    /// at or after the window's end, and each recovered graph's recovery time by kind.
    /// </summary>
    private async Task<(SimulatorState End, SimulatorState WindowEnd, Dictionary<string, double> Recovered)> FollowAsync(
        SimulatorControl simulator, GraphApi api, List<FailoverGraph> hit, FaultState fault, Dictionary<string, GraphSummary> asked,
        CancellationToken cancellationToken)
    {
        var recovered = new Dictionary<string, double>(StringComparer.Ordinal);
        SimulatorState? windowEnd = null;
        while (true)
        {
            var state = await simulator.StateAsync(cancellationToken);
            var since = state.ElapsedSeconds - fault.StartsAtSeconds;
            // The simulator alone first (what Smo asked before the fault: replicas are fixed); the host's word only then.
            var candidates = hit.Where(g => !recovered.ContainsKey(g.Kind)
                && ServiceHealth.Of(g, state, asked[g.Name]).All(s => s.Recovered)).ToList();
            if (candidates.Count > 0 && since < options.RecoveryTimeout.TotalSeconds)
            {
                var now = await api.SummariesAsync(cancellationToken);
                foreach (var graph in candidates.Where(g => now[g.Name].Status == "Running"
                    && ServiceHealth.Of(g, state, now[g.Name]).All(s => s.Recovered)))
                {
                    recovered[graph.Kind] = since;
                }
            }

            if (since >= options.UnservedWindow.TotalSeconds)
            {
                windowEnd ??= state;
                if (recovered.Count == hit.Count || since >= options.RecoveryTimeout.TotalSeconds)
                {
                    return (state, windowEnd, recovered);
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Waits until every graph runs, each service exactly as Smo asks with nothing starting, on Ready clusters only, and no
    /// fault active — unchanged for <see cref="StableFor"/>.
    /// </summary>
    private async Task WaitSettledAsync(SimulatorControl simulator, GraphApi api, List<FailoverGraph> graphs, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        DateTime? since = null;
        var unsettled = "";
        while (DateTime.UtcNow < deadline)
        {
            var state = await simulator.StateAsync(cancellationToken);
            var summaries = await api.SummariesAsync(cancellationToken);
            unsettled = string.Join("; ", graphs.SelectMany(g => summaries[g.Name].Status != "Running"
                ? [$"{g.Name} is {summaries[g.Name].Status}"]
                : ServiceHealth.Of(g, state, summaries[g.Name]).Where(s => !s.Settled).Select(s => $"{g.Name}/{s}")));
            if (state.Clusters.FirstOrDefault(c => !c.Ready) is { } down)
            {
                unsettled += $"; cluster {down.Name} is not ready";
            }

            if (unsettled.Length > 0)
            {
                since = null;
            }
            else if ((since ??= DateTime.UtcNow) + StableFor <= DateTime.UtcNow)
            {
                return;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"The graphs did not settle within {SettleTimeout.TotalSeconds} s: {unsettled}");
    }

    /// <summary>Writes the metrics of each kind; false when a round timed out, lost or doubled a service, or a kind fell short of its rounds.</summary>
    private bool Report(List<RoundOutcome> outcomes, int roundsRun, SimulatorState state, MachineInfo machine)
    {
        var passed = true;
        foreach (var kind in new[] { PlainKind, HaKind })
        {
            var rounds = outcomes.Where(o => o.Kind == kind).ToList();
            if (rounds.Count < options.Rounds)
            {
                LogTooFewRounds(kind, rounds.Count, options.Rounds, roundsRun);
                passed = false;
            }

            if (rounds.Count == 0)
            {
                continue;
            }

            var recoveries = rounds.Select(o => o.RecoverySeconds).ToList();
            var parameters = new Dictionary<string, object>
            {
                ["kind"] = kind,
                ["rounds"] = rounds.Count,
                ["rounds_run"] = roundsRun,
                ["seed"] = options.Seed,
                ["what_if_rounds"] = rounds.Count(o => o.WhatIf),
                ["timed_out_rounds"] = rounds.Count(o => !o.Recovered),
                ["undetected_rounds"] = rounds.Count(o => !o.Detected),
                ["recovery_s_max"] = Math.Round(recoveries.Max(), ReportedDecimals),
                ["recovery_s_p50_what_if"] = Median(rounds.Where(o => o.WhatIf)),
                ["recovery_s_p50_no_what_if"] = Median(rounds.Where(o => !o.WhatIf)),
                ["recovery_timeout_s"] = options.RecoveryTimeout.TotalSeconds,
                ["unserved_window_s"] = options.UnservedWindow.TotalSeconds,
                ["max_wait_s"] = options.MaxWait.TotalSeconds,
                ["poll_interval_ms"] = PollInterval.TotalMilliseconds,
                ["clusters"] = state.Clusters.Count,
                ["pod_start_delay_s"] = state.PodStartDelaySeconds,
                ["host_settings"] = "defaults",
            };
            Write("failover_recovery_s_p50", Percentiles.Of(recoveries, 50), Units.Seconds, parameters, machine);
            Write("failover_recovery_s_p95", Percentiles.Of(recoveries, 95), Units.Seconds, parameters, machine);
            Write("failover_detect_s_p95", Percentiles.Of([.. rounds.Select(o => o.DetectSeconds)], 95), Units.Seconds, parameters, machine);
            Write("failover_lost", rounds.Sum(o => o.Lost), Units.Services, parameters, machine);
            Write("failover_doubled", rounds.Sum(o => o.Doubled), Units.Services, parameters, machine);
            var requests = rounds.Aggregate(default(RequestTally), (sum, o) => sum + o.Requests);
            Write("failover_unserved_share", requests.UnservedShare * 100, Units.Percent, parameters, machine);
            passed &= rounds.All(o => o.Recovered && o.Lost == 0 && o.Doubled == 0);
        }

        LogFinished(roundsRun, outcomes.Count);
        return passed;
    }

    /// <summary>The p50 of a subset of rounds, or -1 when it is empty (JSON lines have no NaN).</summary>
    private static double Median(IEnumerable<RoundOutcome> rounds)
    {
        var values = rounds.Select(o => o.RecoverySeconds).ToList();
        return values.Count == 0 ? -1 : Math.Round(Percentiles.Of(values, 50), ReportedDecimals);
    }

    private void Write(string metric, double value, string unit, Dictionary<string, object> parameters, MachineInfo machine)
    {
        var rounded = Math.Round(value, ReportedDecimals);
        results.Write(new BenchResult(SuiteName, metric, rounded, unit, parameters, machine));
        LogMeasured(metric, (string)parameters["kind"], rounded, unit);
    }

    private async Task RemoveAsync(GraphApi api, List<FailoverGraph> graphs)
    {
        foreach (var graph in graphs)
        {
            try
            {
                if (!await api.RemoveAsync(graph.Name, RemoveTimeout, CancellationToken.None))
                {
                    LogNotRemoved(graph.Name, RemoveTimeout.TotalSeconds);
                }
            }
            catch (HttpRequestException exception)
            {
                LogNotRemoved(graph.Name, RemoveTimeout.TotalSeconds);
                LogSuiteFailed(exception.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Deployed {Graphs} on {Clusters} clusters, pod start {PodStart} s")]
    private partial void LogDeployed(string graphs, int clusters, double podStart);

    [LoggerMessage(LogLevel.Information, "Round {Round}{WhatIf}: {Cluster} failed; {Graph} recovered{TimedOut} after {Recovery:F1} s, re-placement recorded{Undetected} after {Detect:F1} s, {Lost} lost, {Doubled} doubled, {Unserved:F2} % unserved")]
    private partial void LogRound(int round, string whatIf, string cluster, string graph, string timedOut, double recovery, string undetected, double detect, int lost, int doubled, double unserved);

    [LoggerMessage(LogLevel.Warning, "Round {Round}: the what-if of {Graph} answered HTTP {Status}")]
    private partial void LogWhatIfRefused(int round, string graph, int status);

    [LoggerMessage(LogLevel.Error, "The {Kind} graph was measured in {Measured} round(s) of {Asked} asked ({Run} rounds run): the failed clusters did not run it")]
    private partial void LogTooFewRounds(string kind, int measured, int asked, int run);

    [LoggerMessage(LogLevel.Information, "{Metric} ({Kind}) = {Value} {Unit}")]
    private partial void LogMeasured(string metric, string kind, double value, string unit);

    [LoggerMessage(LogLevel.Information, "Failover suite finished: {Rounds} rounds, {Measured} graph measurements")]
    private partial void LogFinished(int rounds, int measured);

    [LoggerMessage(LogLevel.Error, "Failover suite failed: {Reason}")]
    private partial void LogSuiteFailed(string reason);

    [LoggerMessage(LogLevel.Warning, "Graph {Graph} was not removed within {Seconds} s")]
    private partial void LogNotRemoved(string graph, double seconds);
}
