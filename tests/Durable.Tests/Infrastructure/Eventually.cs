namespace Smo.Durable.Tests.Infrastructure;

/// <summary>Polls a condition that becomes true asynchronously; fails the test with a message after a timeout.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting until {because}.");
            }

            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string because, int seconds = 30) =>
        TrueAsync(() => Task.FromResult(condition()), because, seconds);
}
