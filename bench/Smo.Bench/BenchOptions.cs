using System.Globalization;

namespace Smo.Bench;

/// <summary>The command line: <c>SUITE [--option value]...</c>.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: Smo.Bench SUITE [options]
        suites:
          durable                the Durable Task SDK on Smo's PostgreSQL backend (needs --connection)
          solver                 placement and scaling strategies on generated instances
          elasticity             a load step in the simulator to Smo's scale call and to ready replicas
          fleet                  one host scaling 100, 300 and 1,000 graphs of five services: tick lag, CPU
          failover               clusters failed under a plain and an HA graph: recovery, detection, lost, doubled, unserved
          fuzz                   the API fuzzer's figures (bench/run.sh fuzz runs the fuzz test and passes them on)
          kpi                    the KPI replay: strategies compared over days of traces in virtual time, and the report
          kpi-live               the KPI replay checked against a live run of the same window on the simulator
        durable options:
          --connection CS        Npgsql connection string (required)
          --scenario NAME[,NAME] run only these scenarios: pgceiling, hellocities5, chain, fanout1000, pingpong, timers
          --instances N          hellocities5 instances (default 1000)
          --chain K              sequential activities of the chain scenario (default 500)
          --events E             events bounced by the pingpong scenario (default 1000, at least 2)
          --timers N             orchestrations of the timers scenario (default 1000)
          --timer-lead-s S       how far ahead the common timer is due (default 15)
          --hosts H              worker hosts in this process, each with its own store (default 1)
          --concurrency N        orchestration and activity work items each worker takes at once
          --worker grpc|inprocess the stock SDK gRPC worker (default) or the in-process runner
                                 (default: the SDK worker's defaults, 100 per core each)
          --timeout-s S          per-scenario limit (default 600)
        solver options:
          --services N[,N]       services per placement instance (default 3,10,50,200,1000)
          --clusters N[,N]       clusters per placement instance (default 2,5,20,50,100)
          --strategy S[,S]       placement strategies (default first-fit,smo-milp,energy-aware)
          --scaling N[,N]        services per scaling decision (default 5,50,500)
          --runs N               instances per cell (default 30 up to 1000 services × clusters, else 5)
          --time-limit-s S       solver time limit per decision (default 10)
        elasticity options (bench/run.sh starts what they point at):
          --host URL             the Smo host (required)
          --simulator URL        the federation simulator (required)
          --prometheus URL       the Prometheus the host reads rates from (required; its scrape interval is reported)
          --descriptor FILE      the HDAG to deploy: one elastic service (required)
          --service NAME         the service stepped (default elastic-web)
          --scaling-interval-s S the host's Smo__Graphs__ScalingInterval (required; checked against the graph)
          --rate-window-s S      the host's Smo__Graphs__RateWindow (required; reported, sets the settle time)
          --load-watch-ms N      the host's Smo__Graphs__LoadWatchInterval in ms, 0 when off (reported; default 250)
          --steps N              load steps, alternately up and down (default 20)
          --low-rate R           offered load of the low level, req/s (default 5)
          --high-rate R          offered load of the high level, req/s (default 55)
          --step-timeout-s S     a step without its scale call or ready replicas by then fails (default 30)
          --connection CS        PostgreSQL of the host, for the machine facts (optional)
        failover options (bench/run.sh starts what they point at; the host at its defaults):
          --host URL             the Smo host (required)
          --simulator URL        the federation simulator (required)
          --descriptor FILE      the plain graph (required)
          --ha-descriptor FILE   the graph with highAvailability.enabled (required)
          --rounds N             rounds that measure each graph (default 10; at most twice as many are run)
          --seed N               draws the random moment before each fault (default 1)
          --max-wait-s S         the random moment is up to this long after the graphs settled (default 10)
          --unserved-window-s S  offered but unserved load is counted from the fault for this long (default 60)
          --recovery-timeout-s S a graph not recovered by then counts this long, as timed out (default 60)
          --connection CS        PostgreSQL of the host, for the machine facts (optional)
        fleet options (bench/run.sh starts what they point at):
          --host URL             the Smo host (required)
          --simulator URL        the federation simulator (required)
          --connection CS        PostgreSQL of the host: its decision log is read (required)
          --host-pid PID         the host's process, whose CPU time is measured (required)
          --db-pid PID           the PostgreSQL postmaster; it and its backends are measured (required)
          --simulator-pid PID    the simulator's process, whose CPU time is measured (optional)
          --scaling-interval-s S the host's Smo__Graphs__ScalingInterval (required)
          --load-watch-ms N      the host's Smo__Graphs__LoadWatchInterval in ms, 0 when off (reported; default 250)
          --graphs N[,N]         fleet sizes, grown in order (default 100,300,1000)
          --warmup-s S           after each growth, before measuring (default 30)
          --measure-s S          the measured window per size (default 60)
          --max-tick-gap-s S     a graph longer without a tick's decision fails the run (default 30)
        fuzz options:
          --figures FILE         the figures the fuzz test wrote (SMO_FUZZ_FIGURES; required)
          --connection CS        PostgreSQL the control plane ran on, for the machine facts (optional)
        kpi options:
          --scenarios PATH       a scenario descriptor (.json) or a folder of them (required; bench/run.sh: bench/kpi)
          --data DIR             the traces and carbon series (required; bench/run.sh: ../shared/data); synthetic when absent
          --report FILE          where the HTML report goes (required; bench/run.sh: $SMO_DATA_DIR/kpi/report.html)
          --days N               the measured window of every scenario, in days (default: each descriptor's, 7)
          --strategy S[,S]       only these strategies (default: smo-original, smo-milp, predictive, energy-aware,
                                 predictive+energy-aware)
        kpi-live options (bench/run.sh kpi-live runs both steps and starts the stack in between):
          --live-step S          prepare (write the simulator scenario, graph and host settings into --live-dir) or
                                 compare (deploy, run the window live, replay it, print kpi_replay_agreement)
          --live-dir DIR         where prepare writes and compare reads (required)
          --scenarios FILE       one scenario descriptor (.json) (required)
          --data DIR             the traces (required; bench/run.sh: ../shared/data)
          --live-minutes N       the live window (default 10)
          --compression N        trace seconds per live second (default 6: a 5-min trace step lasts 50 s)
          --lead-in-s S          simulator start to window start, the first load held (default 240)
          --host URL, --simulator URL, --connection CS   the stack (compare; required)
        """;

    public const int DefaultInstances = 1_000;
    public const int DefaultLoadWatchMilliseconds = 250;
    public const int DefaultChainLength = 500;
    public const int DefaultPingPongEvents = 1_000;
    public const int DefaultTimers = 1_000;
    /// <summary>
    /// Long enough for 1000 starts and their first episodes on 2 cores (about 5 s), so every timer exists before
    /// it is due and lateness measures the burst of firings, not the start-up backlog.
    /// </summary>
    public const int DefaultTimerLeadSeconds = 15;
    public const int DefaultScenarioTimeoutSeconds = 600;
    public const int DefaultSolverTimeLimitSeconds = 10;
    public static readonly IReadOnlyList<int> DefaultServices = [3, 10, 50, 200, 1000];
    public static readonly IReadOnlyList<int> DefaultClusters = [2, 5, 20, 50, 100];
    public static readonly IReadOnlyList<string> DefaultStrategies = ["first-fit", "smo-milp", "energy-aware"];
    public static readonly IReadOnlyList<int> DefaultScalingServices = [5, 50, 500];

    public static readonly IReadOnlyList<int> DefaultGraphs = [100, 300, 1_000];
    public const int DefaultWarmUpSeconds = 30;
    public const int DefaultMeasureSeconds = 60;
    public const int DefaultMaxTickGapSeconds = 30;

    public const int DefaultFailoverRounds = 10;
    public const int DefaultFailoverSeed = 1;
    public const int DefaultFailoverMaxWaitSeconds = 10;
    public const int DefaultUnservedWindowSeconds = 60;
    public const int DefaultRecoveryTimeoutSeconds = 60;

    public const string DefaultElasticService = "elastic-web";
    public const int DefaultLoadSteps = 20;
    /// <summary>With α = 10 req/s per replica (bench/elasticity/elastic-hdag.yaml), mid-band levels: 1 and 6 replicas.</summary>
    public const int DefaultLowRate = 5;
    public const int DefaultHighRate = 55;
    public const int DefaultStepTimeoutSeconds = 30;

    /// <summary>One event starts the game and the partner must answer it, so fewer than two cannot bounce.</summary>
    public const int MinPingPongEvents = 2;

    public required string Suite { get; init; }

    public string? ConnectionString { get; init; }

    /// <summary>The fuzz test's figures file.</summary>
    public string? Figures { get; init; }

    public IReadOnlyList<int> Services { get; init; } = DefaultServices;

    public IReadOnlyList<int> Clusters { get; init; } = DefaultClusters;

    public IReadOnlyList<string> Strategies { get; init; } = DefaultStrategies;

    public IReadOnlyList<int> ScalingServices { get; init; } = DefaultScalingServices;

    public int? Runs { get; init; }

    public TimeSpan SolverTimeLimit { get; init; } = TimeSpan.FromSeconds(DefaultSolverTimeLimitSeconds);

    public string? Scenario { get; init; }

    public int Instances { get; init; } = DefaultInstances;

    public int ChainLength { get; init; } = DefaultChainLength;

    public int PingPongEvents { get; init; } = DefaultPingPongEvents;

    public int Timers { get; init; } = DefaultTimers;

    public TimeSpan TimerLead { get; init; } = TimeSpan.FromSeconds(DefaultTimerLeadSeconds);

    public int Hosts { get; init; } = 1;

    public int? Concurrency { get; init; }

    /// <summary>How the durable suite's hosts run their work: <c>grpc</c> (the stock SDK worker) or <c>inprocess</c>.</summary>
    public string Worker { get; init; } = "grpc";

    public TimeSpan ScenarioTimeout { get; init; } = TimeSpan.FromSeconds(DefaultScenarioTimeoutSeconds);

    public Uri? Host { get; init; }

    /// <summary>The KPI suite's scenario descriptor or folder of them.</summary>
    public string? KpiScenarios { get; init; }

    /// <summary>The KPI suite's data folder (<c>../shared/data</c>).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Where the KPI suite writes its HTML report.</summary>
    public string? Report { get; init; }

    public int? Days { get; init; }

    /// <summary>Whether <c>--strategy</c> was given (the KPI suite compares all of its own otherwise).</summary>
    public bool StrategiesGiven { get; init; }

    public Uri? Simulator { get; init; }

    public Uri? Prometheus { get; init; }

    public string? Descriptor { get; init; }

    public string ElasticService { get; init; } = DefaultElasticService;

    /// <summary>The failover suite's highly available graph (<c>--descriptor</c> is its plain one).</summary>
    public string? HaDescriptor { get; init; }

    public int Rounds { get; init; } = DefaultFailoverRounds;

    public int Seed { get; init; } = DefaultFailoverSeed;

    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(DefaultFailoverMaxWaitSeconds);

    public TimeSpan UnservedWindow { get; init; } = TimeSpan.FromSeconds(DefaultUnservedWindowSeconds);

    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromSeconds(DefaultRecoveryTimeoutSeconds);

    public TimeSpan? ScalingInterval { get; init; }

    public TimeSpan? RateWindow { get; init; }

    public int LoadWatchMilliseconds { get; init; } = DefaultLoadWatchMilliseconds;

    public int LoadSteps { get; init; } = DefaultLoadSteps;

    public int LowRate { get; init; } = DefaultLowRate;

    public int HighRate { get; init; } = DefaultHighRate;

    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(DefaultStepTimeoutSeconds);

    public IReadOnlyList<int> Graphs { get; init; } = DefaultGraphs;

    public int? HostPid { get; init; }

    public int? DatabasePid { get; init; }

    public int? SimulatorPid { get; init; }

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(DefaultWarmUpSeconds);

    public TimeSpan MeasureWindow { get; init; } = TimeSpan.FromSeconds(DefaultMeasureSeconds);

    public TimeSpan MaxTickGap { get; init; } = TimeSpan.FromSeconds(DefaultMaxTickGapSeconds);

    /// <summary>kpi-live: <c>prepare</c> or <c>compare</c>.</summary>
    public string? LiveStep { get; init; }

    public string? LiveDirectory { get; init; }

    public TimeSpan LiveWindow { get; init; } = TimeSpan.FromMinutes(DefaultLiveMinutes);

    public int Compression { get; init; } = DefaultCompression;

    public TimeSpan LeadIn { get; init; } = TimeSpan.FromSeconds(DefaultLeadInSeconds);

    public const int DefaultLiveMinutes = 10;
    public const int DefaultCompression = 6;
    public const int DefaultLeadInSeconds = 240;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("The first argument must name a suite.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option (--name) but found '{args[i]}'.");
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"Option {args[i]} needs a value.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var options = new BenchOptions
        {
            Suite = args[0],
            ConnectionString = Take(values, "connection"),
            Figures = Take(values, "figures"),
            Scenario = Take(values, "scenario"),
            Instances = Positive(values, "instances") ?? DefaultInstances,
            ChainLength = Positive(values, "chain") ?? DefaultChainLength,
            PingPongEvents = Positive(values, "events") ?? DefaultPingPongEvents,
            Timers = Positive(values, "timers") ?? DefaultTimers,
            TimerLead = TimeSpan.FromSeconds(Positive(values, "timer-lead-s") ?? DefaultTimerLeadSeconds),
            Hosts = Positive(values, "hosts") ?? 1,
            Concurrency = Positive(values, "concurrency"),
            Worker = Take(values, "worker") is { } worker
                ? worker is "grpc" or "inprocess" ? worker : throw new ArgumentException($"--worker is grpc or inprocess, not '{worker}'.")
                : "grpc",
            ScenarioTimeout = TimeSpan.FromSeconds(Positive(values, "timeout-s") ?? DefaultScenarioTimeoutSeconds),
            Services = PositiveList(values, "services") ?? DefaultServices,
            Clusters = PositiveList(values, "clusters") ?? DefaultClusters,
            StrategiesGiven = values.ContainsKey("strategy"),
            Strategies = Take(values, "strategy")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? DefaultStrategies,
            KpiScenarios = Take(values, "scenarios"),
            DataDirectory = Take(values, "data"),
            Report = Take(values, "report"),
            Days = Positive(values, "days"),
            ScalingServices = PositiveList(values, "scaling") ?? DefaultScalingServices,
            Runs = Positive(values, "runs"),
            SolverTimeLimit = TimeSpan.FromSeconds(Positive(values, "time-limit-s") ?? DefaultSolverTimeLimitSeconds),
            Host = Url(values, "host"),
            Simulator = Url(values, "simulator"),
            Prometheus = Url(values, "prometheus"),
            Descriptor = Take(values, "descriptor"),
            ElasticService = Take(values, "service") ?? DefaultElasticService,
            HaDescriptor = Take(values, "ha-descriptor"),
            Rounds = Positive(values, "rounds") ?? DefaultFailoverRounds,
            Seed = NonNegative(values, "seed") ?? DefaultFailoverSeed,
            MaxWait = TimeSpan.FromSeconds(NonNegative(values, "max-wait-s") ?? DefaultFailoverMaxWaitSeconds),
            UnservedWindow = TimeSpan.FromSeconds(Positive(values, "unserved-window-s") ?? DefaultUnservedWindowSeconds),
            RecoveryTimeout = TimeSpan.FromSeconds(Positive(values, "recovery-timeout-s") ?? DefaultRecoveryTimeoutSeconds),
            ScalingInterval = Seconds(values, "scaling-interval-s"),
            RateWindow = Seconds(values, "rate-window-s"),
            LoadWatchMilliseconds = NonNegative(values, "load-watch-ms") ?? DefaultLoadWatchMilliseconds,
            LoadSteps = Positive(values, "steps") ?? DefaultLoadSteps,
            LowRate = Positive(values, "low-rate") ?? DefaultLowRate,
            HighRate = Positive(values, "high-rate") ?? DefaultHighRate,
            StepTimeout = TimeSpan.FromSeconds(Positive(values, "step-timeout-s") ?? DefaultStepTimeoutSeconds),
            Graphs = PositiveList(values, "graphs") ?? DefaultGraphs,
            HostPid = Positive(values, "host-pid"),
            DatabasePid = Positive(values, "db-pid"),
            SimulatorPid = Positive(values, "simulator-pid"),
            WarmUp = TimeSpan.FromSeconds(Positive(values, "warmup-s") ?? DefaultWarmUpSeconds),
            MeasureWindow = TimeSpan.FromSeconds(Positive(values, "measure-s") ?? DefaultMeasureSeconds),
            MaxTickGap = TimeSpan.FromSeconds(Positive(values, "max-tick-gap-s") ?? DefaultMaxTickGapSeconds),
            LiveStep = Take(values, "live-step"),
            LiveDirectory = Take(values, "live-dir"),
            LiveWindow = TimeSpan.FromMinutes(Positive(values, "live-minutes") ?? DefaultLiveMinutes),
            Compression = Positive(values, "compression") ?? DefaultCompression,
            LeadIn = TimeSpan.FromSeconds(Positive(values, "lead-in-s") ?? DefaultLeadInSeconds),
        };
        if (options.Suite == "durable" && options.ConnectionString is null)
        {
            throw new ArgumentException("The durable suite needs --connection.");
        }

        if (options.Suite == "elasticity")
        {
            RequireElasticityOptions(options);
        }

        if (options.Suite == "failover"
            && (options.Host is null || options.Simulator is null || options.Descriptor is null || options.HaDescriptor is null))
        {
            throw new ArgumentException("The failover suite needs --host, --simulator, --descriptor and --ha-descriptor.");
        }

        if (options.Suite == "fleet"
            && (options.Host is null || options.Simulator is null || options.ConnectionString is null
                || options.HostPid is null || options.DatabasePid is null || options.ScalingInterval is null))
        {
            throw new ArgumentException("The fleet suite needs --host, --simulator, --connection, --host-pid, --db-pid and --scaling-interval-s.");
        }

        if (options.Suite == "kpi" && (options.KpiScenarios is null || options.DataDirectory is null || options.Report is null))
        {
            throw new ArgumentException("The kpi suite needs --scenarios, --data and --report.");
        }

        if (options.Suite == "kpi-live")
        {
            RequireKpiLiveOptions(options);
        }

        if (options.Suite == "fuzz" && options.Figures is null)
        {
            throw new ArgumentException("The fuzz suite needs --figures.");
        }

        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}.");
        }

        return options.PingPongEvents < MinPingPongEvents
            ? throw new ArgumentException($"--events must be at least {MinPingPongEvents}.")
            : options;
    }

    private static void RequireElasticityOptions(BenchOptions options)
    {
        if (options.Host is null || options.Simulator is null || options.Prometheus is null || options.Descriptor is null
            || options.ScalingInterval is null || options.RateWindow is null)
        {
            throw new ArgumentException(
                "The elasticity suite needs --host, --simulator, --prometheus, --descriptor, --scaling-interval-s and --rate-window-s.");
        }

        if (options.HighRate <= options.LowRate)
        {
            throw new ArgumentException("--high-rate must be above --low-rate.");
        }
    }

    private static void RequireKpiLiveOptions(BenchOptions options)
    {
        if (options.LiveStep is not ("prepare" or "compare") || options.LiveDirectory is null || options.KpiScenarios is null || options.DataDirectory is null)
        {
            throw new ArgumentException("The kpi-live suite needs --live-step prepare|compare, --live-dir, --scenarios and --data.");
        }

        if (options.LiveStep == "compare" && (options.Host is null || options.Simulator is null || options.ConnectionString is null))
        {
            throw new ArgumentException("kpi-live --live-step compare needs --host, --simulator and --connection.");
        }
    }

    private static Uri? Url(Dictionary<string, string> values, string name) =>
        Take(values, name) is not { } text ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw new ArgumentException($"--{name} must be an http(s) URL, not '{text}'.");

    private static TimeSpan? Seconds(Dictionary<string, string> values, string name) =>
        Positive(values, name) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    private static int[]? PositiveList(Dictionary<string, string> values, string name)
    {
        if (Take(values, name) is not { } text)
        {
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            ? parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray()
            : throw new ArgumentException($"--{name} must be a comma-separated list of positive integers, not '{text}'.");
    }

    private static string? Take(Dictionary<string, string> values, string name) =>
        values.Remove(name, out var value) ? value : null;

    private static int? NonNegative(Dictionary<string, string> values, string name)
    {
        if (Take(values, name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{name} must be a whole number, not '{text}'.");
    }

    private static int? Positive(Dictionary<string, string> values, string name)
    {
        if (Take(values, name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a positive integer, not '{text}'.");
    }
}
