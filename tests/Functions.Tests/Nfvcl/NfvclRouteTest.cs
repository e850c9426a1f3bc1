using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Nfvcl;

/// <summary>A fresh NFVCL stand-in and a host wired to it for every test of the NFVCL routes.</summary>
public abstract class NfvclRouteTest : IAsyncLifetime
{
    protected NfvclStandIn Nfvcl { get; private set; } = null!;

    protected NfvclHost Host { get; private set; } = null!;

    protected HttpClient Client => Host.Client;

    public async Task InitializeAsync()
    {
        Nfvcl = await NfvclStandIn.StartAsync();
        Host = NfvclHost.Start(Nfvcl.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Nfvcl.DisposeAsync();
    }
}
