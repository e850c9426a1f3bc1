using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Smo.Durable.Protocol;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// The production store. Claims use <c>FOR UPDATE SKIP LOCKED</c> with a lease and a fencing token; each checkpoint
/// is one transaction guarded by that token; wake-ups travel by LISTEN/NOTIFY with polling as the fallback.
/// Claims and lease renewals commit without waiting for fsync (losing one only delays work); checkpoints and
/// activity results are fully durable.
/// </summary>
public sealed class PostgresOrchestrationStore : IOrchestrationStore
{
    private const string InstanceColumns =
        "instance_id, execution_id, name, status, input, output, custom_status, failure, created_at, last_updated_at, " +
        "completed_at, scheduled_start_at, parent_instance_id, parent_execution_id, parent_task_id, history_count";

    private const int MaxPreparedStatements = 64;
    private const int ListenerKeepAliveSeconds = 15;

    private static readonly string Lifecycle = string.Join(", ", WorkRules.Lifecycle);

    private const string TerminalStatuses = "('Completed', 'Failed', 'Terminated')";

    private readonly NpgsqlDataSource _durable;
    private readonly NpgsqlDataSource _relaxed;
    private readonly string _s;
    private readonly TimeProvider _time;
    private readonly StoreFaults? _faults;
    private readonly HistoryCache _historyCache;
    private readonly PostgresNotificationListener _listener;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private readonly PostgresWriteCommands _write;
    private readonly GroupCommitter<(OrchestrationWorkItem WorkItem, OrchestrationCheckpoint Checkpoint), bool> _checkpoints;
    private readonly GroupCommitter<(ActivityWorkItem WorkItem, P.HistoryEvent Result), bool> _results;
    private readonly PostCommitNotifier _notifier;
    private readonly NpgsqlDataSource _listenerSource;
    private readonly bool _listen;
    private long _claims;
    private bool _initialized; // clients call InitializeAsync on every request; after the first it costs one read

    public PostgresOrchestrationStore(PostgresStoreOptions options, TimeProvider time, ILoggerFactory? loggerFactory = null, StoreFaults? faults = null)
    {
        _s = options.SchemaName;
        _listen = options.ListenForNotifications;
        _time = time;
        _faults = faults;
        _historyCache = new HistoryCache(options.HistoryCacheSize);
        var durable = WithPreparedStatements(options.ConnectionString);
        _durable = NpgsqlDataSource.Create(durable.ConnectionString);
        durable.Options = "-c synchronous_commit=off";
        _relaxed = NpgsqlDataSource.Create(durable.ConnectionString);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresOrchestrationStore>();
        // The LISTEN connection sits idle; keepalives let a silently dropped one be noticed and reopened.
        var listening = new NpgsqlConnectionStringBuilder(options.ConnectionString) { KeepAlive = ListenerKeepAliveSeconds };
        _listenerSource = NpgsqlDataSource.Create(listening.ConnectionString);
        _listener = new PostgresNotificationListener(_listenerSource, _s, logger);
        _notifier = new PostCommitNotifier(_relaxed, _s, _listener, logger);
        _write = new PostgresWriteCommands(_s);
        _checkpoints = new(CommitCheckpointsAsync);
        _results = new(CommitResultsAsync);
    }

    public Task OrchestrationSignal => _listener.Orchestrations.Current;

