using Smo.Adapters.Tests.Grafana;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Functions.Tests.Graphs;

/// <summary>Host settings that point the control plane at a Grafana stand-in, with dashboard models archived in Azurite.</summary>
public static class GrafanaSettings
{
    /// <param name="more">Further settings, e.g. the inventory timer's schedule.</param>
    public static Dictionary<string, string> For(FakeGrafana grafana, params (string Name, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Smo__Grafana__BaseUrl"] = grafana.BaseUrl.ToString(),
            ["Smo__Grafana__Username"] = FakeGrafana.User,
            ["Smo__Grafana__Password"] = FakeGrafana.Password,
            // One attempt per call: the orchestration's retries and the inventory timer's next run are what try again.
            ["Smo__Grafana__Resilience__MaxRetries"] = "0",
            ["Smo__BlobStorage__ConnectionString"] = LocalServices.BlobConnectionString,
            ["Smo__BlobStorage__DashboardContainer"] = "functions-tests-dashboards",
        };
        foreach (var (name, value) in more)
        {
            settings[name] = value;
        }

        return settings;
    }
}
