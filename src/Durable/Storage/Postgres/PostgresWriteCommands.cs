using Google.Protobuf;
using Npgsql;
using NpgsqlTypes;
using Smo.Durable.Protocol;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Storage.Postgres;

/// <summary>
/// The statements that change a hub, as batch commands, so a checkpoint travels to PostgreSQL in one round trip.
/// Each method returns one statement; the store decides which run together.
/// </summary>
internal sealed class PostgresWriteCommands(string schema)
{
    private readonly string _s = schema;

    public string Channel => _s;

    /// <summary>Guarded by owner and fencing token: affects no row when the lease was lost.</summary>
    public NpgsqlBatchCommand UpdateInstance(OrchestrationWorkItem workItem, OrchestrationCheckpoint checkpoint, int historyCount)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE {_s}.instances SET execution_id = @exec, status = @status, input = @input, output = @output, custom_status = @custom,
                failure = @failure, last_updated_at = @updated, completed_at = @completed, history_count = @count,
                lease_owner = NULL, lease_expires_at = NULL
            WHERE instance_id = @id AND lock_token = @token AND lease_owner = @owner
            """);
        command.Parameters.WithText("exec", checkpoint.ExecutionId).WithText("status", checkpoint.Status.ToString()).WithText("input", checkpoint.Input)
            .WithText("output", checkpoint.Output).WithText("custom", checkpoint.CustomStatus)
            .WithText("failure", FailureJson.Write(checkpoint.FailureDetails)).WithTime("updated", checkpoint.LastUpdatedAt)
            .WithTime("completed", checkpoint.CompletedAt).WithInt("count", historyCount).WithText("id", workItem.Instance.InstanceId)
            .WithLong("token", workItem.LockToken).WithText("owner", workItem.Owner);
        return command;
    }

    public NpgsqlBatchCommand? DeleteMessages(IReadOnlyList<long> ids) =>
        ids.Count == 0 ? null : WithIds($"DELETE FROM {_s}.inbox WHERE id = ANY(@ids)", ids);

    public NpgsqlBatchCommand? ResetDequeueCounts(IReadOnlyList<long> ids) =>
        ids.Count == 0 ? null : WithIds($"UPDATE {_s}.inbox SET dequeue_count = 0 WHERE id = ANY(@ids)", ids);

    public NpgsqlBatchCommand DeleteHistory(string instanceId)
    {
        var command = new NpgsqlBatchCommand($"DELETE FROM {_s}.history WHERE instance_id = @id");
        command.Parameters.WithText("id", instanceId);
        return command;
    }

    public NpgsqlBatchCommand? AppendHistory(string instanceId, string executionId, int firstSeq, IReadOnlyList<HistoryRecord> records)
    {
        if (records.Count == 0)
        {
            return null;
        }

        var command = new NpgsqlBatchCommand($"""
            INSERT INTO {_s}.history (instance_id, execution_id, seq, event_type, task_id, name, event, recorded_at, message_id)
            SELECT @id, @exec, u.* FROM unnest(@seq, @type, @task, @name, @event, @recorded, @message) AS u
            """);
        command.Parameters.WithText("id", instanceId).WithText("exec", executionId)
            .WithArray("seq", NpgsqlDbType.Integer, Enumerable.Range(firstSeq, records.Count))
            .WithArray("message", NpgsqlDbType.Bigint, records.Select(r => r.MessageId));
        AddEventArrays(command.Parameters, records.Select(r => r.Event).ToList());
        return command;
    }

    public NpgsqlBatchCommand? InsertTasks(string instanceId, string executionId, IReadOnlyList<ActivityRequest> tasks, DateTime now)
    {
        if (tasks.Count == 0)
        {
            return null;
        }

        // Visible from the database's clock, like every lease and wake-up, so hosts' clocks never matter.
        var command = new NpgsqlBatchCommand($"""
            INSERT INTO {_s}.tasks (instance_id, execution_id, task_id, name, event, visible_at, created_at)
            SELECT @id, @exec, u.task_id, u.name, u.event, now(), @now FROM unnest(@task, @name, @event) AS u(task_id, name, event)
            """);
        command.Parameters.WithText("id", instanceId).WithText("exec", executionId).WithTime("now", now)
            .WithArray("task", NpgsqlDbType.Integer, tasks.Select(t => t.TaskId))
            .WithArray("name", NpgsqlDbType.Text, tasks.Select(t => t.Name))
            .WithArray("event", NpgsqlDbType.Bytea, tasks.Select(t => t.Scheduled.ToByteArray()));
        return command;
    }

    /// <summary>Deletes the instance of that id if it finished with a status that may be replaced.</summary>
    public NpgsqlBatchCommand ReplaceFinished(string instanceId, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses)
    {
        var replaceable = OrchestrationRuntimeStatusExtensions.TerminalStatuses.Except(dedupeStatuses).Select(s => s.ToString()).ToArray();
        var command = new NpgsqlBatchCommand($"""
            WITH replaced AS (DELETE FROM {_s}.instances WHERE instance_id = @id AND status = ANY(@replaceable) RETURNING instance_id),
            history AS (DELETE FROM {_s}.history WHERE instance_id IN (SELECT instance_id FROM replaced)),
            inbox AS (DELETE FROM {_s}.inbox WHERE instance_id IN (SELECT instance_id FROM replaced)),
            tasks AS (DELETE FROM {_s}.tasks WHERE instance_id IN (SELECT instance_id FROM replaced))
            SELECT count(*) FROM replaced
            """);
        command.Parameters.WithText("id", instanceId).With("replaceable", NpgsqlDbType.Array | NpgsqlDbType.Text, replaceable);
        return command;
    }

    /// <summary>
    /// Creates the instance and its start message unless the id is taken. Returns one row:
    /// 1 if created. A sub-orchestration whose id is taken sends its parent <paramref name="rejection"/> instead.
    /// </summary>
    public NpgsqlBatchCommand CreateInstance(NewOrchestration instance, DateTime now, P.HistoryEvent? rejection = null)
    {
        var rejectedSql = rejection is null ? "" : $"""
            ,
            rejected AS (
                INSERT INTO {_s}.inbox (instance_id, execution_id, event_type, task_id, name, event, recorded_at, visible_at)
                SELECT @parent_id, @parent_exec, {rejection.Kind()}, @parent_task, @name, @rejection, @now, now()
                WHERE NOT EXISTS (SELECT 1 FROM created))
            """;
        var command = new NpgsqlBatchCommand($"""
            WITH created AS (
                INSERT INTO {_s}.instances (instance_id, execution_id, name, status, input, created_at, last_updated_at, scheduled_start_at,
                                            parent_instance_id, parent_execution_id, parent_task_id)
                VALUES (@id, @exec, @name, 'Pending', @input, @created, @now, @start, @parent_id, @parent_exec, @parent_task)
                ON CONFLICT (instance_id) DO NOTHING
                RETURNING instance_id),
            started AS (
                INSERT INTO {_s}.inbox (instance_id, execution_id, event_type, task_id, name, event, recorded_at, visible_at)
                SELECT instance_id, @exec, {instance.Started.Kind()}, -1, @name, @started, @now, coalesce(@start, now()) FROM created
                RETURNING id){rejectedSql}
            SELECT (SELECT count(*) FROM started)
            """);
        command.Parameters.WithText("id", instance.InstanceId).WithText("exec", instance.ExecutionId).WithText("name", instance.Name)
            .WithText("input", instance.Input).WithTime("created", instance.CreatedAt).WithTime("now", now).WithTime("start", instance.StartAt)
            .WithText("parent_id", instance.Parent?.InstanceId).WithText("parent_exec", instance.Parent?.ExecutionId).WithInt("parent_task", instance.Parent?.TaskId)
            .With("started", NpgsqlDbType.Bytea, instance.Started.ToByteArray());
        if (rejection is not null)
        {
            command.Parameters.With("rejection", NpgsqlDbType.Bytea, rejection.ToByteArray());
        }

        return command;
    }

    /// <summary>Messages to instances that do not exist (an event sent to a wrong id) are dropped, as in Durable Functions.</summary>
    public NpgsqlBatchCommand? InsertMessages(IReadOnlyList<OutboundMessage> messages, DateTime now)
    {
        if (messages.Count == 0)
        {
            return null;
        }

        // Messages due now are visible from the database's clock; timers at their own time.
        var command = new NpgsqlBatchCommand($"""
            INSERT INTO {_s}.inbox (instance_id, execution_id, visible_at, event_type, task_id, name, event, recorded_at)
            SELECT u.instance_id, u.execution_id, CASE WHEN u.visible_at > @now THEN u.visible_at ELSE now() END,
                   u.event_type, u.task_id, u.name, u.event, u.recorded_at
            FROM unnest(@instance, @exec, @visible, @type, @task, @name, @event, @recorded) WITH ORDINALITY
                AS u(instance_id, execution_id, visible_at, event_type, task_id, name, event, recorded_at, ord)
            WHERE EXISTS (SELECT 1 FROM {_s}.instances i WHERE i.instance_id = u.instance_id)
            ORDER BY u.ord
            """);
        command.Parameters.WithArray("instance", NpgsqlDbType.Text, messages.Select(m => m.InstanceId))
            .WithArray("exec", NpgsqlDbType.Text, messages.Select(m => m.ExecutionId))
            .WithArray("visible", NpgsqlDbType.TimestampTz, messages.Select(m => DateTime.SpecifyKind(m.VisibleAt, DateTimeKind.Utc)))
            .WithTime("now", now);
        AddEventArrays(command.Parameters, messages.Select(m => m.Event).ToList());
        return command;
    }

    /// <summary>Original ids keep carried-over events ahead of anything that arrived later, so FIFO order survives ContinueAsNew.</summary>
    public NpgsqlBatchCommand? InsertCarriedOver(string instanceId, IReadOnlyList<InboxMessage> carried)
    {
        if (carried.Count == 0)
        {
            return null;
        }

        var command = new NpgsqlBatchCommand($"""
            INSERT INTO {_s}.inbox (id, instance_id, execution_id, visible_at, event_type, task_id, name, event, recorded_at)
            SELECT u.id, @instance, NULL, now(), u.event_type, u.task_id, u.name, u.event, u.recorded_at
            FROM unnest(@id, @type, @task, @name, @event, @recorded) AS u(id, event_type, task_id, name, event, recorded_at)
            """);
        command.Parameters.WithText("instance", instanceId).WithArray("id", NpgsqlDbType.Bigint, carried.Select(m => m.Id));
        AddEventArrays(command.Parameters, carried.Select(m => m.Event).ToList());
        return command;
    }

    /// <summary>A statement that fails on the server: fault injection between the statements of a checkpoint.</summary>
    public static NpgsqlBatchCommand InjectedFault(string step) =>
        new($"DO $$BEGIN RAISE EXCEPTION 'fault injected before checkpoint step {step}'; END$$");

    private static NpgsqlBatchCommand WithIds(string sql, IReadOnlyList<long> ids)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.WithArray("ids", NpgsqlDbType.Bigint, ids);
        return command;
    }

    private static void AddEventArrays(NpgsqlParameterCollection parameters, IReadOnlyList<P.HistoryEvent> events) => parameters
        .WithArray("type", NpgsqlDbType.Smallint, events.Select(e => e.Kind()))
        .WithArray("task", NpgsqlDbType.Integer, events.Select(e => e.TaskId()))
        .WithArray("name", NpgsqlDbType.Text, events.Select(e => e.Name()))
        .WithArray("event", NpgsqlDbType.Bytea, events.Select(e => e.ToByteArray()))
        .WithArray("recorded", NpgsqlDbType.TimestampTz, events.Select(e => e.Time()));
}
