using System.CommandLine;

namespace Smo.Cli;

/// <summary>
/// <c>--wait</c> and <c>--timeout</c> of the commands that start work on a graph (deploy, update, rollback), and the
/// poll that follows the work until it is done, failed or out of time.
/// </summary>
internal static class GraphWait
{
    public const int DefaultTimeoutSeconds = 180;

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <param name="until">What the wait follows, e.g. "the deploy until the graph runs or fails".</param>
    public static Option<bool> Option(string until) => new("--wait") { Description = $"Follow {until}" };

    public static Option<int> Timeout() => new("--timeout") { Description = "Seconds --wait waits at most", DefaultValueFactory = _ => DefaultTimeoutSeconds };

    /// <summary>
    /// Asks <paramref name="check"/> once a second until it answers an exit code; after <paramref name="timeout"/>,
    /// prints what <paramref name="timedOut"/> says (read then, so it can name the last state seen) and answers 1.
    /// </summary>
    public static async Task<int> UntilAsync(
        CliSession session, TimeSpan timeout, Func<CancellationToken, Task<int?>> check, Func<string> timedOut, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await check(cancellationToken) is { } code)
            {
                return code;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        await session.Io.Error.WriteLineAsync($"error: {timedOut()}");
        return 1;
    }
}
