using System.Net.Http.Json;
using System.Text.Json;

namespace Smo.Bench.Stack;

/// <summary>The simulator's control API (/sim): the offered load, the scale writes it received and its state.</summary>
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

    public async Task<SimulatorState> StateAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SimulatorState>("/sim/state", Json, cancellationToken)
        ?? throw new InvalidOperationException("GET /sim/state answered null.");
}
