using Smo.Durable.Hosting;

namespace Smo.Durable.Tests;

public sealed class DependencyRulesTests
{
    [Fact]
    public void Durable_backend_depends_on_no_other_Smo_assembly()
    {
        var durable = typeof(DurableBackendOptions).Assembly;

        var references = durable.GetReferencedAssemblies().Select(a => a.Name ?? "");

        Assert.Equal("Smo.Durable", durable.GetName().Name);
        Assert.DoesNotContain(references, name => name.StartsWith("Smo.", StringComparison.Ordinal));
    }
}
