using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Smo.Functions.Http;

namespace Smo.Functions.Hosting;

/// <summary>
/// Under the Functions host, as under Smo's: a function whose class needs settings that are not set answers 503
/// naming them (an HTTP function), or fails saying so (any other), instead of the worker failing to create the
/// class with a bare 500.
/// </summary>
internal sealed class NotConfiguredMiddleware(FunctionCatalog catalog, FunctionRequirements requirements) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var function = catalog.Find(context.FunctionDefinition.Name);
        var missing = function is null ? [] : requirements.MissingSettings(function);
        if (missing.Count == 0)
        {
            await next(context);
            return;
        }

        if (context.GetHttpContext() is not { } http)
        {
            throw new InvalidOperationException($"Function '{function!.Name}' needs settings that are not set: {string.Join(", ", missing)}.");
        }

        // The Functions host checked the key before the worker was called.
        await Problems.NotConfigured(function!.Name, missing).ExecuteAsync(http);
    }
}
