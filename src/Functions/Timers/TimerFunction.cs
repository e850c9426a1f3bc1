using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;

namespace Smo.Functions.Timers;

/// <summary>A timer-triggered function: a name, an NCRONTAB schedule (or <c>%Setting%</c>) and what to run.</summary>
public sealed record TimerFunction(string Name, string Schedule, Func<IServiceProvider, TimerInfo, CancellationToken, Task> Run);
