using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Smo.Adapters.Karmada;

/// <summary>
/// Follows Karmada's <c>cluster.karmada.io/v1alpha1</c> clusters with KubernetesClient's watch, as client-go's reflector
/// does: list, then watch from the list's resourceVersion with bookmarks. An ERROR event (410 Expired: the
/// resourceVersion is older than the server keeps; or any other Status) or an event it cannot read lists again; a
/// stream that ends or drops is watched again from the last resourceVersion seen. Failures in a row wait a backoff
/// that doubles from <see cref="KarmadaOptions.WatchRetryDelay"/> up to <see cref="MaxRetryDelay"/>. Each watch asks
/// the server to end it after <see cref="KarmadaOptions.WatchTimeout"/> to twice that (at random, so the watches of
/// several hosts do not all end together), and gives up on it itself <see cref="SilenceSlack"/> later, so a connection
/// that died without a word cannot stall it.
/// </summary>
public sealed partial class KarmadaClusterWatch(KarmadaApi api, IOptions<KarmadaOptions> options, ILogger<KarmadaClusterWatch> logger, TimeProvider? time = null)
    : IClusterWatch
{
    /// <summary>client-go's reflector caps its backoff at 30 s too.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How long past the timeout it asked for a watch may stay silent before the client ends it.</summary>
    public static readonly TimeSpan SilenceSlack = TimeSpan.FromSeconds(30);

    /// <summary>A stream that ends sooner than this without an event counts as a failure, so a server closing at once is not hammered.</summary>
    private static readonly TimeSpan ShortestHealthyStream = TimeSpan.FromSeconds(1);

    /// <summary>The most of the server's own words a log line repeats.</summary>
    private const int MaxQuotedCharacters = 300;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async IAsyncEnumerable<ClusterChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cache = new ClusterCache(options.Value);
        var retry = new RetryDelay(options.Value.WatchRetryDelay, MaxRetryDelay);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cache.ResourceVersion is null)
            {
                IReadOnlyList<ClusterChange> listed;
                try
                {
                    var (members, version) = await KarmadaClusterInventory.ReadAsync(api, options.Value, cancellationToken);
                    listed = cache.Listed(members, version, _time.GetUtcNow());
                }
                catch (AdapterException failure)
                {
                    LogListFailed(retry.Failures, failure.Message);
                    await retry.WaitAsync(_time, cancellationToken);
                    continue;
                }

                Recovered(retry);
                foreach (var change in listed)
                {
                    yield return change;
                }

                if (cache.ResourceVersion is null)
                {
                    // A list without a resourceVersion gives a watch nowhere to start: list again after a while.
                    LogNoResourceVersion();
                    await retry.WaitAsync(_time, cancellationToken);
                    continue;
                }
            }

            var timeout = TimeSpan.FromSeconds(Math.Ceiling(options.Value.WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble())));
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            giveUp.CancelAfter(timeout + SilenceSlack);
            var errors = new List<Exception>();
            var stream = api.WatchClient.CustomObjects.WatchListClusterCustomObjectAsync(
                KarmadaClusterInventory.Group, KarmadaClusterInventory.Version, KarmadaClusterInventory.Plural,
                allowWatchBookmarks: true, resourceVersion: cache.ResourceVersion, timeoutSeconds: (int)timeout.TotalSeconds,
                onError: errors.Add, cancellationToken: giveUp.Token);
            var started = _time.GetTimestamp();
            var delivered = 0;
            var end = StreamEnd.Closed;
            await using (var events = stream.GetAsyncEnumerator(giveUp.Token))
            {
                while (true)
                {
                    ClusterChange? change;
                    try
                    {
                        if (!await events.MoveNextAsync())
                        {
                            break;
                        }

                        if (++delivered == 1)
                        {
                            // The server answered and streams: whatever failed before has passed.
                            Recovered(retry);
                        }

                        var (type, item) = events.Current;
                        change = cache.Apply(type, item is JsonElement element ? element : KubernetesObjects.ToElement(item), _time.GetUtcNow());
                    }
                    catch (Exception stopping) when (cancellationToken.IsCancellationRequested)
                    {
                        // Whatever the stream threw as it was torn down, the caller stopped the watch.
                        throw new OperationCanceledException("The cluster watch was stopped.", stopping, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        // Silent past its timeout: ended here, watched again.
                        break;
                    }
                    catch (FormatException malformed)
                    {
                        errors.Add(malformed);
                        break;
                    }
                    catch (HttpOperationException refused)
                    {
                        end = refused.Response.StatusCode == HttpStatusCode.Gone ? StreamEnd.Expired : StreamEnd.Failed;
                        LogWatchFailed(retry.Failures, HttpFailure(refused));
                        break;
                    }
                    catch (Exception dropped) when (dropped is HttpRequestException or IOException || ExternalCallFailure(dropped))
                    {
                        end = StreamEnd.Failed;
                        LogWatchFailed(retry.Failures, Shorten(dropped.Message));
                        break;
                    }

                    if (errors.Count > 0)
                    {
                        break;
                    }

                    if (change is not null)
                    {
                        yield return change;
                    }
                }
            }

            if (errors.Count > 0)
            {
                end = errors.All(IsExpired) ? StreamEnd.Expired : StreamEnd.Failed;
                LogErrorEvent(Shorten(string.Join("; ", errors.Select(Describe))));
            }

            switch (end)
            {
                case StreamEnd.Expired:
                    // The usual way a watch ends after a long quiet spell or a burst of writes: list again at once.
                    cache.ResourceVersion = null;
                    break;
                case StreamEnd.Failed when errors.Count > 0:
                    cache.ResourceVersion = null;
                    await retry.WaitAsync(_time, cancellationToken);
                    break;
                case StreamEnd.Failed:
                    await retry.WaitAsync(_time, cancellationToken);
                    break;
                case StreamEnd.Closed when delivered > 0 || _time.GetElapsedTime(started) >= ShortestHealthyStream:
                    // The server's timeout (or the client's, past it): watch on from where it stopped.
                    Recovered(retry);
                    break;
                default:
                    await retry.WaitAsync(_time, cancellationToken);
                    break;
            }
        }
    }

    private void Recovered(RetryDelay retry)
    {
        if (retry.Failures > 0)
        {
            LogRecovered(retry.Failures);
        }

        retry.Reset();
    }

    private static bool IsExpired(Exception error) =>
        error is KubernetesException { Status.Code: (int)HttpStatusCode.Gone };

    private static string Describe(Exception error) => error is KubernetesException { Status: { } status }
        ? $"{status.Code} {status.Reason}: {status.Message}"
        : error.Message;

    private static string HttpFailure(HttpOperationException refused) =>
        $"HTTP {(int)refused.Response.StatusCode} {refused.Response.StatusCode}: {Shorten(refused.Response.Content ?? "")}";

    private static bool ExternalCallFailure(Exception exception) =>
        Resilience.ExternalCall.Translate(ExternalSystem.Karmada, "watch member clusters", exception, CancellationToken.None) is not null;

    private static string Shorten(string text) => text.Length <= MaxQuotedCharacters ? text : text[..MaxQuotedCharacters] + "…";

    private enum StreamEnd
    {
        /// <summary>The server ended it (its timeout), or the client did when it fell silent.</summary>
        Closed,

        /// <summary>Its resourceVersion is too old: list again.</summary>
        Expired,

        Failed,
    }

    /// <summary>The first failure of a run is a warning; the ones after it, until it recovers, only debug lines.</summary>
    private void LogListFailed(int failuresBefore, string reason) =>
        LogListFailed(failuresBefore == 0 ? LogLevel.Warning : LogLevel.Debug, failuresBefore + 1, reason);

    private void LogWatchFailed(int failuresBefore, string reason) =>
        LogWatchFailed(failuresBefore == 0 ? LogLevel.Warning : LogLevel.Debug, failuresBefore + 1, reason);

    [LoggerMessage("Cluster watch: listing Karmada's clusters failed (failure {Failures} in a row); trying again after a backoff: {Reason}")]
    private partial void LogListFailed(LogLevel level, int failures, string reason);

    [LoggerMessage("Cluster watch: the watch of Karmada's clusters failed or dropped (failure {Failures} in a row); watching again after a backoff: {Reason}")]
    private partial void LogWatchFailed(LogLevel level, int failures, string reason);

    [LoggerMessage(LogLevel.Information, "Cluster watch: Karmada ended the watch with an error; listing the clusters again: {Reason}")]
    private partial void LogErrorEvent(string reason);

    [LoggerMessage(LogLevel.Warning, "Cluster watch: Karmada's cluster list has no resourceVersion to watch from; listing again after a backoff")]
    private partial void LogNoResourceVersion();

    [LoggerMessage(LogLevel.Information, "Cluster watch: following Karmada's clusters again after {Failures} failures")]
    private partial void LogRecovered(int failures);
}
