using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Faults;

/// <summary>
/// The other writer of a concurrentWrite fault: it annotates the object a request addresses, which bumps the
/// object's resourceVersion, so the request's precondition on the version its client read goes stale.
/// </summary>
public static class ConcurrentWriter
{
    public const string Annotation = "simulator.smo.io/concurrent-write";

    /// <summary>Writes the object <paramref name="requestPath"/> addresses (a scale subresource addresses its Deployment); the caller holds the lock.</summary>
    /// <returns>False when the path addresses no stored object: the request then fails or creates on its own.</returns>
    public static bool Write(FederationState state, string requestPath, int faultId)
    {
        if (Target(requestPath) is not { Name: { } name } target || state.Store.Get(target.Type, target.Namespace, name) is not { } stored)
        {
            return false;
        }
        stored.Child("metadata").Child("annotations")[Annotation] = $"fault {faultId}";
        state.Store.Update(target.Type, stored);
        return true;
    }

    private static ResourcePath? Target(string path) =>
        path.StartsWith("/apis/", StringComparison.Ordinal) ? ResourcePath.Parse(core: false, path["/apis/".Length..])
        : path.StartsWith("/api/", StringComparison.Ordinal) ? ResourcePath.Parse(core: true, path["/api/".Length..])
        : null;
}
