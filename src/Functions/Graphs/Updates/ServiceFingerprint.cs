using System.Security.Cryptography;
using System.Text;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs.Updates;

/// <summary>What Helm installs for a service — chart reference, its type and implementer, the final values — as one hash.</summary>
public static class ServiceFingerprint
{
    public static string Of(ServiceRecord service) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{service.Artifact.Reference}\n{service.Artifact.Type}\n{service.Artifact.Implementer}\n{service.HelmValues.GetRawText()}")))[..32];
}
