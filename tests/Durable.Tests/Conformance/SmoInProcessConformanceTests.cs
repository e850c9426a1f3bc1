using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

/// <summary>The same contract with the work run in-process, the path Smo's Functions host takes.</summary>
[Trait("Category", "Integration")]
public sealed class SmoInProcessConformanceTests : ConformanceSuite
{
    protected override BackendKind NewBackend() => new SmoBackendKind { InProcessWorker = true };
}
