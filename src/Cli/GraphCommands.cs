using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Smo.Cli;

/// <summary><c>smo graph ...</c>: deploy, list, describe, watch, history, re-place, execute-strategy, weights, forecast, update, versions, rollback, stop, start, remove.</summary>
internal static class GraphCommands
{
    /// <summary>Pages of a graph list read at most (the API's pages hold 100 graphs each): a bound on a host that never stops linking.</summary>
    private const int MaxListPages = 50;

    public static Command Build(CliGlobals globals) => new("graph", "Application graphs (HDAGs)")
    {
        Deploy(globals),
        List(globals),
        Describe(globals),
        GraphWatchCommand.Build(globals),
        Command(globals, "re-place", "Decide the placement again; only services that move are upgraded", "placement", dryRun: true),
        ExecuteStrategy(globals),
        Weights(globals),
        Forecast(globals),
        GraphHistoryCommands.Build(globals),
        GraphUpdateCommands.Update(globals), GraphUpdateCommands.Versions(globals), GraphUpdateCommands.Rollback(globals),
        Command(globals, "stop", "Uninstall the graph's services, keep the graph", "stop", confirm: "Stop graph {0} (its services are uninstalled)?"),
        Command(globals, "start", "Install again what a stop removed", "start"),
        Command(globals, "remove", "Uninstall everything and forget the graph", null, confirm: "Remove graph {0} (uninstalled and forgotten)?"),
    };

