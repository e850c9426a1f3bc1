using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Smo.Durable.Hosting;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Backend;

/// <summary>Other applications on the same backend: each task hub is its own namespace, chosen by the <c>taskhub</c> header.</summary>
[Trait("Category", "Integration")]
public sealed class SmoBackendTaskHubTests
{
    [Fact]
    public async Task A_caller_that_names_no_hub_gets_the_external_hub_and_never_the_hosts_own()
    {
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(TestOrchestrations.RegisterHello);
        await using var external = ClientOn(host, hub: null);

        var id = await external.ScheduleNewOrchestrationInstanceAsync("Hello", new[] { "x" });
        await host.SettleAsync();

        Assert.Null(await host.Client.GetInstanceAsync(id));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await external.GetInstanceAsync(id))!.RuntimeStatus);
        await DropSchemaAsync("durable_external");
    }

    [Fact]
    public async Task A_caller_that_names_the_hosts_hub_sees_its_instances()
    {
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(TestOrchestrations.RegisterHello);
        await using var named = ClientOn(host, kind.HubName);

        var result = await host.RunAsync("Hello", new[] { "y" });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await named.GetInstanceAsync(result.InstanceId))!.RuntimeStatus);
    }

    [Fact]
    public async Task A_malformed_hub_name_is_refused_with_the_rule()
    {
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(TestOrchestrations.RegisterHello);
        await using var malformed = ClientOn(host, "no such hub!");

        var refused = await Assert.ThrowsAsync<RpcException>(() => malformed.GetInstanceAsync("any"));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("taskhub", refused.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>A client of another application on the host's socket, with or without a taskhub header.</summary>
    private static DurableTaskClient ClientOn(TestHost host, string? hub)
    {
        var channel = host.Services!.GetRequiredService<BackendEndpoint>().Channel;
        var invoker = hub is null ? channel.CreateCallInvoker() : channel.Intercept(m =>
        {
            m.Add("taskhub", hub);
            return m;
        });
        var services = new ServiceCollection().AddLogging();
        services.AddDurableTaskClient(b => b.UseGrpc(o => o.CallInvoker = invoker));
        return services.BuildServiceProvider().GetRequiredService<DurableTaskClient>();
    }

    private static async Task DropSchemaAsync(string schema)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(SmoBackendKind.ConnectionString);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}
