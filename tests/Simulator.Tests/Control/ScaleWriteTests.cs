using System.Net.Http.Json;
using System.Text.Json;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Control;

public sealed class ScaleWriteTests : SimulatorTest
{
    private const string Deployments = "/apis/apps/v1/namespaces/demo/deployments";

    [Fact]
    public async Task Scale_writes_are_listed_with_the_replicas_before_and_after()
    {
        await Client.PostAsync(Deployments, new DeploymentBuilder("web").Replicas(2).Json());

        await Client.PatchAsync($"{Deployments}/web/scale", """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        await Client.PutAsync($"{Deployments}/web/scale", """{"metadata":{"name":"web"},"spec":{"replicas":3}}""");
        var writes = await ScaleWritesAsync();

        Assert.Equal([(2L, 5L), (5L, 3L)], writes.Select(w => (w.GetProperty("previousReplicas").GetInt64(), w.GetProperty("replicas").GetInt64())));
        Assert.All(writes, w => Assert.Equal(("demo", "web"), (w.GetProperty("namespace").GetString(), w.GetProperty("deployment").GetString())));
    }

    [Fact]
    public async Task Scale_writes_that_are_refused_are_not_listed()
    {
        await Client.PostAsync(Deployments, new DeploymentBuilder("web").Json());

        var (conflict, _) = await Client.PutAsync($"{Deployments}/web/scale",
            """{"metadata":{"name":"web","resourceVersion":"1"},"spec":{"replicas":3}}""");
        var (invalid, _) = await Client.PatchAsync($"{Deployments}/web/scale", """{"spec":{"replicas":-1}}""", "application/merge-patch+json");

        Assert.Equal((409, 422), (conflict, invalid));
        Assert.Empty(await ScaleWritesAsync());
    }

    [Fact]
    public async Task Load_step_time_and_scale_write_time_share_the_simulated_clock()
    {
        await Client.PostAsync(Deployments, new DeploymentBuilder("web").Json());
        await Client.AdvanceAsync(2);

        using var step = await Client.Http.PutAsJsonAsync("/sim/load/web", new { rate = 80 });
        await Client.AdvanceAsync(1.5);
        await Client.PatchAsync($"{Deployments}/web/scale", """{"spec":{"replicas":8}}""", "application/merge-patch+json");
        var loadSetAt = (await step.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("at").GetDateTimeOffset();
        var scaledAt = Assert.Single(await ScaleWritesAsync()).GetProperty("at").GetDateTimeOffset();

        Assert.Equal(TimeSpan.FromSeconds(1.5), scaledAt - loadSetAt);
    }

    private async Task<IReadOnlyList<JsonElement>> ScaleWritesAsync() =>
        (await Client.Http.GetFromJsonAsync<JsonElement>("/sim/scale-writes")).EnumerateArray().ToList();
}
