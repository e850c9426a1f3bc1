using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Smo.Adapters.Karmada;
using Smo.Functions.Clusters;
using Smo.Functions.Graphs;
using Smo.Functions.Hosting;
using Smo.Functions.Tests.Graphs;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Clusters;

public sealed class ClusterWatchServiceTests
{
    private const int Burst = 40;

    [Fact]
    public async Task A_burst_of_cluster_changes_is_a_few_inventory_syncs_never_two_at_once()
    {
        var watch = new BurstWatch();
        var inventory = new CountingInventory();
        await using var host = await ControlPlaneHost.StartAsync(
            settings: new Dictionary<string, string> { ["ClusterInventorySyncSchedule"] = "0 0 0 1 1 *" },
            services: services =>
            {
                services.AddSingleton<IClusterWatch>(watch);
                services.AddSingleton<IClusterInventory>(sp => inventory.Around(
                    new KarmadaClusterInventory(sp.GetRequiredService<KarmadaApi>(), sp.GetRequiredService<IOptions<KarmadaOptions>>())));
            });

        await ControlPlaneHost.UntilAsync(() => Task.FromResult(watch.Sent == Burst && inventory.Calls > 0 && inventory.InFlight == 0),
            "the burst sent and its syncs done", seconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.InRange(inventory.Calls, 1, 3);
        Assert.Equal(1, inventory.MostAtOnce);
    }

    [Fact]
    public async Task Under_the_Functions_host_worker_the_cluster_watch_has_no_durable_client_and_does_not_run()
    {
        using var worker = FunctionsWorker.Build([
            $"--ConnectionStrings:{ControlPlaneHosting.ConnectionStringName}={PostgresConnection.String}", "--Smo:Karmada:Host=http://127.0.0.1:1",
            // What the Functions host passes its worker; nothing is called while the services are created.
            "--Functions:Worker:HostEndpoint=http://127.0.0.1:1", "--Functions:Worker:WorkerId=test", "--Functions:Worker:RequestId=test",
        ]);

        var service = Assert.Single(worker.Services.GetServices<IHostedService>().OfType<ClusterWatchService>());
        await service.StartAsync(CancellationToken.None);

        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }

    /// <summary>Reports cluster m1 lost and back, <see cref="Burst"/> times as fast as it can, then stays quiet.</summary>
    private sealed class BurstWatch : IClusterWatch
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        public async IAsyncEnumerable<ClusterChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var up = new MemberCluster("m1", true, null, new ClusterResources(8, 1L << 34), new ClusterResources(8, 1L << 34), false, null, null);
            var down = up with { Ready = false, NotReadyReason = "Ready is False" };
            for (var i = 0; i < Burst; i++)
            {
                yield return i % 2 == 0
                    ? new ClusterChange("m1", up, down, DateTimeOffset.UtcNow)
                    : new ClusterChange("m1", down, up, DateTimeOffset.UtcNow);
                Interlocked.Increment(ref _sent);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>Karmada's inventory, slowed down, counting the lists and how many run at once.</summary>
    private sealed class CountingInventory : IClusterInventory
    {
        private IClusterInventory? _inner;
        private int _calls;
        private int _inFlight;
        private int _mostAtOnce;

        public int Calls => Volatile.Read(ref _calls);

        public int InFlight => Volatile.Read(ref _inFlight);

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public IClusterInventory Around(IClusterInventory inner)
        {
            _inner = inner;
            return this;
        }

        public async Task<IReadOnlyList<MemberCluster>> ListAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _mostAtOnce, now);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
                return await _inner!.ListAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
