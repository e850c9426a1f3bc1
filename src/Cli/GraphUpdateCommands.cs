using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;

namespace Smo.Cli;

/// <summary><c>smo graph update | versions | rollback</c>: a graph's descriptor changed in place, its versions, a return to one.</summary>
internal static class GraphUpdateCommands
{
    public static Command Update(CliGlobals globals)
    {
        var name = GraphCommands.GraphName();
        var descriptor = new Argument<string>("descriptor") { Description = "The new descriptor: a file (.yaml, .yml, .json) or an artifact reference (oci://host/repo:tag)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change and change nothing" };
        var wait = Wait();
        var timeout = GraphWait.Timeout();
        var command = new Command("update", "Change a running or stopped graph to a new descriptor: only what changed is installed, upgraded or uninstalled")
        {
            name, descriptor, dryRun, wait, timeout,
        };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var graph = result.GetValue(name)!;
            var path = $"graphs/{Uri.EscapeDataString(graph)}" + (result.GetValue(dryRun) ? "?dryRun=true" : "");
            var answer = await session.Api.PutAsync(path, await GraphCommands.BodyAsync(result.GetValue(descriptor)!, cancellationToken), cancellationToken);
            return await AnsweredAsync(session, graph, answer, result.GetValue(wait), result.GetValue(timeout), cancellationToken);
        }));
        return command;
    }

    public static Command Versions(CliGlobals globals)
    {
        var name = GraphCommands.GraphName();
        var command = new Command("versions", "The versions of a graph's descriptor, newest first: when, by what, and what each changed") { name };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var versions = await session.Api.GetAsync($"graphs/{Uri.EscapeDataString(result.GetValue(name)!)}/versions", cancellationToken);
            if (session.Json)
            {
                await session.PrintJsonAsync(versions);
                return 0;
            }

            var table = Views.Table("Version", "Current", "At (UTC)", "Origin", "State", "Descriptor version", "Summary");
            foreach (var version in versions.Child("versions").Items())
            {
                var summary = version.Text("failureReason") is { Length: > 0 } failure ? $"{version.Text("summary")} Failed: {failure}" : version.Text("summary");
                Views.Row(table, version.Text("number"), version.Child("current").ValueKind == JsonValueKind.True ? "*" : "", version.Time("at"),
                    version.Text("origin"), version.Text("state"), version.Text("descriptorVersion"), summary);
            }

            session.Console.Write(table);
            return 0;
        }));
        return command;
    }

    public static Command Rollback(CliGlobals globals)
    {
        var name = GraphCommands.GraphName();
        var version = new Option<int?>("--version") { Description = "The version to return to [default: the one before the current]" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var wait = Wait();
        var timeout = GraphWait.Timeout();
        var command = new Command("rollback", "Return a graph to an earlier version (applied as a new version, the way an update is)") { name, version, yes, wait, timeout };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var graph = result.GetValue(name)!;
            var target = result.GetValue(version);
            var question = target is { } number ? $"Roll graph {graph} back to version {number}?" : $"Roll graph {graph} back to its previous version?";
            if (!await session.ConfirmAsync(question, result.GetValue(yes)))
            {
                Views.Line(session, "Not confirmed; nothing was done.");
                return 1;
            }

            var body = target is { } asked ? JsonContent.Create(new { version = asked }) : null;
            var answer = await session.Api.PostAsync($"graphs/{Uri.EscapeDataString(graph)}/rollback", body, cancellationToken);
            return await AnsweredAsync(session, graph, answer, result.GetValue(wait), result.GetValue(timeout), cancellationToken);
        }));
        return command;
    }

    /// <summary>Prints the diff (or the JSON), then, with --wait, follows the version until it is applied (0) or fails (1).</summary>
    private static async Task<int> AnsweredAsync(CliSession session, string graph, JsonElement answer, bool wait, int timeout, CancellationToken cancellationToken)
    {
        if (session.Json)
        {
            await session.PrintJsonAsync(answer);
        }
        else
        {
            PrintDiff(session, answer);
        }

        if (answer.Text("version") is not { Length: > 0 } number)
        {
            if (!session.Json)
            {
                Views.Line(session, answer.Child("dryRun").ValueKind == JsonValueKind.True ? "Nothing was changed (dry run)." : "Nothing to apply: no changes.");
            }

            return 0;
        }

        if (!session.Json)
        {
            Views.Line(session, $"Accepted: version {number} of graph {graph} is being applied ({answer.Text("statusUrl")}).");
        }

        return wait ? await WaitSettledAsync(session, graph, number, TimeSpan.FromSeconds(timeout), cancellationToken) : 0;
    }

    private static void PrintDiff(CliSession session, JsonElement answer)
    {
        var diff = answer.Child("diff");
        Views.Line(session, $"Graph {answer.Text("name")} (version {answer.Text("currentVersion")}): {answer.Text("summary")}");
        foreach (var added in diff.Child("added").Items())
        {
            Views.Line(session, $"  + {added.GetString()}");
        }

        foreach (var removed in diff.Child("removed").Items())
        {
            Views.Line(session, $"  - {removed.GetString()}");
        }

        foreach (var changed in diff.Child("changed").Items())
        {
            var upgrade = changed.Child("upgrade").ValueKind == JsonValueKind.True ? " (helm upgrade)" : "";
            Views.Line(session, $"  ~ {changed.Text("service")}{upgrade}");
            foreach (var field in changed.Child("changes").Items())
            {
                Views.Line(session, $"      {field.Text("field")}: {field.Text("detail")}");
            }
        }

        foreach (var field in diff.Child("graph").Items())
        {
            Views.Line(session, $"  graph {field.Text("field")}: {field.Text("detail")}");
        }

        foreach (var warning in answer.Child("warnings").Items())
        {
            Views.Line(session, $"warning: {warning.GetString()}");
        }
    }

    /// <summary>Polls the graph's versions until <paramref name="number"/> is applied (0), failed or gone (1).</summary>
    private static Task<int> WaitSettledAsync(CliSession session, string graph, string number, TimeSpan timeout, CancellationToken cancellationToken) =>
        GraphWait.UntilAsync(session, timeout, async cancellation =>
        {
            var versions = await session.Api.GetAsync($"graphs/{Uri.EscapeDataString(graph)}/versions", cancellation);
            var version = versions.Child("versions").Items().FirstOrDefault(v => v.Text("number") == number);
            switch (version.Text("state"))
            {
                case "applied":
                    Views.Line(session, $"Graph {graph} runs version {number}.");
                    return 0;
                case "failed":
                    await session.Io.Error.WriteLineAsync($"error: version {number} of graph {graph} failed: {version.Text("failureReason")}");
                    return 1;
                case "":
                    await session.Io.Error.WriteLineAsync($"error: graph {graph} no longer lists version {number}.");
                    return 1;
                default:
                    return null;
            }
        }, () => $"version {number} of graph {graph} was still being applied after {timeout.TotalSeconds:0} s; smo graph versions {graph} tells more.", cancellationToken);

    private static Option<bool> Wait() => GraphWait.Option("the version until it is applied or fails");
}
