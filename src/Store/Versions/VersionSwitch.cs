using System.Text.Json;
using Smo.Store.Graphs;

namespace Smo.Store.Versions;

/// <summary>
/// A graph's rows moved to one of its versions: its descriptor and strategies, and its services as that version
/// translates them (each with its final Helm values). Services already stored keep their status, cluster, replicas
/// and Helm revision; new ones start <see cref="ServiceStatus.Pending"/> without a cluster.
/// </summary>
/// <param name="DeleteOthers">
/// Forget the services the version does not have (a failed update going back), except those whose release may be
/// left, which stay failed; false keeps them all until the update removes them (<see cref="GraphVersions.RemoveServicesAsync"/>).
/// </param>
public sealed record VersionSwitch(string Graph, int Number, JsonElement Descriptor, GraphStrategies Strategies, IReadOnlyList<NewService> Services, bool DeleteOthers);
