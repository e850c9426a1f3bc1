namespace Smo.Durable.Storage.InMemory;

/// <summary>
/// A store that lives in one process, with the same contract as the PostgreSQL store: every method is atomic under
/// one lock, and a checkpoint is staged completely before any of it is applied.
/// </summary>
public sealed class InMemoryOrchestrationStore(TimeProvider time, StoreFaults? faults = null) : IOrchestrationStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InstanceRow> _instances = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, InboxRow> _inbox = [];
    private readonly SortedDictionary<long, TaskRow> _tasks = [];
    private readonly AsyncSignal _orchestrationSignal = new();
    private readonly AsyncSignal _activitySignal = new();
    private readonly InstanceChangeSignals _instanceSignals = new();
    private long _nextId;

    public InMemoryOrchestrationStore() : this(TimeProvider.System)
    {
    }

    public Task OrchestrationSignal => _orchestrationSignal.Current;

    public Task ActivitySignal => _activitySignal.Current;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<CreateOutcome> CreateInstanceAsync(NewOrchestration instance, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var outcome = Create(instance, dedupeStatuses);
            if (outcome == CreateOutcome.Created)
            {
                _orchestrationSignal.Set();
            }

            return Task.FromResult(outcome);
        }
    }

    public Task<MessageDelivery> SendMessageAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var row))
            {
                return Task.FromResult(MessageDelivery.InstanceNotFound);
            }

            if (row.State.Status.IsTerminal())
            {
                return Task.FromResult(MessageDelivery.InstanceTerminal);
            }

            AddInbox(instanceId, null, message, Now);
            _orchestrationSignal.Set();
            return Task.FromResult(MessageDelivery.Delivered);
        }
    }

    public Task<IReadOnlyList<OrchestrationWorkItem>> LockNextOrchestrationsAsync(string owner, TimeSpan lease, int maxInstances, int maxMessages, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var claimed = new List<OrchestrationWorkItem>();
            while (claimed.Count < maxInstances && LockNext(owner, lease, maxMessages) is { } item)
            {
                claimed.Add(item);
            }

            return Task.FromResult<IReadOnlyList<OrchestrationWorkItem>>(claimed);
        }
    }

    private OrchestrationWorkItem? LockNext(string owner, TimeSpan lease, int maxMessages)
    {
        var now = Now;
        var candidate = _inbox.Values
            .Where(m => m.VisibleAt <= now)
            .OrderBy(m => m.VisibleAt)
            .ThenBy(m => m.Id)
            .Select(m => (Message: m, Row: _instances.GetValueOrDefault(m.InstanceId)))
            .FirstOrDefault(c => c.Row is not null && c.Row.LeaseFree(now) && WorkRules.CanWake(c.Row.State.Status, c.Message.Event.Type));
        if (candidate.Row is not { } row)
        {
            return null;
        }

        row.LeaseOwner = owner;
        row.LeaseExpiresAt = now + lease;
        row.LockToken++;
        // Lifecycle messages always come along, so a long queue of events cannot hide a start, resume or terminate.
        var messages = _inbox.Values
            .Where(m => m.InstanceId == row.State.InstanceId && m.VisibleAt <= now)
            .Where((m, position) => position < maxMessages || m.Event.IsControl || m.Event.Type == HistoryEventType.ExecutionStarted)
            .Select(m =>
            {
                m.DequeueCount++;
                return new InboxMessage(m.Id, m.ExecutionId, m.Event, m.DequeueCount);
            })
            .ToList();
        return new OrchestrationWorkItem(row.State, [.. row.History], messages, owner, row.LockToken);
    }

    public Task<bool> RenewOrchestrationLeaseAsync(OrchestrationWorkItem workItem, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!HoldsLease(workItem, out var row))
            {
                return Task.FromResult(false);
            }

            row.LeaseExpiresAt = Now + lease;
            return Task.FromResult(true);
        }
    }

    public Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = Now;
            faults?.Step("update-instance");
            if (!HoldsLease(workItem, out var row))
            {
                throw new LeaseLostException(workItem.Instance.InstanceId);
            }

            // Stage everything first; nothing below mutates state until the commit step.
            faults?.Step("delete-inbox");
            var consumed = checkpoint.ConsumedMessageIds.Where(_inbox.ContainsKey).ToList();
            faults?.Step("append-history");
            var history = checkpoint.ResetHistory ? [.. checkpoint.NewHistory] : row.History.Concat(checkpoint.NewHistory).ToList();
            faults?.Step("insert-tasks");
            var executionId = workItem.Instance.ExecutionId;
            faults?.Step("create-sub-orchestrations");
            faults?.Step("insert-messages");
            faults?.Step("notify");
            faults?.Step("commit");

            foreach (var id in consumed)
            {
                _inbox.Remove(id);
            }

            foreach (var id in checkpoint.KeptMessageIds)
            {
                if (_inbox.TryGetValue(id, out var kept))
                {
                    kept.DequeueCount = 0;
                }
            }

            row.History = history;
            row.State = row.State with
            {
                Status = checkpoint.Status,
                ExecutionId = checkpoint.ExecutionId,
                Input = checkpoint.Input,
                Output = checkpoint.Output,
                CustomStatus = checkpoint.CustomStatus,
                FailureDetails = checkpoint.FailureDetails,
                LastUpdatedAt = checkpoint.LastUpdatedAt,
                CompletedAt = checkpoint.CompletedAt,
                HistoryCount = history.Count,
            };
            row.LeaseOwner = null;
            row.LeaseExpiresAt = null;

            foreach (var task in checkpoint.NewTasks)
            {
                var id = ++_nextId;
                _tasks.Add(id, new TaskRow(id, row.State.InstanceId, executionId, task.TaskId, task.Name, task.Input) { VisibleAt = now });
            }

            foreach (var child in checkpoint.NewSubOrchestrations)
            {
                if (Create(child, []) == CreateOutcome.AlreadyExists)
                {
                    AddInbox(row.State.InstanceId, workItem.Instance.ExecutionId, WorkRules.ChildRejected(child, now), now);
                }
            }

            foreach (var message in checkpoint.Messages.Where(m => _instances.ContainsKey(m.InstanceId)))
            {
                AddInbox(message.InstanceId, message.ExecutionId, message.Event, message.VisibleAt);
            }

            foreach (var carried in checkpoint.CarriedOverMessages)
            {
                _inbox[carried.Id] = new InboxRow(carried.Id, row.State.InstanceId, carried.ExecutionId, carried.Event, now);
            }

            _orchestrationSignal.Set();
            if (checkpoint.NewTasks.Count > 0)
            {
                _activitySignal.Set();
            }

            if (checkpoint.StatusChanged)
            {
                _instanceSignals.Notify(row.State.InstanceId);
            }

            return Task.CompletedTask;
        }
    }

    public Task ReleaseOrchestrationAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (HoldsLease(workItem, out var row))
            {
                row.LeaseOwner = null;
                row.LeaseExpiresAt = Now + delay;
            }

            return Task.CompletedTask;
        }
    }

    public Task<DateTime?> GetNextOrchestrationWakeUpAsync(DateTime after, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var next = _inbox.Values.Where(m => m.VisibleAt > after).Select(m => (DateTime?)m.VisibleAt).Min();
            var leaseEnd = _instances.Values.Where(i => i.LeaseExpiresAt > after).Select(i => i.LeaseExpiresAt).Min();
            return Task.FromResult(next is null || (leaseEnd is not null && leaseEnd < next) ? leaseEnd ?? next : next);
        }
    }

    public Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(string owner, TimeSpan lease, int maxTasks, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = Now;
            var claimed = new List<ActivityWorkItem>();
            foreach (var task in _tasks.Values.Where(t => t.VisibleAt <= now).OrderBy(t => t.VisibleAt).ThenBy(t => t.Id).Take(maxTasks).ToList())
            {
                task.Owner = owner;
                task.LockToken++;
                task.DequeueCount++;
                task.VisibleAt = now + lease;
                claimed.Add(new ActivityWorkItem(task.Id, task.InstanceId, task.ExecutionId, task.TaskId, task.Name, task.Input, task.DequeueCount, owner, task.LockToken));
            }

            return Task.FromResult<IReadOnlyList<ActivityWorkItem>>(claimed);
        }
    }

    public Task<bool> RenewActivityLeaseAsync(ActivityWorkItem workItem, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!HoldsLease(workItem, out var task))
            {
                return Task.FromResult(false);
            }

            task.VisibleAt = Now + lease;
            return Task.FromResult(true);
        }
    }

    public Task<bool> CompleteActivityAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!HoldsLease(workItem, out _))
            {
                return Task.FromResult(false);
            }

            _tasks.Remove(workItem.Id);
            if (_instances.TryGetValue(workItem.InstanceId, out var row)
                && row.State.ExecutionId == workItem.ExecutionId
                && !row.State.Status.IsTerminal())
            {
                AddInbox(workItem.InstanceId, workItem.ExecutionId, result, Now);
                _orchestrationSignal.Set();
            }

            return Task.FromResult(true);
        }
    }

    public Task ReleaseActivityAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (HoldsLease(workItem, out var task))
            {
                task.Owner = null;
                task.VisibleAt = Now + delay;
            }

            return Task.CompletedTask;
        }
    }

    public Task<OrchestrationInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.GetValueOrDefault(instanceId)?.State);
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<HistoryEvent> history = _instances.TryGetValue(instanceId, out var row) ? [.. row.History] : [];
            return Task.FromResult(history);
        }
    }

    public Task<IReadOnlyList<OrchestrationInstance>> QueryInstancesAsync(InstanceFilter filter, InstanceCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<OrchestrationInstance> page = Matching(filter)
                .Where(i => after is null || i.CreatedAt > after.CreatedAt || (i.CreatedAt == after.CreatedAt && string.CompareOrdinal(i.InstanceId, after.InstanceId) > 0))
                .OrderBy(i => i.CreatedAt)
                .ThenBy(i => i.InstanceId, StringComparer.Ordinal)
                .Take(pageSize)
                .ToList();
            return Task.FromResult(page);
        }
    }

    public Task<PurgeOutcome> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var row))
            {
                return Task.FromResult(PurgeOutcome.NotFound);
            }

            if (!row.State.Status.IsTerminal())
            {
                return Task.FromResult(PurgeOutcome.NotTerminal);
            }

            Delete(instanceId);
            return Task.FromResult(PurgeOutcome.Purged);
        }
    }

    public Task<int> PurgeInstancesAsync(InstanceFilter filter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var purged = Matching(filter).Where(i => i.Status.IsTerminal()).Select(i => i.InstanceId).ToList();
            purged.ForEach(Delete);
            return Task.FromResult(purged.Count);
        }
    }

    public Task WaitForOrchestrationWorkAsync(Task? signalSnapshot, TimeSpan maxWait, CancellationToken cancellationToken) =>
        AsyncSignal.WaitAsync(signalSnapshot ?? _orchestrationSignal.Current, maxWait, cancellationToken);

    public Task WaitForActivityWorkAsync(Task? signalSnapshot, TimeSpan maxWait, CancellationToken cancellationToken) =>
        AsyncSignal.WaitAsync(signalSnapshot ?? _activitySignal.Current, maxWait, cancellationToken);

    public Task WaitForInstanceChangeAsync(string instanceId, TimeSpan maxWait, CancellationToken cancellationToken) =>
        _instanceSignals.WaitAsync(instanceId, maxWait, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private CreateOutcome Create(NewOrchestration instance, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses)
    {
        if (!CanCreate(instance.InstanceId, dedupeStatuses))
        {
            return CreateOutcome.AlreadyExists;
        }

        Delete(instance.InstanceId);
        var now = Now;
        _instances[instance.InstanceId] = new InstanceRow(new OrchestrationInstance(
            instance.InstanceId, instance.ExecutionId, instance.Name, OrchestrationRuntimeStatus.Pending, instance.Input,
            null, null, null, instance.CreatedAt, now, null, instance.StartAt, instance.Parent, 0));
        var start = new HistoryEvent(HistoryEventType.ExecutionStarted, -1, instance.Name, instance.Input, now);
        AddInbox(instance.InstanceId, instance.ExecutionId, start, instance.StartAt ?? now);
        _instanceSignals.Notify(instance.InstanceId);
        return CreateOutcome.Created;
    }

    private bool CanCreate(string instanceId, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses) =>
        !_instances.TryGetValue(instanceId, out var existing)
        || (existing.State.Status.IsTerminal() && !dedupeStatuses.Contains(existing.State.Status));

    private void Delete(string instanceId)
    {
        _instances.Remove(instanceId);
        foreach (var id in _inbox.Values.Where(m => m.InstanceId == instanceId).Select(m => m.Id).ToList())
        {
            _inbox.Remove(id);
        }

        foreach (var id in _tasks.Values.Where(t => t.InstanceId == instanceId).Select(t => t.Id).ToList())
        {
            _tasks.Remove(id);
        }
    }

    private IEnumerable<OrchestrationInstance> Matching(InstanceFilter filter) => _instances.Values
        .Select(r => r.State)
        .Where(i => filter.CreatedFrom is null || i.CreatedAt >= filter.CreatedFrom)
        .Where(i => filter.CreatedTo is null || i.CreatedAt <= filter.CreatedTo)
        .Where(i => filter.Statuses is not { Count: > 0 } || filter.Statuses.Contains(i.Status))
        .Where(i => filter.InstanceIdPrefix is null || i.InstanceId.StartsWith(filter.InstanceIdPrefix, StringComparison.Ordinal));

    private void AddInbox(string instanceId, string? executionId, HistoryEvent message, DateTime visibleAt)
    {
        var id = ++_nextId;
        _inbox.Add(id, new InboxRow(id, instanceId, executionId, message, visibleAt));
    }

    private bool HoldsLease(OrchestrationWorkItem workItem, out InstanceRow row) =>
        _instances.TryGetValue(workItem.Instance.InstanceId, out row!)
        && row.LockToken == workItem.LockToken
        && row.LeaseOwner == workItem.Owner;

    private bool HoldsLease(ActivityWorkItem workItem, out TaskRow task) =>
        _tasks.TryGetValue(workItem.Id, out task!) && task.LockToken == workItem.LockToken && task.Owner == workItem.Owner;

    private sealed class InstanceRow(OrchestrationInstance state)
    {
        public OrchestrationInstance State { get; set; } = state;

        public List<HistoryEvent> History { get; set; } = [];

        public string? LeaseOwner { get; set; }

        public DateTime? LeaseExpiresAt { get; set; }

        public long LockToken { get; set; }

        public bool LeaseFree(DateTime now) => LeaseExpiresAt is null || LeaseExpiresAt <= now;
    }

    private sealed record InboxRow(long Id, string InstanceId, string? ExecutionId, HistoryEvent Event, DateTime VisibleAt)
    {
        public int DequeueCount { get; set; }
    }

    private sealed record TaskRow(long Id, string InstanceId, string ExecutionId, int TaskId, string Name, string? Input)
    {
        public DateTime VisibleAt { get; set; }

        public string? Owner { get; set; }

        public long LockToken { get; set; }

        public int DequeueCount { get; set; }
    }
}
