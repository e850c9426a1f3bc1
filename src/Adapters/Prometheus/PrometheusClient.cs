using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Prometheus;

/// <summary>The Prometheus HTTP API: instant queries and the lifecycle reload.</summary>
public sealed class PrometheusClient(HttpClient http) : IPrometheusQuery, IPrometheusLifecycle
{
    private const int QuotedQueryLength = 300;

    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(promql);
        // A query over hundreds of services is kilobytes long: a failure quotes its start.
        var operation = $"query '{(promql.Length <= QuotedQueryLength ? promql : promql[..QuotedQueryLength] + "…")}'";
        var form = new Dictionary<string, string> { ["query"] = promql };
        if (time is { } at)
        {
            form["time"] = (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        }

        return await ExternalCall.RunAsync(ExternalSystem.Prometheus, operation, async () =>
        {
            // POST keeps long PromQL out of URL length limits; Prometheus treats both methods alike.
            using var response = await http.PostAsync("api/v1/query", new FormUrlEncodedContent(form), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await HttpFailure.FromResponseAsync(ExternalSystem.Prometheus, operation, response, PrometheusResponseReader.ErrorMessage, cancellationToken);
            }

            try
            {
                using var document = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken)
                    ?? throw new FormatException("the answer is empty");
                return PrometheusResponseReader.ReadSamples(document.RootElement);
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new AdapterException(ExternalSystem.Prometheus, operation, AdapterFailure.InvalidResponse, exception.Message, exception);
            }
        }, cancellationToken);
    }

    public Task ReloadAsync(CancellationToken cancellationToken = default) =>
        ExternalCall.RunAsync(ExternalSystem.Prometheus, "reload the configuration", async () =>
        {
            using var response = await http.PostAsync("-/reload", content: null, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // 403 "Lifecycle API is not enabled." (no --web.enable-lifecycle), 500 "failed to reload config: ...".
                throw await HttpFailure.FromResponseAsync(ExternalSystem.Prometheus, "reload the configuration", response, null, cancellationToken);
            }
        }, cancellationToken);
}
