using Smo.Functions.Durable;
using Smo.Functions.Hosting;
using Smo.Functions.Http;
using Smo.Functions.Timers;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsConfiguration();
builder.AddFunctionKeys();
builder.AddDurableFunctions();
builder.AddTimerTriggers(PurgeHistoryFunction.Definition(builder.Configuration));
builder.Services.AddProblemDetails();
builder.AddApiDocumentation();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapApiDocumentation();
app.MapDurableManagementApi();
app.MapFunctionGroup(app.Configuration)
    .MapHelloCitiesHttpStart();
app.Run();

/// <summary>The host's entry point, visible to tests.</summary>
public partial class Program;
