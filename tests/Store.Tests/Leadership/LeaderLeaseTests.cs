using Smo.Store.Leadership;
using Smo.Store.Tests.Infrastructure;

namespace Smo.Store.Tests.Leadership;

/// <summary>Each lease stands for one host; the advisory lock lives in the database, so these are real contests.</summary>
public sealed class LeaderLeaseTests
{
    // Leases key on the schema: a name of its own keeps parallel tests apart (no tables are needed).
    private readonly StoreContext _store = new(TestDatabase.DataSource, TestDatabase.NewSchemaName());

    [Fact]
    public async Task One_lease_leads_and_keeps_leading_while_the_other_is_refused()
    {
        await using var first = new LeaderLease(_store, "load-watch");
        await using var second = new LeaderLease(_store, "load-watch");

        Assert.True(await first.TryLeadAsync());
        Assert.False(await second.TryLeadAsync());
        Assert.True(await first.TryLeadAsync());
        Assert.False(await second.TryLeadAsync());
    }

    [Fact]
    public async Task Giving_up_the_lease_lets_another_lead_at_once()
    {
        var first = new LeaderLease(_store, "load-watch");
        await using var second = new LeaderLease(_store, "load-watch");
        Assert.True(await first.TryLeadAsync());

        await first.DisposeAsync();

        Assert.True(await second.TryLeadAsync());
    }

    [Fact]
    public async Task Different_roles_and_different_schemas_do_not_compete()
    {
        var otherSchema = new StoreContext(TestDatabase.DataSource, TestDatabase.NewSchemaName());
        await using var watch = new LeaderLease(_store, "load-watch");
        await using var other = new LeaderLease(_store, "another-role");
        await using var elsewhere = new LeaderLease(otherSchema, "load-watch");

        Assert.True(await watch.TryLeadAsync());
        Assert.True(await other.TryLeadAsync());
        Assert.True(await elsewhere.TryLeadAsync());
    }

    [Fact]
    public async Task A_leader_whose_connection_dies_loses_the_lease_to_the_next_contender()
    {
        await using var first = new LeaderLease(_store, "load-watch");
        await using var second = new LeaderLease(_store, "load-watch");
        Assert.True(await first.TryLeadAsync());

        // As when the leading host crashes: the server ends its session, and the lock with it.
        await using (var kill = TestDatabase.DataSource.CreateCommand(
            """
            SELECT pg_terminate_backend(l.pid)
            FROM pg_locks l, (SELECT hashtextextended(@key, 0) AS k) key
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.classid = ((key.k >> 32) & 4294967295)::oid AND l.objid = (key.k & 4294967295)::oid
            """))
        {
            kill.Parameters.AddWithValue("key", $"{_store.Schema}:load-watch");
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        Assert.True(await WithRetryAsync(() => second.TryLeadAsync()));
        Assert.False(await first.TryLeadAsync());
    }

    // pg_terminate_backend signals the backend; its locks go when it has exited, a moment later.
    private static async Task<bool> WithRetryAsync(Func<Task<bool>> attempt)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await attempt())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
