using Microsoft.Azure.Functions.Worker.Builder;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Http;
using Smo.Functions.Timers;

namespace Smo.Functions.Hosting;

/// <summary>
/// The app as an isolated worker of the Functions host (Core Tools locally, Azure Functions in the cloud). That host
/// serves HTTP, fires timers, checks keys and runs the Durable extension with its own storage (Azure Storage, or
/// Azurite locally); the worker brings Smo's services — the store on the <c>Postgres</c> connection string, the
/// adapters — which the functions take through their constructors.
/// </summary>
public static class FunctionsWorker
{
    /// <summary>The Functions host starts its worker with these arguments (the gRPC endpoint to call back).</summary>
    private static readonly string[] HostArguments = ["--functions-uri", "--functions-worker-id", "--workerId"];

    public static bool IsLaunchedByFunctionsHost(string[] args) => args.Any(HostArguments.Contains);

    public static void Run(string[] args) => Build(args).Run();

    /// <summary>The worker's host, built but not started (tests check that its container can create every function).</summary>
    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddSingleton(FunctionCatalog.Of(typeof(FunctionsWorker).Assembly));
        builder.Services.AddSingleton<FunctionRequirements>();
        builder.UseMiddleware<NotConfiguredMiddleware>();
        builder.Services.AddCommandMethods(builder.Configuration, KeyChecking.ByFunctionsHost);
        builder.Services.AddSingleton(RetentionOptions.Read(builder.Configuration));
        // The Durable extension's own settings live in the host's host.json; the sample's start URLs need only the hub.
        builder.Services.AddSingleton(new DurableTaskExtensionOptions());
        builder.AddControlPlane();
        return builder.Build();
    }
}
