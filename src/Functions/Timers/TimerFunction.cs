using Microsoft.Azure.Functions.Worker;
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

/// <summary>A timer-triggered function: a name, an NCRONTAB schedule (or <c>%Setting%</c>) and what to run.</summary>
public sealed record TimerFunction(string Name, string Schedule, Func<IServiceProvider, TimerInfo, CancellationToken, Task> Run);
