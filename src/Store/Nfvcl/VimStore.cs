using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Nfvcl;

/// <summary>The VIMs SMO knows, one per (pop_area, name).</summary>
public sealed class VimStore(StoreContext store)
{
    private const string Columns = "id, pop_area, vim_name, vim_url, vim_type, networks, mgmt_network, service_network, use_floating_ip";

    /// <summary>Stores a new VIM; null when the area already has a VIM of that name.</summary>
    public async Task<VimRecord?> TryAddAsync(NewVim vim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vim);
        vim.Validate(nameof(vim));
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        return await InsertAsync(connection, vim, cancellationToken);
    }

    /// <summary>Adds the VIMs not stored yet and refreshes the stored ones; VIMs missing from the list are kept.</summary>
    public async Task<VimSyncResult> SyncAsync(IReadOnlyList<NewVim> vims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vims);
        foreach (var vim in vims)
        {
            ArgumentNullException.ThrowIfNull(vim, nameof(vims));
            vim.Validate(nameof(vims));
        }

        if (vims.GroupBy(v => (v.PopArea, v.Name)).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"VIM '{duplicate.Key.Name}' of area {duplicate.Key.PopArea} is listed more than once.", nameof(vims));
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = new List<VimRecord>();
        var updated = new List<VimRecord>();
        var unchanged = new List<VimRecord>();
        foreach (var vim in vims)
        {
            if (await InsertAsync(connection, vim, cancellationToken) is { } inserted)
            {
                added.Add(inserted);
            }
            else if (await UpdateIfChangedAsync(connection, vim, cancellationToken) is { } changed)
            {
                updated.Add(changed);
            }
            else
            {
                unchanged.Add((await FindAsync(connection, vim.PopArea, vim.Name, cancellationToken))!);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new VimSyncResult(added, updated, unchanged);
    }

    /// <summary>The VIMs by id, only those of <paramref name="popArea"/> when given.</summary>
    public async Task<IReadOnlyList<VimRecord>> ListAsync(int? popArea = null, CancellationToken cancellationToken = default)
    {
        await using var command = store.DataSource.CreateCommand(
            $"SELECT {Columns} FROM {store.Vims} WHERE @area::int IS NULL OR pop_area = @area ORDER BY id");
        command.Parameters.WithInt("area", popArea);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<VimRecord?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var command = store.DataSource.CreateCommand($"SELECT {Columns} FROM {store.Vims} WHERE id = @id");
        command.Parameters.WithInt("id", id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<VimRecord?> FindAsync(int popArea, string name, CancellationToken cancellationToken = default)
    {
        Require.Text(name, "The VIM's name", nameof(name));
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, popArea, name, cancellationToken);
    }

    /// <summary>False when no VIM has that id.</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var command = store.DataSource.CreateCommand($"DELETE FROM {store.Vims} WHERE id = @id");
        command.Parameters.WithInt("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<VimRecord?> InsertAsync(NpgsqlConnection connection, NewVim vim, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {store.Vims} (pop_area, vim_name, vim_url, vim_type, networks, mgmt_network, service_network, use_floating_ip)
            VALUES (@area, @name, @url, @type, @networks, @mgmt, @service, @floating)
            ON CONFLICT (pop_area, vim_name) DO NOTHING
            RETURNING {Columns}
            """, connection);
        Bind(command.Parameters, vim);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    private async Task<VimRecord?> UpdateIfChangedAsync(NpgsqlConnection connection, NewVim vim, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {store.Vims} SET vim_url = @url, vim_type = @type, networks = @networks, mgmt_network = @mgmt,
                service_network = @service, use_floating_ip = @floating
            WHERE pop_area = @area AND vim_name = @name
              AND (vim_url, vim_type, networks, mgmt_network, service_network, use_floating_ip)
                  IS DISTINCT FROM (@url, @type, @networks, @mgmt, @service, @floating)
            RETURNING {Columns}
            """, connection);
        Bind(command.Parameters, vim);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    private async Task<VimRecord?> FindAsync(NpgsqlConnection connection, int popArea, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM {store.Vims} WHERE pop_area = @area AND vim_name = @name", connection);
        command.Parameters.WithInt("area", popArea).WithText("name", name);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static void Bind(NpgsqlParameterCollection parameters, NewVim vim) => parameters
        .WithInt("area", vim.PopArea)
        .WithText("name", vim.Name)
        .WithText("url", vim.Url)
        .WithText("type", vim.Type)
        .WithJson("networks", vim.Networks)
        .WithText("mgmt", vim.ManagementNetwork)
        .WithText("service", vim.ServiceNetwork)
        .WithBool("floating", vim.UseFloatingIp);

    private static async Task<IReadOnlyList<VimRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var vims = new List<VimRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            vims.Add(new VimRecord(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetJson<List<string>>(5), reader.GetNullableString(6), reader.GetNullableString(7), reader.GetBoolean(8)));
        }

        return vims;
    }
}