    private static Command Deploy(CliGlobals globals)
    {
        var descriptor = new Argument<string>("descriptor") { Description = "A descriptor file (.yaml, .yml, .json) or an artifact reference (oci://host/repo:tag)" };
        var project = new Option<string>("--project", "-p") { Description = "The project (Kubernetes namespace) to deploy into", Required = true };
        var dryRun = DryRun();
        var wait = GraphWait.Option("the deploy until the graph runs or fails");
        var timeout = GraphWait.Timeout();
        var command = new Command("deploy", "Deploy a graph: place, install, then keep scaling it") { descriptor, project, dryRun, wait, timeout };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var source = result.GetValue(descriptor)!;
            var path = $"project/{Uri.EscapeDataString(result.GetValue(project)!)}/graphs{Query(result.GetValue(dryRun))}";
            var answer = await session.Api.PostAsync(path, await BodyAsync(source, cancellationToken), cancellationToken);
            if (session.Json && !result.GetValue(wait))
            {
                await session.PrintJsonAsync(answer);
                return 0;
            }

            if (result.GetValue(dryRun))
            {
                Views.Plan(session, answer);
                return 0;
            }

            var name = answer.Text("name");
            Views.Line(session, $"Accepted: graph {name} is deploying ({answer.Text("statusUrl")}).");
            foreach (var warning in answer.Child("warnings").Items())
            {
                Views.Line(session, $"warning: {warning.GetString()}");
            }

            return result.GetValue(wait) ? await WaitRunningAsync(session, name, TimeSpan.FromSeconds(result.GetValue(timeout)), cancellationToken) : 0;
        }));
        return command;
    }

    private static Command List(CliGlobals globals)
    {
        var project = new Option<string>("--project", "-p") { Description = "Only this project's graphs" };
        var command = new Command("list", "List graphs") { project };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var path = result.GetValue(project) is { } p ? $"project/{Uri.EscapeDataString(p)}/graphs" : "graphs";
            var (graphs, complete) = await session.Api.GetListAsync(path, MaxListPages, cancellationToken);
            if (!complete)
            {
                await session.Io.Error.WriteLineAsync($"warning: only the first {MaxListPages} pages ({graphs.Count} graphs) were read; give --project for fewer.");
            }

            if (session.Json)
            {
                await session.PrintJsonAsync(JsonSerializer.SerializeToElement(graphs));
                return 0;
            }

            var table = Views.Table("Name", "Project", "Status", "Services", "Clusters");
            foreach (var graph in graphs)
            {
                var clusters = graph.Child("placement").ValueKind == JsonValueKind.Object
                    ? string.Join(", ", graph.Child("placement").EnumerateObject().Select(p => p.Value.GetString()).Distinct().Order(StringComparer.Ordinal))
                    : "";
                Views.Row(table, graph.Text("name"), graph.Text("project"), graph.Text("status"), graph.Text("serviceCount"), clusters);
            }

            session.Console.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Describe(CliGlobals globals)
    {
        var name = GraphName();
        var command = new Command("describe", "A graph's status, services and why each runs where it does, latest decisions and events") { name };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var graph = await session.Api.GetAsync($"graphs/{Uri.EscapeDataString(result.GetValue(name)!)}", cancellationToken);
            if (session.Json)
            {
                await session.PrintJsonAsync(graph);
                return 0;
            }

            var strategies = graph.Child("strategies");
            Views.Line(session, $"Graph {graph.Text("name")} in project {graph.Text("project")}: {graph.Text("status")}");
            Views.Line(session, $"Strategies: placement {strategies.Text("placement")}, scaling {strategies.Text("scaling")}, every {strategies.Text("scalingIntervalSeconds")} s");
            Views.Line(session, $"Weights: {WeightsText(strategies.Child("weights"))}");
            if (graph.Text("failureReason") is { Length: > 0 } failure)
            {
                Views.Line(session, $"Failure: {failure}");
            }

            foreach (var degraded in Degraded(graph))
            {
                Views.Line(session, $"Degraded: {degraded}");
            }

            var services = Views.Table("Service", "Status", "Cluster", "Replicas", "Artifact");
            foreach (var service in graph.Child("services").Items())
            {
                Views.Row(services, service.Text("name"), service.Text("status"), service.Text("cluster_affinity"), service.Text("replicas"), service.Text("artifact_ref"));
            }

            session.Console.Write(services);
            WhyHere(session, graph);
            var decisions = Views.Table("At (UTC)", "Decision", "Trigger", "Status", "Reason");
            foreach (var decision in graph.Child("latestDecisions").Items().Take(5))
            {
                Views.Row(decisions, decision.Time("at"), decision.Text("kind"), decision.Text("trigger"), decision.Text("status"), decision.Text("reason"));
            }

            session.Console.Write(decisions);
            var events = Views.Table("At (UTC)", "Event", "Message");
            foreach (var graphEvent in graph.Child("events").Items().Take(5))
            {
                Views.Row(events, graphEvent.Time("at"), graphEvent.Text("kind"), graphEvent.Text("message"));
            }

            session.Console.Write(events);
            return 0;
        }));
        return command;
    }

    /// <summary>Per service, the line that says why it runs where it does with its replicas (the API's <c>why.whyHere</c>).</summary>
    private static void WhyHere(CliSession session, JsonElement graph)
    {
        Views.Line(session, "Why here:");
        foreach (var service in graph.Child("services").Items())
        {
            Views.Line(session, $"  {service.Text("name")}: {service.Child("why").Text("whyHere")}");
        }
    }

    private static Command ExecuteStrategy(CliGlobals globals)
    {
        var name = GraphName();
        var strategy = new Argument<string>("strategy") { Description = "A placement strategy (smo-milp, first-fit, energy-aware, ...) or a scaling one (smo-milp with --kind scaling)" };
        var kind = new Option<string>("--kind") { Description = "placement or scaling; needed only for a name both kinds have (smo-milp is placement unless this says scaling)" };
        kind.AcceptOnlyFromAmong("placement", "scaling");
        var weights = new Option<string[]>("--weight") { Description = "TERM=VALUE the graph adopts with the strategy (repeat for several terms)", AllowMultipleArgumentsPerToken = true };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Seconds the solver may take for this placement" };
        var workers = new Option<int?>("--workers") { Description = "Solver workers for this placement" };
        var seed = new Option<int?>("--seed") { Description = "Solver seed for this placement" };
        var dryRun = DryRun();
        var command = new Command("execute-strategy", "Switch the graph to a strategy (and weights) and decide with it now") { name, strategy, kind, weights, timeLimit, workers, seed, dryRun };
        command.SetAction(globals.Run((session, result, cancellationToken) =>
        {
            var body = new Dictionary<string, object>(StringComparer.Ordinal);
            if (result.GetValue(kind) is { } asked)
            {
                body["kind"] = asked;
            }

            if (result.GetValue(weights) is { Length: > 0 } pairs)
            {
                body["weights"] = WeightPairs(pairs);
            }

            if (result.GetValue(timeLimit) is { } seconds)
            {
                body["timeLimitSeconds"] = seconds;
            }

            if (result.GetValue(workers) is { } threads)
            {
                body["workers"] = threads;
            }

            if (result.GetValue(seed) is { } given)
            {
                body["seed"] = given;
            }

            return SendAsync(session, result.GetValue(name)!, $"execute_strategy/{Uri.EscapeDataString(result.GetValue(strategy)!)}", result.GetValue(dryRun),
                body.Count == 0 ? null : JsonContent.Create(body), cancellationToken);
        }));
        return command;
    }

    private static Command Weights(CliGlobals globals)
    {
        var name = GraphName();
        var terms = new Argument<string[]>("terms") { Description = "TERM=VALUE pairs: deployment, reoptimisation, communication, energy, carbon, utilisation, transition", Arity = ArgumentArity.ZeroOrMore };
        var defaults = new Option<bool>("--defaults") { Description = "Drop the graph's own weights: every term takes the host's default" };
        var command = new Command("weights", "Set the graph's objective weights (all of them: terms not given take the host's defaults); the next decision uses them") { name, terms, defaults };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var pairs = result.GetValue(terms) ?? [];
            var toDefaults = result.GetValue(defaults);
            if (pairs.Length == 0 ? !toDefaults : toDefaults)
            {
                throw new CliUsageException("Give TERM=VALUE pairs (e.g. utilisation=0.6), or --defaults alone to drop the graph's own weights.");
            }

            var graph = result.GetValue(name)!;
            var answer = await session.Api.PutAsync($"graphs/{Uri.EscapeDataString(graph)}/weights", JsonContent.Create(WeightPairs(pairs)), cancellationToken);
            if (session.Json)
            {
                await session.PrintJsonAsync(answer);
            }
            else
            {
                Views.Line(session, $"Weights of graph {graph}: {WeightsText(answer.Child("weights"))}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Forecast(CliGlobals globals)
    {
        var name = GraphName();
        var service = new Argument<string>("service") { Description = "The service the forecast is for" };
        var file = new Argument<string>("file") { Description = "A JSON file {\"points\": [{\"at\": RFC 3339 time, \"rate\": req/s}, ...], \"source\": optional name}" };
        var command = new Command("forecast", "Push a forecast of a service's request rate (replacing the one before); the predictive strategies scale on it while it covers their horizon")
        {
            name, service, file,
        };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliUsageException($"No file {path}: give a JSON file with the forecast's points.");
            }

            var (graph, target) = (result.GetValue(name)!, result.GetValue(service)!);
            var body = new StringContent(await File.ReadAllTextAsync(path, cancellationToken), System.Text.Encoding.UTF8, "application/json");
            var answer = await session.Api.PutAsync($"graphs/{Uri.EscapeDataString(graph)}/services/{Uri.EscapeDataString(target)}/forecast", body, cancellationToken);
            if (session.Json)
            {
                await session.PrintJsonAsync(answer);
            }
            else
            {
                Views.Line(session, $"Forecast of {graph}/{target}: {answer.Child("points").GetRawText()} points from {answer.Text("from")} to {answer.Text("to")}.");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>TERM=VALUE pairs as a JSON object's entries; the API judges the terms and ranges.</summary>
    private static Dictionary<string, double> WeightPairs(IEnumerable<string> pairs)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !weights.TryAdd(parts[0], weight))
            {
                throw new CliUsageException($"'{pair}' is not TERM=VALUE with a number (each term once), e.g. utilisation=0.6.");
            }
        }

        return weights;
    }

    private static string WeightsText(JsonElement weights) =>
        weights.ValueKind == JsonValueKind.Object && weights.EnumerateObject().Any()
            ? string.Join(", ", weights.EnumerateObject().OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => $"{w.Name}={w.Value.GetRawText()}")) + " (other terms: the host's defaults)"
            : "the host's defaults";

    /// <summary>A command on one graph: POST /graphs/{name}/{action} (DELETE /graphs/{name} when action is null).</summary>
    private static Command Command(CliGlobals globals, string verb, string description, string? action, bool dryRun = false, string? confirm = null)
    {
        var name = GraphName();
        var command = new Command(verb, description) { name };
        var dry = dryRun ? DryRun() : null;
        var yes = confirm is null ? null : new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        if (dry is not null)
        {
            command.Add(dry);
        }

        if (yes is not null)
        {
            command.Add(yes);
        }

        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var graph = result.GetValue(name)!;
            var dryRunAsked = dry is not null && result.GetValue(dry);
            if (confirm is not null && !await session.ConfirmAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, confirm, graph), result.GetValue(yes!)))
            {
                Views.Line(session, "Not confirmed; nothing was done.");
                return 1;
            }

            return await SendAsync(session, graph, action, dryRunAsked, null, cancellationToken);
        }));
        return command;
    }

    private static async Task<int> SendAsync(CliSession session, string graph, string? action, bool dryRun, HttpContent? body, CancellationToken cancellationToken)
    {
        var path = $"graphs/{Uri.EscapeDataString(graph)}" + (action is null ? "" : $"/{action}") + Query(dryRun);
        var answer = action is null ? await session.Api.DeleteAsync(path, cancellationToken) : await session.Api.PostAsync(path, body, cancellationToken);
        if (session.Json)
        {
            await session.PrintJsonAsync(answer);
        }
        else if (dryRun)
        {
            Views.Plan(session, answer);
        }
        else
        {
            Views.Line(session, $"Accepted: {answer.Text("command")} for graph {answer.Text("name")} ({answer.Text("statusUrl")}).");
        }

        return 0;
    }

    /// <summary>Polls the graph until it runs (0) or fails (1), printing each change of status or step.</summary>
    private static Task<int> WaitRunningAsync(CliSession session, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var last = "";
        return GraphWait.UntilAsync(session, timeout, async cancellation =>
        {
            var graph = await session.Api.GetAsync($"graphs/{Uri.EscapeDataString(name)}", cancellation);
            var status = graph.Text("status");
            var step = graph.Child("orchestration").Child("customStatus").Text("step");
            var now = step.Length == 0 ? status : $"{status} ({step})";
            if (now != last)
            {
                Views.Line(session, $"  {now}");
                last = now;
            }

            switch (status)
            {
                case "Running":
                    Views.Line(session, $"Graph {name} runs; placement: {string.Join(", ", graph.Child("placement").EnumerateObject().Select(p => $"{p.Name} -> {p.Value.GetString()}"))}");
                    if (session.Json)
                    {
                        await session.PrintJsonAsync(graph);
                    }

                    return 0;
                case "Degraded":
                    // Deployed and running; what a failed cluster holds is said, and the graph is Running when it returns.
                    Views.Line(session, $"Graph {name} runs degraded: {string.Join("; ", Degraded(graph))}");
                    if (session.Json)
                    {
                        await session.PrintJsonAsync(graph);
                    }

                    return 0;
                case "Failed":
                    await session.Io.Error.WriteLineAsync($"error: graph {name} failed: {graph.Text("failureReason")}");
                    return 1;
                default:
                    return null;
            }
        }, () => $"graph {name} was not running after {timeout.TotalSeconds:0} s (last: {last}); smo graph describe {name} tells more.", cancellationToken);
    }

    /// <summary>Each service a failed cluster holds, as the graph's status gives it: "front on member1 since …: why".</summary>
    private static IEnumerable<string> Degraded(JsonElement graph) =>
        graph.Child("degraded").Items().Select(d => $"{d.Text("service")} on {d.Text("cluster")} since {d.Time("since")}: {d.Text("reason")}");

    internal static async Task<HttpContent> BodyAsync(string source, CancellationToken cancellationToken)
    {
        if (File.Exists(source))
        {
            return SmoApi.DescriptorContent(source, await File.ReadAllTextAsync(source, cancellationToken));
        }

        // hdarctl-style references: oci://host/repo:tag, or host/repo:tag.
        var namesAFile = new[] { ".yaml", ".yml", ".json" }.Any(extension => source.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
        return !namesAFile && (source.StartsWith("oci://", StringComparison.Ordinal) || source.Contains('/', StringComparison.Ordinal))
            ? SmoApi.ArtifactContent(source)
            : throw new CliUsageException($"No file '{source}'; give a descriptor file (.yaml, .yml, .json) or an artifact reference (oci://host/repo:tag).");
    }

    internal static Argument<string> GraphName() => new("name") { Description = "The graph's name (its hdaGraph.id)" };

    private static Option<bool> DryRun() => new("--dry-run") { Description = "Show the plan (placement, moves, objective, power) and change nothing" };

    private static string Query(bool dryRun) => dryRun ? "?dryRun=true" : "";
}
