using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Hosting;
using Smo.Functions.Http;
using Smo.Functions.Telemetry;
using Smo.Functions.Timers;

// Started by the Functions host (Core Tools or Azure), the app is an isolated worker and that host runs triggers,
// keys and the durable extension; started on its own, Smo's host below runs the same [Function] definitions.
if (FunctionsWorker.IsLaunchedByFunctionsHost(args))
{
    FunctionsWorker.Run(args);
    return;
}

var functions = FunctionCatalog.Of(typeof(Program).Assembly);
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(functions);
builder.Services.AddSingleton<FunctionRequirements>();
builder.AddFunctionsConfiguration();
builder.AddFunctionKeys();
// Before the durable worker: the store's schema migrates first, so no activity meets an old schema.
builder.AddControlPlane();
builder.AddDurableFunctions(functions);
builder.AddMetricsEndpoint();
builder.AddTimerTriggers(functions);
builder.Services.AddProblemDetails();
builder.AddApiDocumentation();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapMetrics();
app.MapApiDocumentation();
app.MapDurableManagementApi();
app.MapHttpFunctions(functions, app.Configuration);
app.Run();

/// <summary>The host's entry point, visible to tests.</summary>
public partial class Program;