    public Task ActivitySignal => _listener.Activities.Current;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _initialized))
        {
            return;
        }

        await _initialization.WaitAsync(cancellationToken);
        try
        {
            if (!_initialized)
            {
                await PostgresSchema.MigrateAsync(_durable, _s, cancellationToken);
                if (_listen)
                {
                    _listener.Start();
                }

                Volatile.Write(ref _initialized, true);
            }
        }
        finally
        {
            _initialization.Release();
        }
    }

    public async Task<CreateOutcome> CreateInstanceAsync(NewOrchestration instance, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        // One batch is one implicit transaction: replacing a finished instance and creating the new one go together.
        await using var batch = _durable.CreateBatch();
        batch.BatchCommands.Add(_write.ReplaceFinished(instance.InstanceId, dedupeStatuses));
        batch.BatchCommands.Add(_write.CreateInstance(instance, Now));
        bool created;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            created = reader.GetInt64(0) == 1;
        }

        if (!created)
        {
            return CreateOutcome.AlreadyExists;
        }

        _notifier.Send([PostgresNotificationListener.OrchestrationWork, PostgresNotificationListener.InstancePrefix + instance.InstanceId]);
        return CreateOutcome.Created;
    }

    public async Task<MessageDelivery> SendMessageAsync(string instanceId, P.HistoryEvent message, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await _durable.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            WITH target AS (SELECT status FROM {_s}.instances WHERE instance_id = @id),
            inserted AS (
                INSERT INTO {_s}.inbox (instance_id, execution_id, event_type, task_id, name, event, recorded_at, visible_at)
                SELECT @id, NULL, @type, @task, @name, @event, @now, now() FROM target WHERE status NOT IN {TerminalStatuses}
                RETURNING id)
            SELECT (SELECT status FROM target), (SELECT count(*) FROM inserted)
            """, connection);
        command.Parameters.WithText("id", instanceId).With("type", NpgsqlDbType.Smallint, message.Kind()).WithInt("task", message.TaskId())
            .WithText("name", message.Name()).With("event", NpgsqlDbType.Bytea, message.ToByteArray()).WithTime("now", Now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.IsDBNull(0))
        {
            return MessageDelivery.InstanceNotFound;
        }

        if (reader.GetInt64(1) > 0)
        {
            _notifier.Send(PostgresNotificationListener.OrchestrationWork);
        }

        return Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(0)).IsTerminal() ? MessageDelivery.InstanceTerminal : MessageDelivery.Delivered;
    }

    public async Task<IReadOnlyList<OrchestrationWorkItem>> LockNextOrchestrationsAsync(string owner, TimeSpan lease, int maxInstances, int maxMessages, IReadOnlyCollection<string>? names, CancellationToken cancellationToken)
    {
        // Each claim leases under its own name, so the second statement of the batch finds the instances it claimed.
        var claimOwner = $"{owner}#{Interlocked.Increment(ref _claims)}";
        await using var connection = await _relaxed.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var claim = new NpgsqlBatchCommand($"""
            WITH candidate AS (
                SELECT i.instance_id FROM {_s}.inbox m JOIN {_s}.instances i ON i.instance_id = m.instance_id
                WHERE m.visible_at <= now()
                  AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= now())
                  AND (@names IS NULL OR i.name = ANY(@names))
                  AND CASE i.status
                        WHEN 'Pending' THEN m.event_type IN ({string.Join(", ", WorkRules.WakePending)})
                        WHEN 'Suspended' THEN m.event_type IN ({string.Join(", ", WorkRules.WakeSuspended)})
                        ELSE true END
                ORDER BY m.visible_at
                LIMIT @instances
                FOR UPDATE OF i SKIP LOCKED)
            UPDATE {_s}.instances i SET lease_owner = @owner, lease_expires_at = now() + @lease, lock_token = i.lock_token + 1
            FROM (SELECT DISTINCT instance_id FROM candidate) c WHERE i.instance_id = c.instance_id
            RETURNING {Qualified("i")}, i.lock_token
            """);
        claim.Parameters.WithText("owner", claimOwner).WithInterval("lease", lease).WithInt("instances", maxInstances).WithNames(names);
        var read = new NpgsqlBatchCommand($"""
            UPDATE {_s}.inbox SET dequeue_count = dequeue_count + 1
            WHERE id IN (
                SELECT id FROM (
                    SELECT m.id, m.event_type, row_number() OVER (PARTITION BY m.instance_id ORDER BY m.id) AS position
                    FROM {_s}.inbox m JOIN {_s}.instances i ON i.instance_id = m.instance_id
                    WHERE i.lease_owner = @owner AND m.visible_at <= now()) ranked
                -- lifecycle messages always come along, so a long queue of events cannot hide a start, resume or terminate
                WHERE position <= @max OR event_type IN ({Lifecycle}))
            RETURNING instance_id, id, execution_id, dequeue_count, event
            """);
        read.Parameters.WithText("owner", claimOwner).WithInt("max", maxMessages);
        batch.BatchCommands.Add(claim);
        batch.BatchCommands.Add(read);

        var claimed = new List<(OrchestrationInstance Instance, long Token)>();
        var messages = new Dictionary<string, List<InboxMessage>>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((ReadInstance(reader), reader.GetInt64(16)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var instanceId = reader.GetString(0);
                if (!messages.TryGetValue(instanceId, out var list))
                {
                    messages[instanceId] = list = [];
                }

                list.Add(new InboxMessage(reader.GetInt64(1), reader.GetNullableString(2), ReadEvent(reader, 4), reader.GetInt32(3)));
            }
        }

        var workItems = new List<OrchestrationWorkItem>(claimed.Count);
        foreach (var (instance, token) in claimed)
        {
            var inbox = messages.GetValueOrDefault(instance.InstanceId) ?? [];
            inbox.Sort((a, b) => a.Id.CompareTo(b.Id));
            var history = instance.HistoryCount == 0
                ? []
                : _historyCache.TryGet(instance.InstanceId, instance.ExecutionId, instance.HistoryCount)
                  ?? await ReadHistoryAsync(connection, instance.InstanceId, instance.ExecutionId, cancellationToken);
            workItems.Add(new OrchestrationWorkItem(instance, history, inbox, claimOwner, token));
        }

        return workItems;
    }

    public async Task<bool> RenewOrchestrationLeaseAsync(OrchestrationWorkItem workItem, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand(
            $"UPDATE {_s}.instances SET lease_expires_at = now() + @lease WHERE instance_id = @id AND lock_token = @token AND lease_owner = @owner");
        command.Parameters.WithInterval("lease", lease).WithText("id", workItem.Instance.InstanceId).WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken) =>
        _checkpoints.CommitAsync((workItem, checkpoint));

    /// <summary>Writes checkpoints in one transaction, each guarded by its lease; any failure rolls back all of them.</summary>
    private async Task<IReadOnlyList<bool>> CommitCheckpointsAsync(IReadOnlyList<(OrchestrationWorkItem WorkItem, OrchestrationCheckpoint Checkpoint)> group)
    {
        var now = Now;
        try
        {
            await using var connection = await _durable.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var batch = new CheckpointBatch(connection, transaction, _faults);
            foreach (var pending in group)
            {
                AddCheckpoint(batch, pending.WorkItem, pending.Checkpoint, now);
            }

            if (!await batch.ExecuteAsync(CancellationToken.None))
            {
                throw new LeaseLostException(group[0].WorkItem.Instance.InstanceId);
            }

            _faults?.Step("commit");
            await transaction.CommitAsync();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            Forget(group);
            throw new LeaseLostException(group[0].WorkItem.Instance.InstanceId); // someone else appended this history: the lease was stale
        }
        catch
        {
            Forget(group);
            throw;
        }

        foreach (var pending in group)
        {
            Remember(pending.WorkItem, pending.Checkpoint);
            _notifier.Send(Notifications(pending.WorkItem.Instance.InstanceId, pending.Checkpoint));
        }

        return [.. group.Select(_ => true)];
    }

    private void AddCheckpoint(CheckpointBatch batch, OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, DateTime now)
    {
        var instanceId = workItem.Instance.InstanceId;
        var firstSeq = checkpoint.ResetHistory ? 0 : workItem.Instance.HistoryCount;
        batch.Guard(_write.UpdateInstance(workItem, checkpoint, firstSeq + checkpoint.NewHistory.Count));
        batch.Step("delete-inbox", _write.DeleteMessages(checkpoint.ConsumedMessageIds), _write.ResetDequeueCounts(checkpoint.KeptMessageIds));
        batch.Step("append-history",
            checkpoint.ResetHistory ? _write.DeleteHistory(instanceId) : null,
            _write.AppendHistory(instanceId, checkpoint.ExecutionId, firstSeq, checkpoint.NewHistory));
        batch.Step("insert-tasks", _write.InsertTasks(instanceId, workItem.Instance.ExecutionId, checkpoint.NewTasks, now));
        batch.Step("create-sub-orchestrations", checkpoint.NewSubOrchestrations
            .SelectMany(child => new[] { _write.ReplaceFinished(child.InstanceId, []), _write.CreateInstance(child, now, WorkRules.ChildRejected(child, now)) })
            .ToArray());
        batch.Step("insert-messages", _write.InsertMessages(checkpoint.Messages, now), _write.InsertCarriedOver(instanceId, checkpoint.CarriedOverMessages));
        batch.Step("notify"); // wake-ups go after the commit (PostCommitNotifier); the step stays for fault injection
    }

    /// <summary>Keeps the history this host just wrote, so the next episode of the instance need not read it back.</summary>
    private void Remember(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint)
    {
        var instanceId = workItem.Instance.InstanceId;
        if (checkpoint.Status.IsTerminal())
        {
            _historyCache.Remove(instanceId);
            return;
        }

        var history = checkpoint.ResetHistory ? checkpoint.NewHistory : [.. workItem.History, .. checkpoint.NewHistory];
        _historyCache.Put(instanceId, checkpoint.ExecutionId, history);
    }

    private void Forget(IReadOnlyList<(OrchestrationWorkItem WorkItem, OrchestrationCheckpoint Checkpoint)> group)
    {
        foreach (var pending in group)
        {
            _historyCache.Remove(pending.WorkItem.Instance.InstanceId);
        }
    }

    public async Task ReleaseOrchestrationAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand(
            $"UPDATE {_s}.instances SET lease_owner = NULL, lease_expires_at = now() + @delay WHERE instance_id = @id AND lock_token = @token AND lease_owner = @owner");
        command.Parameters.WithInterval("delay", delay).WithText("id", workItem.Instance.InstanceId).WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTime?> GetNextOrchestrationWakeUpAsync(DateTime after, CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand($"""
            SELECT LEAST(
                (SELECT min(visible_at) FROM {_s}.inbox WHERE visible_at > @now),
                (SELECT min(lease_expires_at) FROM {_s}.instances WHERE lease_expires_at > @now))
            """);
        command.Parameters.WithTime("now", after);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is DateTime due ? DateTime.SpecifyKind(due, DateTimeKind.Utc) : null;
    }

    public async Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(string owner, TimeSpan lease, int maxTasks, IReadOnlyCollection<string>? names, CancellationToken cancellationToken)
    {
        // A claimed task is hidden by moving visible_at to the end of its lease: the same index finds free work
        // and expired leases.
        await using var command = _relaxed.CreateCommand($"""
            UPDATE {_s}.tasks t SET lease_owner = @owner, lock_token = t.lock_token + 1, dequeue_count = t.dequeue_count + 1, visible_at = now() + @lease
            FROM (SELECT id FROM {_s}.tasks WHERE visible_at <= now() AND (@names IS NULL OR name = ANY(@names))
                  ORDER BY visible_at LIMIT @tasks FOR UPDATE SKIP LOCKED) c
            WHERE t.id = c.id
            RETURNING t.id, t.instance_id, t.execution_id, t.task_id, t.event, t.dequeue_count, t.lock_token
            """);
        command.Parameters.WithText("owner", owner).WithInterval("lease", lease).WithInt("tasks", maxTasks).WithNames(names);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<ActivityWorkItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ActivityWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                ReadEvent(reader, 4), reader.GetInt32(5), owner, reader.GetInt64(6)));
        }

        return claimed;
    }

    public async Task<bool> RenewActivityLeaseAsync(ActivityWorkItem workItem, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand(
            $"UPDATE {_s}.tasks SET visible_at = now() + @lease WHERE id = @id AND lock_token = @token AND lease_owner = @owner");
        command.Parameters.WithInterval("lease", lease).WithLong("id", workItem.Id).WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<bool> CompleteActivityAsync(ActivityWorkItem workItem, P.HistoryEvent result, CancellationToken cancellationToken) =>
        _results.CommitAsync((workItem, result));

    /// <summary>
    /// Delivers activity results in one statement (so one implicit transaction): each task row goes away exactly when
    /// its result arrives, guarded by its lease; results for a finished or replaced execution are discarded.
    /// </summary>
    private async Task<IReadOnlyList<bool>> CommitResultsAsync(IReadOnlyList<(ActivityWorkItem WorkItem, P.HistoryEvent Result)> group)
    {
        await using var command = _durable.CreateCommand($"""
            WITH input AS (
                SELECT * FROM unnest(@id, @token, @owner, @type, @task, @name, @event) AS u(id, token, owner, event_type, task_id, name, event)),
            done AS (
                DELETE FROM {_s}.tasks t USING input r WHERE t.id = r.id AND t.lock_token = r.token AND t.lease_owner = r.owner
                RETURNING t.id, r.token, t.instance_id, t.execution_id),
            delivered AS (
                -- Joined on the token too: a stale run's result and the owner's can share a group for one task.
                INSERT INTO {_s}.inbox (instance_id, execution_id, event_type, task_id, name, event, recorded_at, visible_at)
                SELECT d.instance_id, d.execution_id, r.event_type, r.task_id, r.name, r.event, @now, now()
                FROM done d JOIN input r ON r.id = d.id AND r.token = d.token
                    JOIN {_s}.instances i ON i.instance_id = d.instance_id AND i.execution_id = d.execution_id
                WHERE i.status NOT IN {TerminalStatuses}
                ORDER BY d.id
                RETURNING id)
            SELECT id, token, (SELECT count(*) FROM delivered) FROM done
            """);
        command.Parameters.WithArray("id", NpgsqlDbType.Bigint, group.Select(g => g.WorkItem.Id))
            .WithArray("token", NpgsqlDbType.Bigint, group.Select(g => g.WorkItem.LockToken))
            .WithArray("owner", NpgsqlDbType.Text, group.Select(g => g.WorkItem.Owner))
            .WithArray("type", NpgsqlDbType.Smallint, group.Select(g => g.Result.Kind()))
            .WithArray("task", NpgsqlDbType.Integer, group.Select(g => g.Result.TaskId()))
            .WithArray("name", NpgsqlDbType.Text, group.Select(g => g.WorkItem.Name))
            .WithArray("event", NpgsqlDbType.Bytea, group.Select(g => g.Result.ToByteArray()))
            .WithTime("now", Now);
        var done = new HashSet<(long Id, long Token)>();
        long delivered = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                done.Add((reader.GetInt64(0), reader.GetInt64(1)));
                delivered = reader.GetInt64(2);
            }
        }

        if (delivered > 0)
        {
            _notifier.Send(PostgresNotificationListener.OrchestrationWork);
        }

        return [.. group.Select(g => done.Contains((g.WorkItem.Id, g.WorkItem.LockToken)))];
    }

    public async Task ReleaseActivityAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand(
            $"UPDATE {_s}.tasks SET lease_owner = NULL, visible_at = now() + @delay WHERE id = @id AND lock_token = @token AND lease_owner = @owner");
        command.Parameters.WithInterval("delay", delay).WithLong("id", workItem.Id).WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<OrchestrationInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var command = _durable.CreateCommand($"SELECT {InstanceColumns} FROM {_s}.instances WHERE instance_id = @id");
        command.Parameters.WithText("id", instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadInstance(reader) : null;
    }

    public async Task<IReadOnlyList<P.HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await _durable.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT execution_id FROM {_s}.instances WHERE instance_id = @id", connection);
        command.Parameters.WithText("id", instanceId);
        return await command.ExecuteScalarAsync(cancellationToken) is string executionId
            ? (await ReadHistoryAsync(connection, instanceId, executionId, cancellationToken)).Select(r => r.Event).ToList()
            : [];
    }

    public async Task<IReadOnlyList<OrchestrationInstance>> QueryInstancesAsync(InstanceFilter filter, InstanceCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var command = _durable.CreateCommand($"""
            SELECT {InstanceColumns} FROM {_s}.instances
            WHERE {FilterSql}
              AND (@after_ts IS NULL OR (created_at, instance_id) > (@after_ts, @after_id))
            ORDER BY created_at, instance_id
            LIMIT @limit
            """);
        AddFilter(command.Parameters, filter).WithTime("after_ts", after?.CreatedAt).WithText("after_id", after?.InstanceId).WithInt("limit", pageSize);
        var page = new List<OrchestrationInstance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(ReadInstance(reader));
        }

        return page;
    }

    public async Task<WorkBacklog> GetBacklogAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        // Plain counts on the visible_at index and the tasks table: a read that takes no row lock, so claims never wait on it.
        await using var command = _relaxed.CreateCommand(
            $"SELECT (SELECT count(*) FROM {_s}.inbox WHERE visible_at <= now()), (SELECT count(*) FROM {_s}.tasks)");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new WorkBacklog(reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<PurgeOutcome> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await _durable.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var read = new NpgsqlCommand($"SELECT status FROM {_s}.instances WHERE instance_id = @id FOR UPDATE", connection);
        read.Parameters.WithText("id", instanceId);
        if (await read.ExecuteScalarAsync(cancellationToken) is not string status)
        {
            return PurgeOutcome.NotFound;
        }

        if (!Enum.Parse<OrchestrationRuntimeStatus>(status).IsTerminal())
        {
            return PurgeOutcome.NotTerminal;
        }

        await DeleteInstanceAsync(connection, instanceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _historyCache.Remove(instanceId);
        return PurgeOutcome.Purged;
    }

    public async Task<int> PurgeInstancesAsync(InstanceFilter filter, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var command = _durable.CreateCommand($"""
            WITH purged AS (
                DELETE FROM {_s}.instances WHERE {FilterSql} AND status IN {TerminalStatuses} RETURNING instance_id),
            history AS (DELETE FROM {_s}.history WHERE instance_id IN (SELECT instance_id FROM purged)),
            inbox AS (DELETE FROM {_s}.inbox WHERE instance_id IN (SELECT instance_id FROM purged)),
            tasks AS (DELETE FROM {_s}.tasks WHERE instance_id IN (SELECT instance_id FROM purged))
            SELECT count(*) FROM purged
            """);
        AddFilter(command.Parameters, filter);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task WaitForOrchestrationWorkAsync(Task? signalSnapshot, TimeSpan maxWait, CancellationToken cancellationToken) =>
        AsyncSignal.WaitAsync(signalSnapshot ?? _listener.Orchestrations.Current, maxWait, cancellationToken);

    public Task WaitForActivityWorkAsync(Task? signalSnapshot, TimeSpan maxWait, CancellationToken cancellationToken) =>
        AsyncSignal.WaitAsync(signalSnapshot ?? _listener.Activities.Current, maxWait, cancellationToken);

    public Task WaitForInstanceChangeAsync(string instanceId, TimeSpan maxWait, CancellationToken cancellationToken) =>
        _listener.Instances.WaitAsync(instanceId, maxWait, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _checkpoints.DisposeAsync();
        await _results.DisposeAsync();
        await _notifier.DisposeAsync();
        await _listener.DisposeAsync();
        await _listenerSource.DisposeAsync();
        await _durable.DisposeAsync();
        await _relaxed.DisposeAsync();
        _initialization.Dispose();
    }

    private const string FilterSql = """
        (@from IS NULL OR created_at >= @from)
          AND (@to IS NULL OR created_at <= @to)
          AND (@statuses IS NULL OR status = ANY(@statuses))
          AND (@prefix IS NULL OR starts_with(instance_id, @prefix))
        """;

    private static NpgsqlParameterCollection AddFilter(NpgsqlParameterCollection parameters, InstanceFilter filter) => parameters
        .WithTime("from", filter.CreatedFrom)
        .WithTime("to", filter.CreatedTo)
        .With("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text, filter.Statuses is { Count: > 0 } s ? s.Select(x => x.ToString()).ToArray() : null)
        .WithText("prefix", filter.InstanceIdPrefix);

    /// <summary>
    /// The store runs a few statements over and over; preparing them saves PostgreSQL most of its parse and plan
    /// work. A connection string that sets its own preparation is left alone.
    /// </summary>
    /// <summary>
    /// Prepared statements, and no session reset when a connection goes back to the pool: the backend never leaves
    /// session state behind (its advisory locks are transaction-scoped), and the reset is a round trip of four
    /// statements on every one of the thousands of connection uses a second.
    /// </summary>
    private static NpgsqlConnectionStringBuilder WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = MaxPreparedStatements;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder;
    }

    private static string Qualified(string alias) => string.Join(", ", InstanceColumns.Split(", ").Select(c => $"{alias}.{c}"));

    /// <summary>
    /// Always orchestration work: besides what the episode sent, messages that arrived while it ran (kept in the
    /// inbox) need a claim once its lease is gone.
    /// </summary>
    private static List<string> Notifications(string instanceId, OrchestrationCheckpoint checkpoint)
    {
        var payloads = new List<string> { PostgresNotificationListener.OrchestrationWork };

        if (checkpoint.NewTasks.Count > 0)
        {
            payloads.Add(PostgresNotificationListener.ActivityWork);
        }

        if (checkpoint.StatusChanged)
        {
            payloads.Add(PostgresNotificationListener.InstancePrefix + instanceId);
        }

        return payloads;
    }

    private async Task DeleteInstanceAsync(NpgsqlConnection connection, string instanceId, CancellationToken cancellationToken)
    {
        foreach (var table in new[] { "history", "inbox", "tasks", "instances" })
        {
            await ExecuteAsync(connection, $"DELETE FROM {_s}.{table} WHERE instance_id = @id", c => c.WithText("id", instanceId), 1, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<HistoryRecord>> ReadHistoryAsync(NpgsqlConnection connection, string instanceId, string executionId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT event, message_id FROM {_s}.history WHERE instance_id = @id AND execution_id = @exec ORDER BY seq
            """, connection);
        command.Parameters.WithText("id", instanceId).WithText("exec", executionId);
        var history = new List<HistoryRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new HistoryRecord(ReadEvent(reader, 0), reader.IsDBNull(1) ? null : reader.GetInt64(1)));
        }

        return history;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, Action<NpgsqlParameterCollection> parameters, int itemCount, CancellationToken cancellationToken)
    {
        if (itemCount == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(sql, connection);
        parameters(command.Parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static P.HistoryEvent ReadEvent(NpgsqlDataReader reader, int ordinal) => P.HistoryEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(ordinal));

    private static OrchestrationInstance ReadInstance(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(3)),
        reader.GetNullableString(4),
        reader.GetNullableString(5),
        reader.GetNullableString(6),
        FailureJson.Read(reader.GetNullableString(7)),
        reader.GetUtcDateTime(8),
        reader.GetUtcDateTime(9),
        reader.GetNullableDateTime(10),
        reader.GetNullableDateTime(11),
        reader.IsDBNull(12) ? null : new ParentInstance(reader.GetString(12), reader.GetString(13), reader.GetInt32(14)),
        reader.GetInt32(15));
}
