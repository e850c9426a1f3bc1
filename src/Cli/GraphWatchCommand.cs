using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Smo.Cli;

/// <summary>
/// <c>smo graph watch NAME [--interval S]</c>: the graph's services (status, cluster, replicas), its status and latest
/// decision, read again every interval until Ctrl-C — redrawn in place on a terminal, a new table each time otherwise
/// (one JSON line each with --json). Exit 0 on Ctrl-C; 1 when the graph is gone, the API refuses, or it fails
/// <see cref="FailuresBeforeGivingUp"/> times in a row.
/// </summary>
internal static class GraphWatchCommand
{
    public const int FailuresBeforeGivingUp = 3;
    public const double MinIntervalSeconds = 0.2;
    public const double MaxIntervalSeconds = 3600;

    /// <summary>One refresh waits this long for the host at most, so a hung host counts as a failure rather than a stall.</summary>
    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(15);

    public static Command Build(CliGlobals globals)
    {
        var name = GraphCommands.GraphName();
        var interval = new Option<double>("--interval") { Description = "Seconds between refreshes", DefaultValueFactory = _ => 2 };
        interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < MinIntervalSeconds or > MaxIntervalSeconds)
            {
                result.AddError($"--interval must be between {MinIntervalSeconds} and {MaxIntervalSeconds} seconds.");
            }
        });
        var command = new Command("watch", "A live table of the graph's services, status and latest decision, refreshed until Ctrl-C") { name, interval };
        command.SetAction(globals.Run((session, result, cancellationToken) =>
        {
            var watch = new Watch(session, result.GetValue(name)!, TimeSpan.FromSeconds(result.GetValue(interval)));
            return session.Io.Ansi && !session.Json
                ? session.Console.Live(new Text($"Reading graph {watch.Name}…")).StartAsync(live => watch.RunAsync(view =>
                {
                    live.UpdateTarget(view);
                    live.Refresh();
                }, cancellationToken))
                : watch.RunAsync(view => session.Console.Write(view), cancellationToken);
        }));
        return command;
    }

    /// <summary>The fields of <c>GET /graphs/{name}</c> the watch reads (the API adds others; these names stay).</summary>
    private sealed record Snapshot(DateTimeOffset At, string Name, string Status, IReadOnlyList<ServiceRow> Services, DecisionLine? LatestDecision)
    {
        public static Snapshot From(JsonElement graph, DateTimeOffset at) => new(
            at,
            graph.Text("name"),
            graph.Text("status"),
            graph.Child("services").Items().Select(s => new ServiceRow(s.Text("name"), s.Text("status"), s.Text("cluster_affinity"), s.Text("replicas"))).ToList(),
            graph.Child("latestDecisions").Items().Select(d => new DecisionLine(d.Time("at"), d.Text("kind"), d.Text("trigger"), d.Text("status"), d.Text("reason"))).FirstOrDefault());
    }

    private sealed record ServiceRow(string Name, string Status, string Cluster, string Replicas);

    private sealed record DecisionLine(string At, string Kind, string Trigger, string Status, string Reason);

    private sealed class Watch(CliSession session, string name, TimeSpan interval)
    {
        private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web);

        public string Name => name;

        /// <param name="show">Puts a view on the screen: in place on a terminal, after the last one otherwise.</param>
        public async Task<int> RunAsync(Action<IRenderable> show, CancellationToken cancellationToken)
        {
            Snapshot? last = null;
            var failures = 0;
            try
            {
                while (true)
                {
                    string? failure = null;
                    try
                    {
                        last = await ReadAsync(cancellationToken);
                        failures = 0;
                    }
                    catch (SmoApiException gone) when (gone.Status == HttpStatusCode.NotFound)
                    {
                        await session.Io.Error.WriteLineAsync(last is null ? $"error: {gone.Message}" : $"error: graph {name} is gone (removed).");
                        return 1;
                    }
                    catch (Exception transient) when (IsTransient(transient, cancellationToken))
                    {
                        failure = transient is SmoApiException ? transient.Message : $"no answer within {RefreshTimeout.TotalSeconds:0} s";
                        if (++failures >= FailuresBeforeGivingUp)
                        {
                            await session.Io.Error.WriteLineAsync($"error: {failures} refreshes in a row failed; the last: {failure}");
                            return 1;
                        }
                    }

                    await ShowAsync(show, last, failure is null ? null : $"Refresh failed ({failures} of {FailuresBeforeGivingUp}): {failure}");
                    await Task.Delay(interval, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
        }

        private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
        {
            using var refresh = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            refresh.CancelAfter(RefreshTimeout);
            var graph = await session.Api.GetAsync($"graphs/{Uri.EscapeDataString(name)}", refresh.Token);
            return Snapshot.From(graph, DateTimeOffset.UtcNow);
        }

        // An unreachable host, a 5xx or a refresh that timed out may pass; a refusal (401, 403, 400) will not.
        private static bool IsTransient(Exception failure, CancellationToken cancellationToken) => failure switch
        {
            SmoApiException api => api.Status == 0 || (int)api.Status >= 500,
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            _ => false,
        };

        private async Task ShowAsync(Action<IRenderable> show, Snapshot? snapshot, string? failure)
        {
            if (session.Json)
            {
                if (failure is null && snapshot is not null)
                {
                    await session.Io.Output.WriteLineAsync(JsonSerializer.Serialize(snapshot, JsonLines));
                }
                else
                {
                    await session.Io.Error.WriteLineAsync($"warning: {failure}");
                }

                return;
            }

            // Without a terminal a failure goes to stderr, where it does not break the tables a script reads.
            if (!session.Io.Ansi && failure is not null)
            {
                await session.Io.Error.WriteLineAsync($"warning: {failure}");
                return;
            }

            show(View(snapshot, failure));
        }

        private IRenderable View(Snapshot? snapshot, string? failure)
        {
            var lines = new List<IRenderable>();
            if (snapshot is not null)
            {
                var refreshed = snapshot.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                lines.Add(new Text($"Graph {snapshot.Name}: {snapshot.Status} (refreshed {refreshed} UTC, every {interval.TotalSeconds:0.#} s; Ctrl-C stops)"));
                var table = Views.Table("Service", "Status", "Cluster", "Replicas");
                foreach (var service in snapshot.Services)
                {
                    Views.Row(table, service.Name, service.Status, service.Cluster, service.Replicas);
                }

                lines.Add(table);
                lines.Add(new Text(snapshot.LatestDecision is { } d
                    ? $"Latest decision: {d.At} UTC {d.Kind} ({d.Trigger}) {d.Status}: {d.Reason}"
                    : "Latest decision: none yet"));
            }

            if (failure is not null)
            {
                lines.Add(new Text(failure));
            }

            return new Rows(lines);
        }
    }
}
