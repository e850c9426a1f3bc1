using Smo.Bench;
using Smo.Bench.Durable;
using Smo.Bench.Elasticity;
using Smo.Bench.Failover;
using Smo.Bench.Fleet;
using Smo.Bench.Fuzz;
using Smo.Bench.Kpi;
using Smo.Bench.Solver;

// Benchmarks of Smo. stdout carries only JSON lines (one per metric); everything else goes to stderr.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return ExitCodes.Usage;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the running scenario stop its workers and drop its schema instead of dying mid-write.
    e.Cancel = true;
    cancellation.Cancel();
};

using var loggerFactory = BenchLogging.CreateFactory();
var results = new ResultWriter(Console.Out);
switch (options.Suite)
{
    case DurableSuite.SuiteName:
        return await new DurableSuite(options, loggerFactory, results).RunAsync(cancellation.Token);
    case SolverSuite.SuiteName:
        return new SolverSuite(options, loggerFactory, results).Run();
    case ElasticitySuite.SuiteName:
        return await new ElasticitySuite(options, loggerFactory, results).RunAsync(cancellation.Token);
    case FailoverSuite.SuiteName:
        return await new FailoverSuite(options, loggerFactory, results).RunAsync(cancellation.Token);
    case FleetSuite.SuiteName:
        return await new FleetSuite(options, loggerFactory, results).RunAsync(cancellation.Token);
    case FuzzSuite.SuiteName:
        return await new FuzzSuite(options, loggerFactory, results).RunAsync(cancellation.Token);
    case KpiSuite.SuiteName:
        return new KpiSuite(options, loggerFactory, results).Run(cancellation.Token);
    case KpiLiveSuite.SuiteName:
        return await new KpiLiveSuite(options, loggerFactory, results).RunAsync(cancellation.Token);
    default:
        await Console.Error.WriteLineAsync($"Unknown suite '{options.Suite}'.");
        await Console.Error.WriteLineAsync(BenchOptions.Usage);
        return ExitCodes.Usage;
}
