namespace Smo.Durable.Tests;

public sealed class DependencyRulesTests
{
    [Fact]
    public void Durable_runtime_depends_on_no_other_Smo_assembly()
    {
        var references = typeof(DurableTaskClient).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");

        Assert.DoesNotContain(references, name => name.StartsWith("Smo.", StringComparison.Ordinal));
    }
}
