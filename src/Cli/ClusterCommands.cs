using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Smo.Cli;

/// <summary><c>smo cluster sync|list</c>: the federation's clusters as Smo sees them (reading them syncs from Karmada).</summary>
internal static class ClusterCommands
{
    public static Command Build(CliGlobals globals)
    {
        var sync = new Command("sync", "Read the clusters from Karmada into Smo and list them");
        sync.SetAction(globals.Run((session, _, cancellationToken) => ListAsync(session, cancellationToken)));
        var list = new Command("list", "List the clusters Smo knows");
        list.SetAction(globals.Run((session, _, cancellationToken) => ListAsync(session, cancellationToken)));
        return new Command("cluster", "The federation's clusters") { sync, list, Energy(globals) };
    }

    /// <summary><c>smo cluster energy NAME --pue ... --carbon ...</c>: the energy profile energy-aware placement reads.</summary>
    private static Command Energy(CliGlobals globals)
    {
        var name = new Argument<string>("name") { Description = "The cluster (its Karmada name)" };
        var pue = Required("--pue", "Power usage effectiveness of the site (≥ 1)");
        var idle = Required("--idle-watts", "Watts per core when idle");
        var max = Required("--max-watts", "Watts per core at full load");
        var carbon = Required("--carbon", "Carbon intensity now, gCO2/kWh");
        var renewable = new Option<double>("--renewable") { Description = "Share of renewable energy, 0–1" };
        var price = new Option<double>("--price") { Description = "Price per kWh" };
        var forecast = new Option<double[]>("--forecast") { Description = "Carbon intensity forecast, gCO2/kWh per coming interval", AllowMultipleArgumentsPerToken = true };
        var command = new Command("energy", "Set a cluster's energy profile") { name, pue, idle, max, carbon, renewable, price, forecast };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var profile = new
            {
                pue = result.GetValue(pue),
                idleWattsPerCore = result.GetValue(idle),
                maxWattsPerCore = result.GetValue(max),
                carbonGramsPerKWh = result.GetValue(carbon),
                renewableShare = result.GetValue(renewable),
                pricePerKWh = result.GetValue(price),
                carbonForecast = result.GetValue(forecast) ?? [],
            };
            var cluster = await session.Api.PutAsync($"clusters/{Uri.EscapeDataString(result.GetValue(name)!)}/energy_profile",
                System.Net.Http.Json.JsonContent.Create(profile), cancellationToken);
            if (session.Json)
            {
                await session.PrintJsonAsync(cluster);
            }
            else
            {
                Views.Line(session, $"Energy profile of {cluster.Text("name")} set: PUE {profile.pue}, {profile.carbonGramsPerKWh} gCO2/kWh.");
            }

            return 0;
        }));
        return command;
    }

    private static Option<double> Required(string name, string description) => new(name) { Description = description, Required = true };

    private static async Task<int> ListAsync(CliSession session, CancellationToken cancellationToken)
    {
        var clusters = await session.Api.GetAsync("clusters", cancellationToken);
        if (session.Json)
        {
            await session.PrintJsonAsync(clusters);
            return 0;
        }

        var table = Views.Table("Name", "Ready", "GPU", "CPU free / total", "RAM GiB free / total", "Region", "gCO2/kWh");
        foreach (var cluster in clusters.Items())
        {
            Views.Row(table, cluster.Text("name"), cluster.Text("ready"), cluster.Text("gpu"),
                $"{cluster.Text("cpuAvailable")} / {cluster.Text("cpuAllocatable")}",
                $"{cluster.Text("memoryAvailableGiB")} / {cluster.Text("memoryAllocatableGiB")}",
                cluster.Text("region"), cluster.Child("energyProfile").Text("carbonGramsPerKWh"));
        }

        session.Console.Write(table);
        if (!clusters.Items().Any())
        {
            session.Console.WriteLine("No clusters: is Karmada configured (Smo:Karmada)?");
        }

        return 0;
    }
}

/// <summary>Tables without markup surprises: every cell is plain text.</summary>
internal static class Views
{
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)));
        }

        return table;
    }

    public static void Row(Table table, params string[] cells) => table.AddRow(cells.Select(c => new Text(c)));

    public static void Line(CliSession session, string text) => session.Console.WriteLine(text);

    /// <summary>A what-if answer: each service now and planned, what moves, and the figures of both placements.</summary>
    public static void Plan(CliSession session, JsonElement plan)
    {
        Line(session, $"What-if ({plan.Text("strategy")}): {plan.Text("status")}. {plan.Text("reason")}");
        var current = plan.Child("current");
        var proposed = plan.Child("proposed");
        var services = proposed.Child("placement").ValueKind == JsonValueKind.Object
            ? proposed.Child("placement").EnumerateObject().Select(p => p.Name)
            : current.Child("placement").ValueKind == JsonValueKind.Object ? current.Child("placement").EnumerateObject().Select(p => p.Name) : [];
        var table = Table("Service", "Now", "Planned", "");
        foreach (var service in services.Order(StringComparer.Ordinal))
        {
            var now = current.Child("placement").Text(service);
            var planned = proposed.Child("placement").Text(service);
            Row(table, service, now, planned, now.Length > 0 && now != planned ? "moves" : "");
        }

        session.Console.Write(table);
        var figures = Table("", "Now", "Planned");
        Row(figures, "objective", current.Text("total"), proposed.Text("total"));
        Row(figures, "power kW", current.Text("kilowatts"), proposed.Text("kilowatts"));
        Row(figures, "carbon kg/h", current.Text("carbonKgPerHour"), proposed.Text("carbonKgPerHour"));
        session.Console.Write(figures);
        var moves = plan.Child("moves").Items().Count();
        Line(session, moves == 0 ? "No service moves. Nothing was changed (dry run)." : $"{moves} service(s) would move. Nothing was changed (dry run).");
    }
}
