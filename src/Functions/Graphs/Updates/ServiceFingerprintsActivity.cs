using Microsoft.Azure.Functions.Worker;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs.Updates;

/// <summary>What Helm installs for each installed service, as a fingerprint: a service whose fingerprint an update changes is upgraded.</summary>
public sealed class ServiceFingerprintsActivity(GraphReader reader)
{
    [Function(GraphUpdateActivities.ServiceFingerprints)]
    public async Task<IReadOnlyDictionary<string, string>> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        (await reader.GetAsync(input, cancellationToken)).Services
            .Where(s => s.Status is ServiceStatus.Deployed or ServiceStatus.Failed)
            .ToDictionary(s => s.Name, ServiceFingerprint.Of, StringComparer.Ordinal);
}
