using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

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

    private const string TerminalStatuses = "('Completed', 'Failed', 'Terminated')";

    private readonly NpgsqlDataSource _durable;
    private readonly NpgsqlDataSource _relaxed;
    private readonly string _s;
    private readonly TimeProvider _time;
    private readonly StoreFaults? _faults;
    private readonly HistoryCache _historyCache;
    private readonly PostgresNotificationListener _listener;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private bool _initialized;

    public PostgresOrchestrationStore(PostgresStoreOptions options, TimeProvider time, ILoggerFactory? loggerFactory = null, StoreFaults? faults = null)
    {
        _s = options.SchemaName;
        _time = time;
        _faults = faults;
        _historyCache = new HistoryCache(options.HistoryCacheSize);
        _durable = NpgsqlDataSource.Create(options.ConnectionString);
        var relaxed = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Options = "-c synchronous_commit=off" };
        _relaxed = NpgsqlDataSource.Create(relaxed.ConnectionString);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresOrchestrationStore>();
        _listener = new PostgresNotificationListener(_durable, _s, logger);
    }

    public Task OrchestrationSignal => _listener.Orchestrations.Current;

    public Task ActivitySignal => _listener.Activities.Current;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initialization.WaitAsync(cancellationToken);
        try
        {
            if (!_initialized)
            {
                await PostgresSchema.MigrateAsync(_durable, _s, cancellationToken);
                _listener.Start();
                _initialized = true;
            }
        }
        finally
        {
            _initialization.Release();
        }
    }

    public async Task<CreateOutcome> CreateInstanceAsync(NewOrchestration instance, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken)
    {
        await using var connection = await _durable.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = await CreateAsync(connection, instance, dedupeStatuses, Now, cancellationToken);
        if (created)
        {
            await NotifyAsync(connection, [PostgresNotificationListener.OrchestrationWork, PostgresNotificationListener.InstancePrefix + instance.InstanceId], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return created ? CreateOutcome.Created : CreateOutcome.AlreadyExists;
    }

    public async Task<MessageDelivery> SendMessageAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken)
    {
        await using var connection = await _durable.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            WITH target AS (SELECT status FROM {_s}.instances WHERE instance_id = @id),
            inserted AS (
                INSERT INTO {_s}.inbox (instance_id, execution_id, event_type, task_id, name, payload, recorded_at, visible_at)
                SELECT @id, NULL, @type, @task, @name, @payload, @now, @now FROM target WHERE status NOT IN {TerminalStatuses}
                RETURNING id),
            notified AS (SELECT pg_notify('{_s}', '{PostgresNotificationListener.OrchestrationWork}') FROM inserted)
            SELECT (SELECT status FROM target), (SELECT count(*) FROM notified)
            """, connection);
        command.WithText("id", instanceId).With("type", NpgsqlDbType.Smallint, (short)message.Type).WithInt("task", message.TaskId)
            .WithText("name", message.Name).WithText("payload", message.Payload).WithTime("now", Now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.IsDBNull(0))
        {
            return MessageDelivery.InstanceNotFound;
        }

        return Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(0)).IsTerminal() ? MessageDelivery.InstanceTerminal : MessageDelivery.Delivered;
    }

    public async Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(string owner, TimeSpan lease, int maxMessages, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await _relaxed.OpenConnectionAsync(cancellationToken);
        OrchestrationInstance instance;
        long token;
        await using (var claim = new NpgsqlCommand($"""
            WITH candidate AS (
                SELECT i.instance_id FROM {_s}.inbox m JOIN {_s}.instances i ON i.instance_id = m.instance_id
                WHERE m.visible_at <= @now
                  AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= @now)
                  AND CASE i.status
                        WHEN 'Pending' THEN m.event_type IN ({(short)HistoryEventType.ExecutionStarted}, {(short)HistoryEventType.ExecutionTerminated})
                        WHEN 'Suspended' THEN m.event_type IN ({(short)HistoryEventType.ExecutionResumed}, {(short)HistoryEventType.ExecutionTerminated})
                        ELSE true END
                ORDER BY m.visible_at
                LIMIT 1
                FOR UPDATE OF i SKIP LOCKED)
            UPDATE {_s}.instances i SET lease_owner = @owner, lease_expires_at = @until, lock_token = i.lock_token + 1
            FROM candidate c WHERE i.instance_id = c.instance_id
            RETURNING {Qualified("i")}, i.lock_token
            """, connection))
        {
            claim.WithTime("now", now).WithText("owner", owner).WithTime("until", now + lease);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            instance = ReadInstance(reader);
            token = reader.GetInt64(16);
        }

        var messages = new List<InboxMessage>();
        await using (var read = new NpgsqlCommand($"""
            UPDATE {_s}.inbox SET dequeue_count = dequeue_count + 1
            WHERE id IN (SELECT id FROM {_s}.inbox WHERE instance_id = @id AND visible_at <= @now ORDER BY id LIMIT @max)
            RETURNING id, execution_id, dequeue_count, event_type, task_id, name, payload, fire_at, target_instance_id, recorded_at
            """, connection))
        {
            read.WithText("id", instance.InstanceId).WithTime("now", now).WithInt("max", maxMessages);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add(new InboxMessage(reader.GetInt64(0), reader.GetNullableString(1), ReadEvent(reader, 3), reader.GetInt32(2)));
            }
        }

        messages.Sort((a, b) => a.Id.CompareTo(b.Id));
        var history = _historyCache.TryGet(instance.InstanceId, instance.ExecutionId, instance.HistoryCount)
            ?? await ReadHistoryAsync(connection, instance.InstanceId, instance.ExecutionId, cancellationToken);
        return new OrchestrationWorkItem(instance, history, messages, owner, token);
    }

    public async Task<bool> RenewOrchestrationLeaseAsync(OrchestrationWorkItem workItem, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand(
            $"UPDATE {_s}.instances SET lease_expires_at = @until WHERE instance_id = @id AND lock_token = @token AND lease_owner = @owner");
        command.WithTime("until", Now + lease).WithText("id", workItem.Instance.InstanceId).WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var instanceId = workItem.Instance.InstanceId;
        var now = Now;
        var firstSeq = checkpoint.ResetHistory ? 0 : workItem.Instance.HistoryCount;
        await using var connection = await _durable.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            _faults?.Step("update-instance");
            if (await UpdateInstanceAsync(connection, workItem, checkpoint, firstSeq + checkpoint.NewHistory.Count, cancellationToken) == 0)
            {
                throw new LeaseLostException(instanceId);
            }

            _faults?.Step("delete-inbox");
            await ExecuteAsync(connection, $"DELETE FROM {_s}.inbox WHERE id = ANY(@ids)", c => c.WithArray("ids", NpgsqlDbType.Bigint, checkpoint.ConsumedMessageIds), checkpoint.ConsumedMessageIds.Count, cancellationToken);
            await ExecuteAsync(connection, $"UPDATE {_s}.inbox SET dequeue_count = 0 WHERE id = ANY(@ids)", c => c.WithArray("ids", NpgsqlDbType.Bigint, checkpoint.KeptMessageIds), checkpoint.KeptMessageIds.Count, cancellationToken);

            _faults?.Step("append-history");
            if (checkpoint.ResetHistory)
            {
                await ExecuteAsync(connection, $"DELETE FROM {_s}.history WHERE instance_id = @id", c => c.WithText("id", instanceId), 1, cancellationToken);
            }

            await AppendHistoryAsync(connection, instanceId, checkpoint.ExecutionId, firstSeq, checkpoint.NewHistory, cancellationToken);

            _faults?.Step("insert-tasks");
            await InsertTasksAsync(connection, instanceId, workItem.Instance.ExecutionId, checkpoint.NewTasks, now, cancellationToken);

            _faults?.Step("create-sub-orchestrations");
            var messages = checkpoint.Messages.ToList();
            foreach (var child in checkpoint.NewSubOrchestrations)
            {
                if (!await CreateAsync(connection, child, [], now, cancellationToken))
                {
                    messages.Add(new OutboundMessage(instanceId, workItem.Instance.ExecutionId, WorkRules.ChildRejected(child, now), now));
                }
            }

            _faults?.Step("insert-messages");
            await InsertMessagesAsync(connection, messages, cancellationToken);
            await InsertCarriedOverAsync(connection, instanceId, checkpoint.CarriedOverMessages, now, cancellationToken);

            _faults?.Step("notify");
            await NotifyAsync(connection, Notifications(instanceId, checkpoint, messages, now), cancellationToken);
            await ExecuteAsync(connection,
                $"SELECT pg_notify('{_s}', '{PostgresNotificationListener.OrchestrationWork}') WHERE EXISTS (SELECT 1 FROM {_s}.inbox WHERE instance_id = @id AND visible_at <= @now)",
                c => c.WithText("id", instanceId).WithTime("now", now), 1, cancellationToken);

            _faults?.Step("commit");
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            _historyCache.Remove(instanceId);
            throw new LeaseLostException(instanceId); // someone else appended this history: our lease was stale
        }
        catch
        {
            _historyCache.Remove(instanceId);
            throw;
        }

        if (checkpoint.Status.IsTerminal())
        {
            _historyCache.Remove(instanceId);
        }
        else
        {
            var history = checkpoint.ResetHistory ? checkpoint.NewHistory : [.. workItem.History, .. checkpoint.NewHistory];
            _historyCache.Put(instanceId, checkpoint.ExecutionId, history);
        }
    }

    public async Task ReleaseOrchestrationAsync(OrchestrationWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand(
            $"UPDATE {_s}.instances SET lease_owner = NULL, lease_expires_at = @until WHERE instance_id = @id AND lock_token = @token AND lease_owner = @owner");
        command.WithTime("until", Now + delay).WithText("id", workItem.Instance.InstanceId).WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTime?> GetNextOrchestrationWakeUpAsync(CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand($"""
            SELECT LEAST(
                (SELECT min(visible_at) FROM {_s}.inbox WHERE visible_at > @now),
                (SELECT min(lease_expires_at) FROM {_s}.instances WHERE lease_expires_at > @now))
            """);
        command.WithTime("now", Now);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is DateTime due ? DateTime.SpecifyKind(due, DateTimeKind.Utc) : null;
    }

    public async Task<ActivityWorkItem?> LockNextActivityAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Now;
        // A claimed task is hidden by moving visible_at to the end of its lease: the same index finds free work
        // and expired leases.
        await using var command = _relaxed.CreateCommand($"""
            UPDATE {_s}.tasks t SET lease_owner = @owner, lock_token = t.lock_token + 1, dequeue_count = t.dequeue_count + 1, visible_at = @until
            FROM (SELECT id FROM {_s}.tasks WHERE visible_at <= @now ORDER BY visible_at LIMIT 1 FOR UPDATE SKIP LOCKED) c
            WHERE t.id = c.id
            RETURNING t.id, t.instance_id, t.execution_id, t.task_id, t.name, t.input, t.dequeue_count, t.lock_token
            """);
        command.WithText("owner", owner).WithTime("until", now + lease).WithTime("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ActivityWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
            reader.GetNullableString(5), reader.GetInt32(6), owner, reader.GetInt64(7));
    }

    public async Task<bool> RenewActivityLeaseAsync(ActivityWorkItem workItem, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand(
            $"UPDATE {_s}.tasks SET visible_at = @until WHERE id = @id AND lock_token = @token AND lease_owner = @owner");
        command.WithTime("until", Now + lease).WithLong("id", workItem.Id).WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> CompleteActivityAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken)
    {
        // One statement, so one implicit transaction: the task row goes away exactly when its result arrives.
        await using var command = _durable.CreateCommand($"""
            WITH done AS (
                DELETE FROM {_s}.tasks WHERE id = @id AND lock_token = @token AND lease_owner = @owner
                RETURNING instance_id, execution_id),
            delivered AS (
                INSERT INTO {_s}.inbox (instance_id, execution_id, event_type, task_id, name, payload, recorded_at, visible_at)
                SELECT d.instance_id, d.execution_id, @type, @task, @name, @payload, @now, @now
                FROM done d JOIN {_s}.instances i ON i.instance_id = d.instance_id AND i.execution_id = d.execution_id
                WHERE i.status NOT IN {TerminalStatuses}
                RETURNING id),
            notified AS (SELECT pg_notify('{_s}', '{PostgresNotificationListener.OrchestrationWork}') FROM delivered)
            SELECT (SELECT count(*) FROM done), (SELECT count(*) FROM notified)
            """);
        command.WithLong("id", workItem.Id).WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner)
            .With("type", NpgsqlDbType.Smallint, (short)result.Type).WithInt("task", result.TaskId).WithText("name", result.Name)
            .WithText("payload", result.Payload).WithTime("now", Now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == 1;
    }

    public async Task ReleaseActivityAsync(ActivityWorkItem workItem, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var command = _relaxed.CreateCommand(
            $"UPDATE {_s}.tasks SET lease_owner = NULL, visible_at = @until WHERE id = @id AND lock_token = @token AND lease_owner = @owner");
        command.WithTime("until", Now + delay).WithLong("id", workItem.Id).WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<OrchestrationInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var command = _durable.CreateCommand($"SELECT {InstanceColumns} FROM {_s}.instances WHERE instance_id = @id");
        command.WithText("id", instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadInstance(reader) : null;
    }

    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await _durable.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT execution_id FROM {_s}.instances WHERE instance_id = @id", connection);
        command.WithText("id", instanceId);
        return await command.ExecuteScalarAsync(cancellationToken) is string executionId
            ? await ReadHistoryAsync(connection, instanceId, executionId, cancellationToken)
            : [];
    }

    public async Task<IReadOnlyList<OrchestrationInstance>> QueryInstancesAsync(InstanceFilter filter, InstanceCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        await using var command = _durable.CreateCommand($"""
            SELECT {InstanceColumns} FROM {_s}.instances
            WHERE {FilterSql}
              AND (@after_ts IS NULL OR (created_at, instance_id) > (@after_ts, @after_id))
            ORDER BY created_at, instance_id
            LIMIT @limit
            """);
        AddFilter(command, filter).WithTime("after_ts", after?.CreatedAt).WithText("after_id", after?.InstanceId).WithInt("limit", pageSize);
        var page = new List<OrchestrationInstance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(ReadInstance(reader));
        }

        return page;
    }

    public async Task<PurgeOutcome> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await _durable.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var read = new NpgsqlCommand($"SELECT status FROM {_s}.instances WHERE instance_id = @id FOR UPDATE", connection);
        read.WithText("id", instanceId);
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
        await using var command = _durable.CreateCommand($"""
            WITH purged AS (
                DELETE FROM {_s}.instances WHERE {FilterSql} AND status IN {TerminalStatuses} RETURNING instance_id),
            history AS (DELETE FROM {_s}.history WHERE instance_id IN (SELECT instance_id FROM purged)),
            inbox AS (DELETE FROM {_s}.inbox WHERE instance_id IN (SELECT instance_id FROM purged)),
            tasks AS (DELETE FROM {_s}.tasks WHERE instance_id IN (SELECT instance_id FROM purged))
            SELECT count(*) FROM purged
            """);
        AddFilter(command, filter);
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
        await _listener.DisposeAsync();
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

    private static NpgsqlCommand AddFilter(NpgsqlCommand command, InstanceFilter filter) => command
        .WithTime("from", filter.CreatedFrom)
        .WithTime("to", filter.CreatedTo)
        .With("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text, filter.Statuses is { Count: > 0 } s ? s.Select(x => x.ToString()).ToArray() : null)
        .WithText("prefix", filter.InstanceIdPrefix);

    private static string Qualified(string alias) => string.Join(", ", InstanceColumns.Split(", ").Select(c => $"{alias}.{c}"));

    private async Task<bool> CreateAsync(NpgsqlConnection connection, NewOrchestration instance, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, DateTime now, CancellationToken cancellationToken)
    {
        var replaceable = OrchestrationRuntimeStatusExtensions.TerminalStatuses.Except(dedupeStatuses).Select(s => s.ToString()).ToArray();
        await using (var replace = new NpgsqlCommand($"""
            WITH replaced AS (DELETE FROM {_s}.instances WHERE instance_id = @id AND status = ANY(@replaceable) RETURNING instance_id),
            history AS (DELETE FROM {_s}.history WHERE instance_id IN (SELECT instance_id FROM replaced)),
            inbox AS (DELETE FROM {_s}.inbox WHERE instance_id IN (SELECT instance_id FROM replaced)),
            tasks AS (DELETE FROM {_s}.tasks WHERE instance_id IN (SELECT instance_id FROM replaced))
            SELECT count(*) FROM replaced
            """, connection))
        {
            replace.WithText("id", instance.InstanceId).With("replaceable", NpgsqlDbType.Array | NpgsqlDbType.Text, replaceable);
            await replace.ExecuteScalarAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand($"""
            WITH created AS (
                INSERT INTO {_s}.instances (instance_id, execution_id, name, status, input, created_at, last_updated_at, scheduled_start_at,
                                            parent_instance_id, parent_execution_id, parent_task_id)
                VALUES (@id, @exec, @name, 'Pending', @input, @created, @now, @start, @parent_id, @parent_exec, @parent_task)
                ON CONFLICT (instance_id) DO NOTHING
                RETURNING instance_id),
            started AS (
                INSERT INTO {_s}.inbox (instance_id, execution_id, event_type, task_id, name, payload, recorded_at, visible_at)
                SELECT instance_id, @exec, {(short)HistoryEventType.ExecutionStarted}, -1, @name, @input, @now, coalesce(@start, @now) FROM created
                RETURNING id)
            SELECT count(*) FROM started
            """, connection);
        insert.WithText("id", instance.InstanceId).WithText("exec", instance.ExecutionId).WithText("name", instance.Name)
            .WithText("input", instance.Input).WithTime("created", instance.CreatedAt).WithTime("now", now).WithTime("start", instance.StartAt)
            .WithText("parent_id", instance.Parent?.InstanceId).WithText("parent_exec", instance.Parent?.ExecutionId).WithInt("parent_task", instance.Parent?.TaskId);
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    private async Task<int> UpdateInstanceAsync(NpgsqlConnection connection, OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, int historyCount, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            UPDATE {_s}.instances SET execution_id = @exec, status = @status, input = @input, output = @output, custom_status = @custom,
                failure = @failure, last_updated_at = @updated, completed_at = @completed, history_count = @count,
                lease_owner = NULL, lease_expires_at = NULL
            WHERE instance_id = @id AND lock_token = @token AND lease_owner = @owner
            """, connection);
        command.WithText("exec", checkpoint.ExecutionId).WithText("status", checkpoint.Status.ToString()).WithText("input", checkpoint.Input)
            .WithText("output", checkpoint.Output).WithText("custom", checkpoint.CustomStatus)
            .WithText("failure", DataConverter.Default.Serialize(checkpoint.FailureDetails)).WithTime("updated", checkpoint.LastUpdatedAt)
            .WithTime("completed", checkpoint.CompletedAt).WithInt("count", historyCount).WithText("id", workItem.Instance.InstanceId)
            .WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task AppendHistoryAsync(NpgsqlConnection connection, string instanceId, string executionId, int firstSeq, IReadOnlyList<HistoryEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_s}.history (instance_id, execution_id, seq, event_type, task_id, name, payload, fire_at, target_instance_id, message_id, recorded_at)
            SELECT @id, @exec, u.* FROM unnest(@seq, @type, @task, @name, @payload, @fire, @target, @message, @recorded) AS u
            """, connection);
        command.WithText("id", instanceId).WithText("exec", executionId)
            .WithArray("seq", NpgsqlDbType.Integer, Enumerable.Range(firstSeq, events.Count));
        AddEventArrays(command, events);
        command.WithArray("message", NpgsqlDbType.Bigint, events.Select(e => e.MessageId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InsertTasksAsync(NpgsqlConnection connection, string instanceId, string executionId, IReadOnlyList<ActivityRequest> tasks, DateTime now, CancellationToken cancellationToken)
    {
        if (tasks.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_s}.tasks (instance_id, execution_id, task_id, name, input, visible_at, created_at)
            SELECT @id, @exec, u.task_id, u.name, u.input, @now, @now FROM unnest(@task, @name, @input) AS u(task_id, name, input)
            """, connection);
        command.WithText("id", instanceId).WithText("exec", executionId).WithTime("now", now)
            .WithArray("task", NpgsqlDbType.Integer, tasks.Select(t => t.TaskId))
            .WithArray("name", NpgsqlDbType.Text, tasks.Select(t => t.Name))
            .WithArray("input", NpgsqlDbType.Text, tasks.Select(t => t.Input));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InsertMessagesAsync(NpgsqlConnection connection, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        // Messages to instances that do not exist (an event sent to a wrong id) are dropped, as in Durable Functions.
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_s}.inbox (instance_id, execution_id, visible_at, event_type, task_id, name, payload, fire_at, target_instance_id, recorded_at)
            SELECT u.instance_id, u.execution_id, u.visible_at, u.event_type, u.task_id, u.name, u.payload, u.fire_at, u.target_instance_id, u.recorded_at
            FROM unnest(@instance, @exec, @visible, @type, @task, @name, @payload, @fire, @target, @recorded) WITH ORDINALITY
                AS u(instance_id, execution_id, visible_at, event_type, task_id, name, payload, fire_at, target_instance_id, recorded_at, ord)
            WHERE EXISTS (SELECT 1 FROM {_s}.instances i WHERE i.instance_id = u.instance_id)
            ORDER BY u.ord
            """, connection);
        command.WithArray("instance", NpgsqlDbType.Text, messages.Select(m => m.InstanceId))
            .WithArray("exec", NpgsqlDbType.Text, messages.Select(m => m.ExecutionId))
            .WithArray("visible", NpgsqlDbType.TimestampTz, messages.Select(m => DateTime.SpecifyKind(m.VisibleAt, DateTimeKind.Utc)));
        AddEventArrays(command, messages.Select(m => m.Event).ToList());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InsertCarriedOverAsync(NpgsqlConnection connection, string instanceId, IReadOnlyList<InboxMessage> carried, DateTime now, CancellationToken cancellationToken)
    {
        if (carried.Count == 0)
        {
            return;
        }

        // Original ids keep these events ahead of anything that arrived later, so FIFO order survives ContinueAsNew.
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_s}.inbox (id, instance_id, execution_id, visible_at, event_type, task_id, name, payload, fire_at, target_instance_id, recorded_at)
            SELECT u.id, @instance, NULL, @now, u.event_type, u.task_id, u.name, u.payload, u.fire_at, u.target_instance_id, u.recorded_at
            FROM unnest(@id, @type, @task, @name, @payload, @fire, @target, @recorded)
                AS u(id, event_type, task_id, name, payload, fire_at, target_instance_id, recorded_at)
            """, connection);
        command.WithText("instance", instanceId).WithTime("now", now).WithArray("id", NpgsqlDbType.Bigint, carried.Select(m => m.Id));
        AddEventArrays(command, carried.Select(m => m.Event).ToList());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddEventArrays(NpgsqlCommand command, IReadOnlyList<HistoryEvent> events) => command
        .WithArray("type", NpgsqlDbType.Smallint, events.Select(e => (short)e.Type))
        .WithArray("task", NpgsqlDbType.Integer, events.Select(e => e.TaskId))
        .WithArray("name", NpgsqlDbType.Text, events.Select(e => e.Name))
        .WithArray("payload", NpgsqlDbType.Text, events.Select(e => e.Payload))
        .WithArray("fire", NpgsqlDbType.TimestampTz, events.Select(e => e.FireAt is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : (DateTime?)null))
        .WithArray("target", NpgsqlDbType.Text, events.Select(e => e.TargetInstanceId))
        .WithArray("recorded", NpgsqlDbType.TimestampTz, events.Select(e => DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)));

    private static List<string> Notifications(string instanceId, OrchestrationCheckpoint checkpoint, IReadOnlyList<OutboundMessage> messages, DateTime now)
    {
        var payloads = new List<string>();
        if (messages.Any(m => m.VisibleAt <= now) || checkpoint.NewSubOrchestrations.Count > 0 || checkpoint.CarriedOverMessages.Count > 0)
        {
            payloads.Add(PostgresNotificationListener.OrchestrationWork);
        }

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

    private async Task NotifyAsync(NpgsqlConnection connection, IReadOnlyList<string> payloads, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, $"SELECT pg_notify('{_s}', p) FROM unnest(@payloads) AS p",
            c => c.WithArray("payloads", NpgsqlDbType.Text, payloads), payloads.Count, cancellationToken);

    private async Task DeleteInstanceAsync(NpgsqlConnection connection, string instanceId, CancellationToken cancellationToken)
    {
        foreach (var table in new[] { "history", "inbox", "tasks", "instances" })
        {
            await ExecuteAsync(connection, $"DELETE FROM {_s}.{table} WHERE instance_id = @id", c => c.WithText("id", instanceId), 1, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(NpgsqlConnection connection, string instanceId, string executionId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT event_type, task_id, name, payload, fire_at, target_instance_id, recorded_at, message_id
            FROM {_s}.history WHERE instance_id = @id AND execution_id = @exec ORDER BY seq
            """, connection);
        command.WithText("id", instanceId).WithText("exec", executionId);
        var history = new List<HistoryEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(ReadEvent(reader, 0) with { MessageId = reader.IsDBNull(7) ? null : reader.GetInt64(7) });
        }

        return history;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, Action<NpgsqlCommand> parameters, int itemCount, CancellationToken cancellationToken)
    {
        if (itemCount == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(sql, connection);
        parameters(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads (event_type, task_id, name, payload, fire_at, target_instance_id, recorded_at) from <paramref name="first"/>.</summary>
    private static HistoryEvent ReadEvent(NpgsqlDataReader reader, int first) =>
        new((HistoryEventType)reader.GetInt16(first), reader.GetInt32(first + 1), reader.GetNullableString(first + 2),
            reader.GetNullableString(first + 3), reader.GetUtcDateTime(first + 6))
        {
            FireAt = reader.GetNullableDateTime(first + 4),
            TargetInstanceId = reader.GetNullableString(first + 5),
        };

    private static OrchestrationInstance ReadInstance(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(3)),
        reader.GetNullableString(4),
        reader.GetNullableString(5),
        reader.GetNullableString(6),
        DataConverter.Default.Deserialize<TaskFailureDetails>(reader.GetNullableString(7)),
        reader.GetUtcDateTime(8),
        reader.GetUtcDateTime(9),
        reader.GetNullableDateTime(10),
        reader.GetNullableDateTime(11),
        reader.IsDBNull(12) ? null : new ParentInstance(reader.GetString(12), reader.GetString(13), reader.GetInt32(14)),
        reader.GetInt32(15));
}
