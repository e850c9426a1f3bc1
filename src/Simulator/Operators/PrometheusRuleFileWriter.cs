using System.Text.Json.Nodes;
using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Operators;

/// <summary>
/// What the Prometheus operator does for a real cluster, for the demo: every PrometheusRule write or deletion renders the groups
/// of all stored PrometheusRules into one Prometheus rule file (option <c>--prometheus-rules-file</c>), so a real
/// Prometheus that loads that file (and is reloaded, as Smo does after changing rules) evaluates Smo's alerts.
/// </summary>
public sealed class PrometheusRuleFileWriter : IHostedService
{
    public const string Option = "prometheus-rules-file";

    private readonly Simulation _simulation;
    private readonly string _path;
    private readonly Lock _gate = new();

    // The rules as last stored, by namespace/name: handlers of ObjectStored must not call back into the simulation.
    private readonly Dictionary<string, JsonObject> _rules = new(StringComparer.Ordinal);

    public PrometheusRuleFileWriter(Simulation simulation, string path)
    {
        _simulation = simulation;
        _path = Path.GetFullPath(path);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _simulation.ObjectStored += OnStored;
        _simulation.ObjectDeleted += OnDeleted;
        foreach (var rule in _simulation.Read(state => state.Store.List(ResourceCatalog.PrometheusRules)))
        {
            Remember(rule);
        }

        Render();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _simulation.ObjectStored -= OnStored;
        _simulation.ObjectDeleted -= OnDeleted;
        return Task.CompletedTask;
    }

    private void OnStored(ResourceDefinition type, JsonObject stored)
    {
        if (type == ResourceCatalog.PrometheusRules)
        {
            Remember(stored);
            Render();
        }
    }

    private void OnDeleted(ResourceDefinition type, JsonObject deleted)
    {
        if (type == ResourceCatalog.PrometheusRules)
        {
            lock (_gate)
            {
                _rules.Remove(Key(deleted));
            }

            Render();
        }
    }

    private static string Key(JsonObject rule) => $"{rule["metadata"]?["namespace"]}/{rule["metadata"]?["name"]}";

    // JSON is YAML: the groups go to the rule file as they are. Written to a temporary file and moved, so Prometheus
    // never reads half a file.
    private void Remember(JsonObject rule)
    {
        lock (_gate)
        {
            _rules[Key(rule)] = rule;
        }
    }

    private void Render()
    {
        lock (_gate)
        {
            var groups = new JsonArray([.. _rules.OrderBy(p => p.Key, StringComparer.Ordinal)
                .SelectMany(p => p.Value["spec"]?["groups"]?.AsArray() ?? [])
                .Select(group => group!.DeepClone())]);
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, new JsonObject { ["groups"] = groups }.ToJsonString());
            File.Move(temporary, _path, overwrite: true);
        }
    }
}
