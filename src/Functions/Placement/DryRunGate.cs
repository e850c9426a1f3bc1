using Smo.Functions.Graphs.Translation;

namespace Smo.Functions.Placement;

/// <summary>
/// At most <see cref="GraphDefaults.MaxConcurrentDryRuns"/> what-ifs solve at once on a host: each may take the
/// solver's whole <see cref="GraphDefaults.PlacementTimeLimit"/> of CPU, and a caller who asks for many must not
/// starve the scaling loops. A request beyond the limit is told to come back (429), not queued.
/// </summary>
public sealed class DryRunGate(GraphDefaults defaults)
{
    private readonly SemaphoreSlim _slots = new(defaults.MaxConcurrentDryRuns, defaults.MaxConcurrentDryRuns);

    /// <summary>A slot, released when disposed; null when every slot is taken.</summary>
    public IDisposable? TryEnter() => _slots.Wait(0) ? new Slot(_slots) : null;

    /// <summary>The 429 for a what-if that found no free slot.</summary>
    public static IResult Busy(HttpResponse response)
    {
        response.Headers.RetryAfter = "1";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many dry runs at once.",
            detail: $"Every dry-run slot of this host is solving (Smo:Graphs:{nameof(GraphDefaults.MaxConcurrentDryRuns)}); retry in a moment.");
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
