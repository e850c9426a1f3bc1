using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

/// <summary>The same contract on Microsoft's in-memory backend: what the SDK's own test host does is the yardstick.</summary>
public sealed class ReferenceConformanceTests : ConformanceSuite
{
    protected override BackendKind NewBackend() => new ReferenceBackendKind();
}
