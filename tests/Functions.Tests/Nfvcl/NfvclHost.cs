using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Nfvcl;

/// <summary>The host on real PostgreSQL (a store schema of its own) with NFVCL at <paramref name="nfvcl"/>, or unconfigured.</summary>
public sealed class NfvclHost : IAsyncDisposable
{
    private readonly SchemaCleanup _cleanup;

    private NfvclHost(Uri? nfvcl)
    {
        var store = "smo_nfvcl" + Guid.NewGuid().ToString("N")[..8];
        var values = new Dictionary<string, string>
        {
            ["Smo__Store__Schema"] = store,
            // NFVCL down must fail fast: one attempt, short timeouts.
            ["Smo__Nfvcl__Resilience__MaxRetries"] = "0",
            ["Smo__Nfvcl__Resilience__AttemptTimeout"] = "00:00:02",
            ["Smo__Nfvcl__Resilience__TotalTimeout"] = "00:00:05",
        };
        if (nfvcl is not null)
        {
            values["Smo__Nfvcl__BaseUrl"] = nfvcl.ToString();
        }

        StoreSchema = store;
        _cleanup = new SchemaCleanup(store);
        Factory = new FunctionsHostFactory(values: values, connectionStrings: new { Postgres = PostgresConnection.String });
        Client = Factory.CreateClient();
    }

    public FunctionsHostFactory Factory { get; }

    public string StoreSchema { get; }

    public HttpClient Client { get; }

    public static NfvclHost Start(Uri? nfvcl) => new(nfvcl);

    public static object VimBody(string name = "os-lab", int area = 1, string password = "s3cret-pa55") => new
    {
        topology = "topology",
        pop_area = area,
        vim_name = name,
        vim_tenant_name = "smo",
        vim_user = "admin",
        vim_password = password,
        vim_url = "http://openstack:5000/v3",
        mgmt_network = new { name = "mgmt", cidr = "10.0.0.0/24", gateway = "10.0.0.1" },
        service_network = new { name = "svc", cidr = "10.1.0.0/24", gateway = "10.1.0.1" },
        use_floating_ip = false,
    };

    public async Task<JsonElement> RegisterVimAsync(string name = "os-lab", int area = 1)
    {
        var response = await Client.PostAsJsonAsync("/vims/smo_vims", VimBody(name, area));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("vim");
    }

    public async Task<JsonElement> CreateClusterAsync(string vimName = "os-lab", int area = 1)
    {
        var response = await Client.PostAsJsonAsync("/os_k8s/clusters", new { pop_area = area, vim_name = vimName });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cluster");
    }

    /// <summary>Every stored VIM row as JSON text, to look for what must never be stored.</summary>
    public async Task<string> StoredVimRowsAsync()
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(PostgresConnection.String);
        await using var command = dataSource.CreateCommand($"SELECT coalesce(string_agg(row_to_json(v)::text, ''), '') FROM {StoreSchema}.vims v");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await _cleanup.DisposeAsync();
    }
}
