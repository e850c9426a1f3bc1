using System.Globalization;
using System.Text.Json.Nodes;
using Smo.Simulator.Federation;

namespace Smo.Simulator.Kubernetes.Watching;

/// <summary>
/// Streams a watch as the apiserver does: 200, <c>application/json</c>, chunked, one event per line — the current
/// objects as ADDED (or the changes after the resourceVersion asked for), then every change as it is stored, BOOKMARKs
/// when asked for, until the timeout, the client leaves, or the simulation is reset. A resourceVersion older than the
/// changes kept gets one ERROR event with a 410 Expired Status, and the stream ends.
/// </summary>
public sealed class WatchResult(FederationState state, ResourceDefinition type, string? ns, WatchRequest request, TimeSpan bookmarkInterval) : IResult
{
    private readonly WatchEvents _events = new();
    private long _seen;

    public async Task ExecuteAsync(HttpContext context)
    {
        var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        var started = TimeProvider.System.GetTimestamp();
        var nextBookmark = bookmarkInterval;
        Task nextChange;
        bool open;
        lock (state.Gate)
        {
            open = Start();
            nextChange = state.Store.History.NextChange;
        }
        try
        {
            await response.StartAsync(stop.Token);
            while (true)
            {
                await SendAsync(response, stop.Token);
                if (!open)
                {
                    return;
                }
                var elapsed = TimeProvider.System.GetElapsedTime(started);
                var wait = request.Timeout - elapsed;
                if (request.Bookmarks && nextBookmark - elapsed < wait)
                {
                    wait = nextBookmark - elapsed;
                }
                if (wait > TimeSpan.Zero)
                {
                    // The delay is cancelled when a change comes first, so a busy watch leaves no timers behind.
                    using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    await Task.WhenAny(nextChange, Task.Delay(wait, waiting.Token));
                    await waiting.CancelAsync();
                    stop.Token.ThrowIfCancellationRequested();
                }
                elapsed = TimeProvider.System.GetElapsedTime(started);
                if (elapsed >= request.Timeout)
                {
                    return;
                }
                var bookmarkDue = request.Bookmarks && elapsed >= nextBookmark;
                if (bookmarkDue)
                {
                    nextBookmark = elapsed + bookmarkInterval;
                }
                lock (state.Gate)
                {
                    open = Follow(bookmarkDue);
                    nextChange = state.Store.History.NextChange;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left or the host is stopping: the stream just ends, as a dropped connection does.
        }
    }

    private async Task SendAsync(HttpResponse response, CancellationToken cancellation)
    {
        if (_events.IsEmpty)
        {
            return;
        }
        await response.Body.WriteAsync(_events.Written, cancellation);
        await response.Body.FlushAsync(cancellation);
        _events.Clear();
    }

    /// <summary>The first events, under the lock; false when the stream ends with them (an ERROR).</summary>
    private bool Start()
    {
        var store = state.Store;
        if (request.After is not { } after)
        {
            foreach (var item in store.List(type, ns).Where(request.Filter.Matches))
            {
                _events.Add(ChangeKind.Added, item);
            }
            _seen = store.CurrentVersionNumber;
            return true;
        }
        if (after > store.CurrentVersionNumber)
        {
            _events.Error(StatusObjects.ResourceVersionTooLarge(after, store.CurrentVersionNumber));
            return false;
        }
        _seen = after;
        return Follow(bookmarkDue: false);
    }

    /// <summary>The changes since the last call, under the lock; false when the stream must end.</summary>
    private bool Follow(bool bookmarkDue)
    {
        var history = state.Store.History;
        if (!history.TryReadAfter(_seen, out var changes))
        {
            // Asked for (or fallen) behind what is kept: the client must list again.
            _events.Error(StatusObjects.Expired(_seen, history.ExpiredThrough + 1));
            return false;
        }
        foreach (var change in changes)
        {
            Send(change);
        }
        // Every write is in the history, so nothing up to the store's version is left unsent.
        _seen = state.Store.CurrentVersionNumber;
        if (bookmarkDue)
        {
            _events.Bookmark(type, _seen);
        }
        return !history.Closed;
    }

    /// <summary>
    /// One change as this watch sees it: an object that starts matching the selectors is ADDED, one that stops is
    /// DELETED with its previous content at the change's resourceVersion, as the apiserver's watch cache does.
    /// </summary>
    private void Send(StoredChange change)
    {
        if (change.Type != type || (ns is not null && change.Object.StringAt("metadata", "namespace") != ns))
        {
            return;
        }
        var matches = change.Kind != ChangeKind.Deleted && request.Filter.Matches(change.Object);
        var matched = change.Previous is { } previous && request.Filter.Matches(previous);
        switch (matches, matched)
        {
            case (true, true):
                _events.Add(change.Kind, change.Object);
                break;
            case (true, false):
                _events.Add(ChangeKind.Added, change.Object);
                break;
            case (false, true) when change.Kind == ChangeKind.Deleted:
                _events.Add(ChangeKind.Deleted, change.Object);
                break;
            case (false, true):
                var last = (JsonObject)change.Previous!.DeepClone();
                last.Child("metadata")["resourceVersion"] = change.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                _events.Add(ChangeKind.Deleted, last);
                break;
        }
    }
}
