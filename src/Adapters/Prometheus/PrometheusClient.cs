using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Prometheus;

/// <summary>The Prometheus HTTP API: instant queries, the PromQL parser and the lifecycle reload.</summary>
public sealed class PrometheusClient(HttpClient http) : IPrometheusQuery, IPrometheusLifecycle, IPromQlCheck
{
    private const int QuotedQueryLength = 300;

    // The parser's message names a position and what it expected; longer text is not a parser message.
    private const int ParseErrorLength = 300;

    private const string BadData = "bad_data";

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

    /// <summary>
    /// Asks <c>/api/v1/format_query</c> (Prometheus 2.38 and later), which parses without evaluating anything, so
    /// checking an expensive expression costs nothing. A parse failure is 400 <c>bad_data</c> with the parser's message.
    /// </summary>
    public Task<string?> ParseErrorAsync(string expression, CancellationToken cancellationToken = default) =>
        ExternalCall.RunAsync(ExternalSystem.Prometheus, "check a PromQL expression", async () =>
        {
            using var response = await http.PostAsync("api/v1/format_query", new FormUrlEncodedContent([new("query", expression)]), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            if (response.StatusCode == System.Net.HttpStatusCode.BadRequest
                && await ParserMessageAsync(response, cancellationToken) is { } message)
            {
                return message;
            }

            throw response.StatusCode == System.Net.HttpStatusCode.NotFound
                ? new AdapterException(ExternalSystem.Prometheus, "check a PromQL expression", AdapterFailure.Rejected,
                    "this Prometheus has no /api/v1/format_query (version 2.38 or later checks PromQL without running it)")
                : await HttpFailure.FromResponseAsync(ExternalSystem.Prometheus, "check a PromQL expression", response, PrometheusResponseReader.ErrorMessage, cancellationToken);
        }, cancellationToken);

    /// <summary>The parser's message from a <c>bad_data</c> answer, without the API's "invalid parameter" wrapping.</summary>
    private static async Task<string?> ParserMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken);
            var root = document?.RootElement;
            if (root is not { ValueKind: JsonValueKind.Object } body
                || !body.TryGetProperty("errorType", out var type) || type.GetString() != BadData
                || !body.TryGetProperty("error", out var error) || error.GetString() is not { } text)
            {
                return null;
            }

            const string wrapping = "invalid parameter \"query\": ";
            var message = text.StartsWith(wrapping, StringComparison.Ordinal) ? text[wrapping.Length..] : text;
            return message.Length <= ParseErrorLength ? message : message[..ParseErrorLength] + "…";
        }
        catch (JsonException)
        {
            return null;
        }
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
