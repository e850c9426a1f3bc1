using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Smo.Bench.Stack;

/// <summary>The Smo host's graph REST API, as a user deploys and removes a graph.</summary>
internal sealed class GraphApi(HttpClient http)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>A what-if told to come back (429: the host's dry-run slots are busy) is asked this often in all.</summary>
    private const int WhatIfAttempts = 5;

    /// <summary>Deploys the descriptor (YAML) into <paramref name="project"/> and returns the graph's name.</summary>
    public async Task<string> DeployAsync(string project, string descriptorYaml, CancellationToken cancellationToken)
    {
        using var body = new StringContent(descriptorYaml, Encoding.UTF8, "application/yaml");
        using var response = await http.PostAsync($"/project/{Uri.EscapeDataString(project)}/graphs", body, cancellationToken);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return response.StatusCode == HttpStatusCode.Accepted
            ? json.GetProperty("name").GetString()!
            : throw new InvalidOperationException($"Deploy answered HTTP {(int)response.StatusCode}: {json}");
    }

    /// <summary>Waits until the graph runs and returns its status; a failed deploy throws with the host's reason.</summary>
    public async Task<JsonElement> WaitRunningAsync(string graph, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"/graphs/{Uri.EscapeDataString(graph)}", limit.Token);
            switch (status.GetProperty("status").GetString())
            {
                case "Running":
                    return status;
                case "Failed":
                    throw new InvalidOperationException($"The deploy of {graph} failed: {status.GetProperty("failureReason")}");
            }

            await Task.Delay(PollInterval, limit.Token);
        }
    }

    /// <summary>Every graph's status and failure reason, by name, in one request (GET /graphs).</summary>
    public async Task<Dictionary<string, (string Status, string? FailureReason)>> StatusesAsync(CancellationToken cancellationToken)
    {
        var graphs = await http.GetFromJsonAsync<JsonElement>("/graphs", cancellationToken);
        return graphs.EnumerateArray().ToDictionary(
            g => g.GetProperty("name").GetString()!,
            g => (g.GetProperty("status").GetString()!, g.TryGetProperty("failureReason", out var reason) ? reason.ToString() : null),
            StringComparer.Ordinal);
    }

    /// <summary>What the host says of every graph (GET /graphs, one request): status, placement and each service's replicas.</summary>
    public async Task<Dictionary<string, GraphSummary>> SummariesAsync(CancellationToken cancellationToken)
    {
        var graphs = await http.GetFromJsonAsync<JsonElement>("/graphs", cancellationToken);
        return graphs.EnumerateArray().ToDictionary(
            g => g.GetProperty("name").GetString()!,
            g => new GraphSummary(
                g.GetProperty("status").GetString()!,
                g.GetProperty("placement").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                g.GetProperty("services").EnumerateArray().ToDictionary(
                    s => s.GetProperty("name").GetString()!, s => s.GetProperty("replicas").GetInt32(), StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// When the host recorded its earliest decision of <paramref name="kind"/> (e.g. <c>replacement</c>) in
    /// [<paramref name="since"/>, <paramref name="until"/>), by its decision log (GET /graphs/{name}/decisions); null when none.
    /// </summary>
    public async Task<DateTimeOffset?> FirstDecisionAtAsync(
        string graph, string kind, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var query = $"kind={kind}&since={Uri.EscapeDataString(since.ToString("O"))}&until={Uri.EscapeDataString(until.ToString("O"))}&limit=500";
        var page = await http.GetFromJsonAsync<JsonElement>($"/graphs/{Uri.EscapeDataString(graph)}/decisions?{query}", cancellationToken);
        var times = page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("at").GetDateTimeOffset()).ToList();
        return times.Count == 0 ? null : times.Min();
    }

    /// <summary>
    /// Asks what a re-placement would do now (GET /graphs/{name}/placement?dryRun=true), as a console or an operator
    /// checking "what would Smo do?" does; a busy host (429) is asked again after its Retry-After. Returns the answer's status.
    /// </summary>
    public async Task<HttpStatusCode> WhatIfPlacementAsync(string graph, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.GetAsync($"/graphs/{Uri.EscapeDataString(graph)}/placement?dryRun=true", cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == WhatIfAttempts)
            {
                return response.StatusCode;
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// The host's own account of its first scale call since <paramref name="since"/>: the <c>decisionLatencyMs</c>
    /// (the tick's due time to the call) of the earliest scaling decision that changed replicas; null while none is
    /// among the latest decisions yet.
    /// </summary>
    public async Task<TimeSpan?> FirstScaleDecisionLatencyAsync(string graph, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var status = await http.GetFromJsonAsync<JsonElement>($"/graphs/{Uri.EscapeDataString(graph)}", cancellationToken);
        var latencies =
            from decision in status.GetProperty("latestDecisions").EnumerateArray()
            where decision.GetProperty("kind").GetString() == "Scaling"
            let at = decision.GetProperty("at").GetDateTimeOffset()
            where at >= since
                && decision.GetProperty("result").ValueKind == JsonValueKind.Object
                && decision.GetProperty("result").TryGetProperty("decisionLatencyMs", out var latency)
                && latency.ValueKind == JsonValueKind.Number
            orderby at
            select TimeSpan.FromMilliseconds(decision.GetProperty("result").GetProperty("decisionLatencyMs").GetDouble());
        return latencies.Cast<TimeSpan?>().FirstOrDefault();
    }

    /// <summary>Removes the graph and waits until it is gone; false when it is still there after the timeout.</summary>
    public async Task<bool> RemoveAsync(string graph, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = $"/graphs/{Uri.EscapeDataString(graph)}";
        using (await http.DeleteAsync(path, cancellationToken))
        {
        }

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        return false;
    }
}

/// <summary>A graph as the host lists it: its status, the cluster of each service, and each service's desired replicas.</summary>
internal sealed record GraphSummary(string Status, IReadOnlyDictionary<string, string> Placement, IReadOnlyDictionary<string, int> Replicas);
