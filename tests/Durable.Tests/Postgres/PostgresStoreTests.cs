using Npgsql;
using Smo.Durable.Storage.Postgres;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Postgres;

/// <summary>What only the PostgreSQL store can show: its rows, its schema and its migrations.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresStoreTests
{
    [Fact]
    public async Task History_sequence_numbers_are_gap_free_per_execution()
    {
        await using var kind = new PostgresStoreKind();
        var store = await kind.CreateStoreAsync();
        await using var host = await TestHost.StartAsync(store, r => r
            .AddActivityFunc<int, int>("Next", (_, n) => n + 1)
            .AddOrchestratorFunc<int, int>("Generations", async (ctx, n) =>
            {
                var next = await ctx.CallActivityAsync<int>("Next", n);
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(5), CancellationToken.None);
                if (next < 3)
                {
                    ctx.ContinueAsNew(next);
                }

                return next;
            }));

        var result = await host.RunAsync("Generations", 0);

        Assert.Equal(3, result.ReadOutputAs<int>());
        var rows = await QueryAsync(kind, $"SELECT execution_id, seq FROM {kind.Options.SchemaName}.history WHERE instance_id = '{result.InstanceId}' ORDER BY seq",
            r => (Execution: r.GetString(0), Seq: r.GetInt32(1)));
        Assert.Single(rows.Select(r => r.Execution).Distinct());
        Assert.Equal(Enumerable.Range(0, rows.Count), rows.Select(r => r.Seq));
        var instance = await store.GetInstanceAsync(result.InstanceId, CancellationToken.None);
        Assert.Equal(rows.Count, instance!.HistoryCount);
    }

    [Fact]
    public async Task Schema_is_created_once_when_several_hosts_start_together()
    {
        await using var kind = new PostgresStoreKind();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => kind.CreateStoreAsync())));
        await kind.CreateStoreAsync();

        var versions = await QueryAsync(kind, $"SELECT version FROM {kind.Options.SchemaName}.schema_version", r => r.GetInt32(0));
        Assert.Equal([1, 2], versions.Order());
    }

    [Fact]
    public async Task Consumed_messages_and_finished_task_rows_leave_nothing_behind()
    {
        await using var kind = new PostgresStoreKind();
        await using var host = await TestHost.StartAsync(await kind.CreateStoreAsync(), r => r
            .AddActivityFunc<int, int>("Double", (_, n) => n * 2)
            .AddOrchestratorFunc<int, int>("FanOut", async (ctx, count) =>
                (await Task.WhenAll(Enumerable.Range(0, count).Select(n => ctx.CallActivityAsync<int>("Double", n)))).Sum()));

        var result = await host.RunAsync("FanOut", 50);

        Assert.Equal(2 * Enumerable.Range(0, 50).Sum(), result.ReadOutputAs<int>());
        var inbox = await QueryAsync(kind, $"SELECT count(*) FROM {kind.Options.SchemaName}.inbox", r => r.GetInt64(0));
        var tasks = await QueryAsync(kind, $"SELECT count(*) FROM {kind.Options.SchemaName}.tasks", r => r.GetInt64(0));
        Assert.Equal([0L], inbox);
        Assert.Equal([0L], tasks);
    }

    [Fact]
    public async Task Work_completes_by_polling_alone_when_notifications_are_off()
    {
        await using var kind = new PostgresStoreKind();
        await using var store = new PostgresOrchestrationStore(kind.Options with { ListenForNotifications = false }, TimeProvider.System);
        await using var host = await TestHost.StartAsync(store, r => r
            .AddActivityFunc<string, string>("Echo", (_, s) => s)
            .AddOrchestratorFunc<string, string>("Twice", async (ctx, s) =>
                await ctx.CallActivityAsync<string>("Echo", s) + await ctx.CallActivityAsync<string>("Echo", s)));

        var result = await host.RunAsync("Twice", "ab");

        Assert.Equal("abab", result.ReadOutputAs<string>());
    }

    private static async Task<List<T>> QueryAsync<T>(PostgresStoreKind kind, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresStoreKind.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
