namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>Polls until a condition holds; real Prometheus and Alertmanager need seconds to scrape, evaluate and notify.</summary>
public static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        while (true)
        {
            last = await probe();
            if (condition(last) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        return condition(last) ? last : throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s (last value: {last})");
    }
}
