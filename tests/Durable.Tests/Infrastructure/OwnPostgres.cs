using System.Diagnostics;

namespace Smo.Durable.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own, run by <c>scripts/services.sh</c> (SMO_PG_NAME, SMO_PG_PORT), so the test
/// can restart it without disturbing the other tests' database.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private const string Name = "postgres-restart-test";

    /// <summary>
    /// Below Linux's ephemeral range (32768–60999): a port in it can be taken by any test's outgoing connection while
    /// the server is down between the test's stop and start (it happened once in CI: "Address already in use").
    /// </summary>
    private const int Port = 25434;

    private OwnPostgres()
    {
    }

    public string ConnectionString { get; } = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=smo;Timeout=5;Command Timeout=15";

    public static async Task<OwnPostgres> StartAsync()
    {
        await ServicesAsync("up");
        return new OwnPostgres();
    }

    /// <summary>Stops the server: every connection is cut.</summary>
    public Task StopAsync() => ServicesAsync("down");

    public Task StartAgainAsync() => ServicesAsync("up");

    public async ValueTask DisposeAsync() => await ServicesAsync("down");

    private static async Task ServicesAsync(string action)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "services.sh");
        var start = new ProcessStartInfo("bash", [script, action, "postgres"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SMO_PG_NAME"] = Name;
        start.Environment["SMO_PG_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["SMO_PG_FAST"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"scripts/services.sh {action} postgres failed: {await errors}{await output}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "scripts", "services.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run from inside the repository; scripts/services.sh was not found above " + AppContext.BaseDirectory);
    }
}
