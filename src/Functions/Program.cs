using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Console;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Hosting;
using Smo.Functions.Http;
using Smo.Functions.Installs;
using Smo.Functions.Nfvcl;
using Smo.Functions.Placement;
using Smo.Functions.Samples;
using Smo.Functions.Scaling;
using Smo.Functions.Timers;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsConfiguration();
builder.AddFunctionKeys();
// Before the durable worker: the store's schema migrates first, so no activity meets an old schema.
builder.AddControlPlane();
builder.AddDurableFunctions();
builder.AddTimerTriggers(PurgeHistoryFunction.Definition(builder.Configuration), PurgeDecisionsFunction.Definition(builder.Configuration), ClusterFunctions.SyncDefinition(builder.Configuration),
    GraphSupervisor.Definition(builder.Configuration));
builder.Services.AddProblemDetails();
builder.AddApiDocumentation();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapApiDocumentation();
app.MapConsole();
app.MapDurableManagementApi();
app.MapFunctionGroup(app.Configuration)
    .MapHelloCitiesHttpStart()
    .MapGraphFunctions()
    .MapAlertFunctions()
    .MapClusterFunctions()
    .MapNfvclFunctions();
app.Run();

/// <summary>The host's entry point, visible to tests.</summary>
public partial class Program;
