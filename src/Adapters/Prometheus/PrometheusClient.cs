using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Prometheus;

/// <summary>The Prometheus HTTP API: instant and range queries, the PromQL parser and the lifecycle reload.</summary>
public sealed class PrometheusClient(HttpClient http, IOptions<PrometheusOptions> options) : IPrometheusQuery, IPrometheusLifecycle, IPromQlCheck
{
    /// <summary>Prometheus refuses a range query of more points per series ("exceeded maximum resolution of 11,000 points").</summary>
    public const int MaxPointsPerRangeQuery = 11_000;

    private const int QuotedQueryLength = 300;

    // The parser's message names a position and what it expected; longer text is not a parser message.
    private const int ParseErrorLength = 300;

    private const string BadData = "bad_data";

    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(promql);
        // A query over hundreds of services is kilobytes long: a failure quotes its start.
        var operation = $"query {Quoted(promql)}";
        var form = new Dictionary<string, string> { ["query"] = promql };
        if (time is { } at)
        {
            form["time"] = UnixSeconds(at);
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

    public async Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(
        string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(promql);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        var operation = $"query the range of {Quoted(promql)}";
        var points = (long)((end - start).Ticks / step.Ticks) + 1;
        var limits = new RangeLimits(options.Value.MaxRangeSamples, options.Value.MaxRangeResponseBytes);
        var merged = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, List<PrometheusPoint> Points)>(StringComparer.Ordinal);
        // One query per part of at most MaxPointsPerRangeQuery steps, oldest first, so each series' points stay in order.
        for (long first = 0; first < points; first += MaxPointsPerRangeQuery)
        {
            var partStart = start + step * first;
            var partEnd = start + step * Math.Min(points - 1, first + MaxPointsPerRangeQuery - 1);
            foreach (var series in await RangePartAsync(promql, partStart, partEnd, step, operation, limits, cancellationToken))
            {
                var key = JsonSerializer.Serialize(series.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new[] { l.Key, l.Value }));
                if (!merged.TryGetValue(key, out var into))
                {
                    merged[key] = into = (series.Labels, []);
                }

                into.Points.AddRange(series.Points);
            }
        }

        return [.. merged.Values.Select(s => new PrometheusSeries(s.Labels, s.Points))];
    }

    private Task<IReadOnlyList<PrometheusSeries>> RangePartAsync(
        string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, string operation, RangeLimits limits, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["query"] = promql,
            ["start"] = UnixSeconds(start),
            ["end"] = UnixSeconds(end),
            ["step"] = (step.Ticks / (double)TimeSpan.TicksPerSecond).ToString("0.###", CultureInfo.InvariantCulture),
        };
        return ExternalCall.RunAsync(ExternalSystem.Prometheus, operation, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/query_range") { Content = new FormUrlEncodedContent(form) };
            // Headers first: the body is read within the size limit, not buffered whole by the client.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await HttpFailure.FromResponseAsync(ExternalSystem.Prometheus, operation, response, PrometheusResponseReader.ErrorMessage, cancellationToken);
            }

            try
            {
                var body = await BoundedBody.ReadAsync(response, limits.ResponseBytes, cancellationToken);
                using var document = JsonDocument.Parse(body);
                return PrometheusResponseReader.ReadSeries(document.RootElement, limits);
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new AdapterException(ExternalSystem.Prometheus, operation, AdapterFailure.InvalidResponse, exception.Message, exception);
            }
        }, cancellationToken);
    }

    /// <summary>A query as its failures name it: quoted, and cut after <see cref="QuotedQueryLength"/> characters.</summary>
    private static string Quoted(string promql) => $"'{(promql.Length <= QuotedQueryLength ? promql : promql[..QuotedQueryLength] + "…")}'";

    private static string UnixSeconds(DateTimeOffset at) => (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

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
