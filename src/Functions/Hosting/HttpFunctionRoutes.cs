using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Http;
using Smo.Functions.Placement;

namespace Smo.Functions.Hosting;

/// <summary>
/// Serves the HTTP functions under Smo's host as the Functions host does: each at its <c>[HttpTrigger]</c> route
/// under the host.json route prefix (the function's name when it has no route), for its methods, behind its
/// authorization level. The method is endpoint metadata too, so the OpenAPI document describes its parameters.
/// </summary>
public static class HttpFunctionRoutes
{
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder app, FunctionCatalog catalog, IConfiguration configuration)
    {
        var group = app.MapFunctionGroup(configuration);
        foreach (var function in catalog.Http)
        {
            var trigger = (HttpTriggerAttribute)function.Trigger;
            var route = trigger.Route ?? function.Name;
            var builder = trigger.Methods is { Length: > 0 } methods
                ? group.MapMethods(route, methods.Select(m => m.ToUpperInvariant()), context => InvokeAsync(function, trigger.AuthLevel, context))
                : group.Map(route, context => InvokeAsync(function, trigger.AuthLevel, context));
            builder.WithName(function.Name).WithMetadata(function.Method, new FunctionMetadata(function.Name, trigger.AuthLevel));
            if (function.Method.IsDefined(typeof(WhatIfAttribute), inherit: false))
            {
                builder.WithDryRun();
            }
        }

        return app;
    }

    private static async Task InvokeAsync(FunctionDefinition function, AuthorizationLevel level, HttpContext context)
    {
        var keys = context.RequestServices.GetRequiredService<FunctionKeys>();
        if (!keys.Allows(context.Request, function.Name, level))
        {
            await Problems.KeyRequired(function.Name, level).ExecuteAsync(context);
            return;
        }

        var result = await FunctionArguments.InvokeAsync(function, new FunctionCall(context.RequestServices, context.Request, context.RequestAborted, context.Request.RouteValues));
        if (result is IResult response)
        {
            await response.ExecuteAsync(context);
        }
    }
}
