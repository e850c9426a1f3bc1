using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

[Trait("Category", "Integration")]
public sealed class SmoConformanceTests : ConformanceSuite
{
    protected override BackendKind NewBackend() => new SmoBackendKind();
}
