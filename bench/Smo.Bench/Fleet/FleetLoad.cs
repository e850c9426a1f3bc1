using Smo.Bench.Stack;

namespace Smo.Bench.Fleet;

/// <summary>
/// The offered load of the fleet's services in the simulator: each starts at a random 5–45 req/s (1–5 replicas at
/// α = 10), and every <see cref="MoveInterval"/> a random 5 % of them move to a new level, so some ticks scale and
/// the load watch has rises to answer, as in a live fleet.
/// </summary>
internal sealed class FleetLoad(SimulatorControl simulator, int seed)
{
    public static readonly TimeSpan MoveInterval = TimeSpan.FromSeconds(5);

    private const double MovedShare = 0.05;
    private const int MinRate = 5;
    private const int MaxRate = 45;
    private const int ConcurrentWrites = 16;

    private readonly Random _random = new(seed);
    private readonly List<string> _services = [];

    public int Moves { get; private set; }

    /// <summary>Gives the new services their first load.</summary>
    public async Task AddAsync(IEnumerable<string> services, CancellationToken cancellationToken)
    {
        var added = services.ToList();
        _services.AddRange(added);
        await SetAsync(added, cancellationToken);
    }

    /// <summary>Moves a share of the services every <see cref="MoveInterval"/> until <paramref name="duration"/> has passed.</summary>
    public async Task MoveForAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow + MoveInterval <= until)
        {
            await Task.Delay(MoveInterval, cancellationToken);
            var moved = _services.OrderBy(_ => _random.Next()).Take(Math.Max(1, (int)(_services.Count * MovedShare))).ToList();
            await SetAsync(moved, cancellationToken);
            Moves += moved.Count;
        }

        if (until > DateTime.UtcNow)
        {
            await Task.Delay(until - DateTime.UtcNow, cancellationToken);
        }
    }

    private async Task SetAsync(List<string> services, CancellationToken cancellationToken)
    {
        // Drawn before the writes start, so the rates do not depend on the order the writes finish in.
        var rates = services.Select(s => (Service: s, Rate: (double)_random.Next(MinRate, MaxRate + 1))).ToList();
        await Parallel.ForEachAsync(rates, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentWrites, CancellationToken = cancellationToken },
            async (load, token) => await simulator.SetLoadAsync(load.Service, load.Rate, token));
    }
}
