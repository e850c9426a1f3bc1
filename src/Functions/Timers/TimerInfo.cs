using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Functions.Samples;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Timers;

/// <summary>What a timer-triggered function learns about the occurrence it serves, as in Azure Functions.</summary>
/// <param name="ScheduledTime">The occurrence being served.</param>
/// <param name="Last">The previous occurrence any host served, if any.</param>
/// <param name="Next">The next occurrence after this one.</param>
/// <param name="IsPastDue">True when this invocation starts noticeably later than scheduled (host down, previous run overlapping).</param>
public sealed record TimerInfo(DateTime ScheduledTime, DateTime? Last, DateTime Next, bool IsPastDue);

/// <summary>A timer-triggered function: a name, an NCRONTAB schedule (or <c>%Setting%</c>) and what to run.</summary>
public sealed record TimerFunction(string Name, string Schedule, Func<IServiceProvider, TimerInfo, CancellationToken, Task> Run);
