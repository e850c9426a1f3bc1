using Smo.Durable.Hosting;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

/// <summary>
/// The backend contract: the invariants of durable-runtime.md, each proved through the Durable Task SDK's stock
/// client and worker only. Every test runs against Smo's PostgreSQL backend and Microsoft's in-memory reference
/// backend through the derived classes; where the reference behaves differently, the test says which behaviour
/// Smo keeps and why. Invariants the reference breaks outright are in <see cref="SmoOnlyConformanceTests"/>; what
/// needs Smo's internals (its store, several hosts, crashes, injected faults, limits) is in the classes under Backend/.
/// </summary>
public abstract partial class ConformanceSuite
{
    protected abstract BackendKind NewBackend();

    /// <summary>Sets one of Smo's backend limits for the test; the reference backend has no such settings.</summary>
    protected static void ConfigureSmo(BackendKind kind, Action<DurableBackendOptions> configure)
    {
        if (kind is SmoBackendKind smo)
        {
            smo.Configure = configure;
        }
    }
}
