using System.Net.Http.Json;
using System.Text.Json;

namespace Smo.Bench.Stack;

/// <summary>The simulator's control API (/sim): the offered load, the scale writes it received, faults and its state.</summary>
internal sealed class SimulatorControl(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Sets the offered load and returns the simulated time it took effect: the load step's start.</summary>
    public async Task<DateTimeOffset> SetLoadAsync(string service, double rate, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"/sim/load/{Uri.EscapeDataString(service)}", new { rate }, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        var set = await response.Content.ReadFromJsonAsync<LoadSet>(Json, cancellationToken);
        return set?.At ?? throw new InvalidOperationException("PUT /sim/load answered without the time the load took effect.");
    }

    public async Task<IReadOnlyList<ScaleWrite>> ScaleWritesAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<ScaleWrite>>("/sim/scale-writes", Json, cancellationToken) ?? [];

    /// <summary>Makes <paramref name="cluster"/> NotReady (Karmada's <c>ClusterNotReachable</c>) from now until the fault is removed.</summary>
    public async Task<FaultState> FailClusterAsync(string cluster, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/sim/faults", new { type = "clusterNotReady", cluster }, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<FaultState>(Json, cancellationToken)
            ?? throw new InvalidOperationException("POST /sim/faults answered without the fault.");
    }

    /// <summary>Ends a fault: a failed cluster is Ready again.</summary>
    public async Task RemoveFaultAsync(int id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"/sim/faults/{id}", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<SimulatorState> StateAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SimulatorState>("/sim/state", Json, cancellationToken)
        ?? throw new InvalidOperationException("GET /sim/state answered null.");
}
