using Smo.Store.Sql;

namespace Smo.Store.Graphs;

/// <summary>
/// Per graph, the carbon and price its clusters promised when it was last placed, and when a change of them last
/// asked for a re-placement: what carbon-triggered re-optimisation compares and rations.
/// </summary>
public sealed class PlacementOutlooks(StoreContext store)
{
    /// <summary>Records what the clusters promised the placement just stored; false when no such graph exists.</summary>
    public async Task<bool> SetAsync(string graph, IReadOnlyDictionary<string, ClusterOutlook> outlook, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        ArgumentNullException.ThrowIfNull(outlook);
        foreach (var (cluster, promised) in outlook)
        {
            Require.Subdomain(cluster, "The cluster name", nameof(outlook));
            Require.Between(promised.CarbonGramsPerKWh, 0, double.MaxValue, $"Cluster '{cluster}': the expected carbon intensity", nameof(outlook));
            Require.Between(promised.PricePerKWh, 0, double.MaxValue, $"Cluster '{cluster}': the price", nameof(outlook));
        }

        await using var command = store.DataSource.CreateCommand($"UPDATE {store.Graphs} SET placement_outlook = @outlook WHERE name = @name");
        command.Parameters.WithText("name", graph).WithJson("outlook", outlook);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The running graphs whose placement strategy is one of <paramref name="strategies"/>, by name.</summary>
    public async Task<IReadOnlyList<PlacedGraphOutlook>> ListRunningAsync(IReadOnlyCollection<string> strategies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        await using var command = store.DataSource.CreateCommand(
            $"""
            SELECT name, placement_strategy, placement_outlook, reoptimise_asked_at FROM {store.Graphs}
            WHERE status = ANY(@running) AND placement_strategy = ANY(@strategies) ORDER BY name
            """);
        command.Parameters.WithTexts("running", GraphStatuses.Running.Select(EnumText<GraphStatus>.Name)).WithTexts("strategies", strategies);
        var graphs = new List<PlacedGraphOutlook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            graphs.Add(new PlacedGraphOutlook(reader.GetString(0), reader.GetString(1),
                reader.GetNullableJson<Dictionary<string, ClusterOutlook>>(2) ?? [], reader.GetNullableTime(3)));
        }

        return graphs;
    }

    /// <summary>
    /// Claims the graph's turn to be asked for a re-placement: true, and stamped now, unless it was asked less than
    /// <paramref name="cooldown"/> ago. One statement on the database's clock, so two hosts never both ask.
    /// </summary>
    public async Task<bool> TryClaimAskAsync(string graph, TimeSpan cooldown, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        await using var command = store.DataSource.CreateCommand(
            $"""
            UPDATE {store.Graphs} SET reoptimise_asked_at = now()
            WHERE name = @name AND (reoptimise_asked_at IS NULL OR reoptimise_asked_at <= now() - @cooldown)
            """);
        command.Parameters.WithText("name", graph).AddWithValue("cooldown", cooldown);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
