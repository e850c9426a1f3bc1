namespace Smo.Functions.Tests.Infrastructure;

/// <summary>
/// The host on the control plane's store (a schema of its own, dropped on dispose) and nothing else: no Karmada,
/// Prometheus or simulator. Keyless unless <c>values</c> add keys.
/// </summary>
public sealed class StoreHost : IAsyncDisposable
{
    private readonly SchemaCleanup _cleanup;

    private StoreHost(Dictionary<string, string> values)
    {
        var schema = "smo_store" + Guid.NewGuid().ToString("N")[..8];
        values["Smo__Store__Schema"] = schema;
        _cleanup = new SchemaCleanup(schema);
        Factory = new FunctionsHostFactory(values: values, connectionStrings: new { Postgres = PostgresConnection.String });
        Client = Factory.CreateClient();
    }

    public FunctionsHostFactory Factory { get; }

    /// <summary>A client without a key.</summary>
    public HttpClient Client { get; }

    public static StoreHost Start(Dictionary<string, string>? values = null) => new(values ?? []);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        await _cleanup.DisposeAsync();
    }
}
