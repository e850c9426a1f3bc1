using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Kubernetes.Watching;

namespace Smo.Simulator.Tests.Kubernetes;

public sealed class ChangeLogTests
{
    [Fact]
    public void ChangeLog_keeps_the_last_changes_up_to_its_capacity_and_expires_older_resourceVersions()
    {
        var log = new ChangeLog(startVersion: 100, capacity: 3);
        foreach (var version in Enumerable.Range(101, 5))
        {
            log.Append(Change(version));
        }

        Assert.False(log.TryReadAfter(101, out _));
        Assert.True(log.TryReadAfter(102, out var kept));
        Assert.Equal([103L, 104L, 105L], kept.Select(c => c.ResourceVersion));
        Assert.Equal(102, log.ExpiredThrough);
    }

    [Fact]
    public void ChangeLog_reads_only_the_changes_after_the_resourceVersion_asked_for()
    {
        var log = new ChangeLog(startVersion: 100);
        foreach (var version in Enumerable.Range(101, 4))
        {
            log.Append(Change(version));
        }

        Assert.True(log.TryReadAfter(102, out var after));
        Assert.True(log.TryReadAfter(104, out var none));
        Assert.Equal([103L, 104L], after.Select(c => c.ResourceVersion));
        Assert.Empty(none);
    }

    [Fact]
    public async Task ChangeLog_wakes_a_waiting_watcher_on_append_and_on_close()
    {
        var log = new ChangeLog(startVersion: 100);
        var first = log.NextChange;
        log.Append(Change(101));
        var second = log.NextChange;
        log.Close();

        await first.WaitAsync(TimeSpan.FromSeconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.True(log.Closed);
    }

    [Fact]
    public void ObjectStore_deletion_takes_the_next_resourceVersion_and_records_the_last_state_with_it()
    {
        var store = new ObjectStore(() => DateTimeOffset.UnixEpoch);
        store.Create(ResourceCatalog.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "demo" } });

        store.Delete(ResourceCatalog.Namespaces, null, "demo");

        Assert.True(store.History.TryReadAfter(1001, out var changes));
        var deleted = Assert.Single(changes);
        Assert.Equal(ChangeKind.Deleted, deleted.Kind);
        Assert.Equal("1002", deleted.Object.StringAt("metadata", "resourceVersion"));
        Assert.Equal("1001", deleted.Previous!.StringAt("metadata", "resourceVersion"));
        Assert.Equal("1002", store.CurrentVersion);
    }

    private static StoredChange Change(long version) =>
        new(version, ResourceCatalog.Deployments, ChangeKind.Modified, new JsonObject(), Previous: null);
}
