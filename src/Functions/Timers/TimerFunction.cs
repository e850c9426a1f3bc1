using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Hosting;

namespace Smo.Functions.Timers;

/// <summary>A timer-triggered function: a name, an NCRONTAB schedule (or <c>%Setting%</c>) and what to run.</summary>
/// <param name="Definition">The <c>[Function]</c> it runs, whose class may need settings before it can (see <see cref="FunctionRequirements"/>).</param>
public sealed record TimerFunction(string Name, string Schedule, Func<IServiceProvider, TimerInfo, CancellationToken, Task> Run, Hosting.FunctionDefinition? Definition = null);
