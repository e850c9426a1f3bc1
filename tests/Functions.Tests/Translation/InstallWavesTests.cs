using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Installs;
using Smo.Functions.Placement;

namespace Smo.Functions.Tests.Translation;

public sealed class InstallWavesTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Dependencies = new()
    {
        ["web"] = ["api"],
        ["api"] = ["db", "cache"],
        ["worker"] = ["db"],
        ["report"] = ["alert-only"],
    };

    private static IReadOnlyList<string> Of(string service) => Dependencies.GetValueOrDefault(service) ?? [];

    [Fact]
    public void Each_service_comes_in_the_wave_after_its_last_dependency()
    {
        var waves = InstallWaves.Of(["web", "api", "db", "cache", "worker"], Of);

        Assert.Equal([["db", "cache"], ["api", "worker"], ["web"]], waves);
    }

    [Fact]
    public void Dependencies_outside_the_install_do_not_hold_a_service_back()
    {
        // db already runs (not being installed); alert-only is a conditional service still waiting for its alert.
        var waves = InstallWaves.Of(["web", "api", "report"], Of);

        Assert.Equal([["api", "report"], ["web"]], waves);
    }

    [Fact]
    public void Without_dependencies_everything_installs_at_once_and_nothing_is_left_out_even_in_a_cycle()
    {
        Assert.Equal([["x", "y"]], InstallWaves.Of(["x", "y"], _ => []));
        Assert.Equal([["free"], ["a", "b"]], InstallWaves.Of(["a", "b", "free"], s => s switch { "a" => ["b"], "b" => ["a"], _ => [] }));
    }
}
