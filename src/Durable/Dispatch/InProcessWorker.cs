using DurableTask.Core;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Dispatch;

/// <summary>
/// Runs the host's registered orchestrators and activities next to the backend without the gRPC hop: work items
/// come from the <see cref="WorkDispatcher"/> as from a <c>GetWorkItems</c> stream, orchestrators run through the
/// SDK's public <see cref="GrpcOrchestrationRunner"/> (the path Azure Functions' isolated worker takes) and
/// activities through the SDK's activity shim, and results go back as completions. An alternative to
/// the stock gRPC worker, measured against it by <c>bench/run.sh durable --worker inprocess</c>.
/// </summary>
internal sealed partial class InProcessWorker(
    WorkDispatcher dispatcher,
    IOptionsMonitor<DurableTaskRegistry> registries,
    IOptionsMonitor<DurableTaskWorkerOptions> workerOptions,
    IServiceProvider services,
    InProcessWorkerOptions settings,
    ILogger<InProcessWorker> logger) : BackgroundService
{
    private Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = [];
    private Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = [];
    private DurableTaskShimFactory _shims = DurableTaskShimFactory.Default;
    /// <summary>How long an orchestration stays in memory between episodes (an extended session).</summary>
    private static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromSeconds(30);

    private ExtendedSessionsCache _sessions = new();
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var registry = registries.Get(Options.DefaultName);
        var options = workerOptions.Get(Options.DefaultName);
        _shims = new DurableTaskShimFactory(options, services.GetService<ILoggerFactory>());
        _orchestrators = registry.GetOrchestrators().ToDictionary(p => p.Key.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
        _activities = registry.GetActivities().ToDictionary(p => p.Key.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var request = new P.GetWorkItemsRequest
        {
            MaxConcurrentOrchestrationWorkItems = options.Concurrency.MaximumConcurrentOrchestrationWorkItems,
            MaxConcurrentActivityWorkItems = options.Concurrency.MaximumConcurrentActivityWorkItems,
            // Only what this host can run, as the stock worker with its filters asks.
            WorkItemFilters = settings.OnlyRegistered
                ? new P.WorkItemFilters
                {
                    Orchestrations = { _orchestrators.Keys.Select(n => new P.OrchestrationFilter { Name = n }) },
                    Activities = { _activities.Keys.Select(n => new P.ActivityFilter { Name = n }) },
                }
                : null,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.StreamAsync(request, new Runner(this), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                LogStreamFailed(exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RunOrchestratorAsync(P.OrchestratorRequest request, string token)
    {
        P.OrchestratorResponse response;
        var name = request.NewEvents.Concat(request.PastEvents).FirstOrDefault(e => e.ExecutionStarted is not null)?.ExecutionStarted.Name ?? "";
        await using var scope = services.CreateAsyncScope();
        if (_orchestrators.TryGetValue(name, out var create))
        {
            response = RunInSession(request, token, () => create(scope.ServiceProvider), scope.ServiceProvider);
        }
        else
        {
            response = new P.OrchestratorResponse
            {
                InstanceId = request.InstanceId,
                Actions =
                {
                    new P.OrchestratorAction
                    {
                        CompleteOrchestration = new P.CompleteOrchestrationAction
                        {
                            OrchestrationStatus = P.OrchestrationStatus.Failed,
                            FailureDetails = new P.TaskFailureDetails { ErrorType = "OrchestratorTaskNotFound", ErrorMessage = $"No orchestrator task named '{name}' was found.", IsNonRetriable = true },
                        },
                    },
                },
            };
        }

        response.CompletionToken = token;
        await dispatcher.CompleteOrchestrationAsync(response);
    }

    /// <summary>
    /// Runs the episode through the SDK's runner in an extended session (the Functions host's path): the runner keeps
    /// the orchestration in memory between episodes, so an episode that continues the state this process committed
    /// last (<see cref="WorkDispatcher.ContinuesCommittedState"/>) runs only its new events instead of replaying the
    /// whole history — a chain of n steps costs O(n), not O(n²). Any other episode, or one whose session the runner
    /// no longer holds, runs from the full history, which also starts a new session.
    /// </summary>
    private P.OrchestratorResponse RunInSession(P.OrchestratorRequest request, string token, Func<ITaskOrchestrator> create, IServiceProvider scoped)
    {
        if (dispatcher.ContinuesCommittedState(token))
        {
            var lean = request.Clone();
            lean.PastEvents.Clear();
            var response = Run(WithSession(lean, includesState: false), create(), scoped);
            if (!response.RequiresHistory)
            {
                return response;
            }
        }

        return Run(WithSession(request.Clone(), includesState: true), create(), scoped);
    }

    private P.OrchestratorResponse Run(P.OrchestratorRequest request, ITaskOrchestrator orchestrator, IServiceProvider scoped)
    {
        var encoded = GrpcOrchestrationRunner.LoadAndRun(request.ToByteString().ToBase64(), orchestrator, _sessions, scoped);
        return P.OrchestratorResponse.Parser.ParseFrom(ByteString.FromBase64(encoded));
    }

    private P.OrchestratorRequest WithSession(P.OrchestratorRequest request, bool includesState)
    {
        // The request properties the SDK's runner reads for extended sessions.
        request.Properties["IsExtendedSession"] = Value.ForBool(true);
        request.Properties["ExtendedSessionIdleTimeoutInSeconds"] = Value.ForNumber(SessionIdleTimeout.TotalSeconds);
        request.Properties["IncludeState"] = Value.ForBool(includesState);
        return request;
    }

    /// <summary>Drops every orchestration kept in memory, as a restart would: the next episodes replay from history.</summary>
    internal void ForgetSessions() => Interlocked.Exchange(ref _sessions, new ExtendedSessionsCache()).Dispose();

    public override void Dispose()
    {
        _sessions.Dispose();
        base.Dispose();
    }

    private async Task RunActivityAsync(P.ActivityRequest request, string token, CancellationToken stopping)
    {
        var response = new P.ActivityResponse { InstanceId = request.OrchestrationInstance.InstanceId, TaskId = request.TaskId, CompletionToken = token };
        await using var scope = services.CreateAsyncScope();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(dispatcher.ActivityLeaseLost(token), stopping);
        scope.ServiceProvider.GetRequiredService<ActivityCancellation>().Token = cancellation.Token;
        if (!_activities.TryGetValue(request.Name, out var create))
        {
            response.FailureDetails = new P.TaskFailureDetails { ErrorType = "ActivityTaskNotFound", ErrorMessage = $"No activity task named '{request.Name}' was found.", IsNonRetriable = true };
        }
        else
        {
            try
            {
                var shim = _shims.CreateActivity(new TaskName(request.Name), create(scope.ServiceProvider));
                var instance = new OrchestrationInstance { InstanceId = request.OrchestrationInstance.InstanceId, ExecutionId = request.OrchestrationInstance.ExecutionId };
                response.Result = await shim.RunAsync(new TaskContext(instance, request.Name, request.Version ?? "", request.TaskId), request.Input);
            }
            catch (Exception exception)
            {
                response.FailureDetails = Failure(exception);
            }
        }

        await dispatcher.CompleteActivityAsync(response);
    }

    private static P.TaskFailureDetails Failure(Exception exception) => new()
    {
        ErrorType = exception.GetType().FullName ?? exception.GetType().Name,
        ErrorMessage = exception.Message,
        StackTrace = exception.StackTrace,
        InnerFailure = exception.InnerException is { } inner ? Failure(inner) : null,
    };

    private async Task RunAsync(P.WorkItem item)
    {
        try
        {
            switch (item.RequestCase)
            {
                case P.WorkItem.RequestOneofCase.OrchestratorRequest:
                    await RunOrchestratorAsync(item.OrchestratorRequest, item.CompletionToken);
                    break;
                case P.WorkItem.RequestOneofCase.ActivityRequest:
                    await RunActivityAsync(item.ActivityRequest, item.CompletionToken, _stopping);
                    break;
            }
        }
        catch (Exception exception)
        {
            // The work item's lease runs out and it is offered again.
            LogWorkItemFailed(exception, item.RequestCase.ToString());
        }
    }

    [LoggerMessage(LogLevel.Warning, "In-process work stream failed; reconnecting")]
    private partial void LogStreamFailed(Exception exception);

    [LoggerMessage(LogLevel.Error, "In-process {Kind} work item failed inside the runtime; it will be offered again")]
    private partial void LogWorkItemFailed(Exception exception, string kind);

    /// <summary>The dispatcher's stream, delivered to tasks instead of a network connection.</summary>
    private sealed class Runner(InProcessWorker worker) : IServerStreamWriter<P.WorkItem>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(P.WorkItem message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(P.WorkItem message, CancellationToken cancellationToken)
        {
            _ = Task.Run(() => worker.RunAsync(message), CancellationToken.None);
            return Task.CompletedTask;
        }
    }
}
