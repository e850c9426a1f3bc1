using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Http;
using Smo.Functions.Placement;

namespace Smo.Functions.Hosting;

/// <summary>
/// Serves the HTTP functions under Smo's host as the Functions host does: each at its <c>[HttpTrigger]</c> route
/// under the host.json route prefix (the function's name when it has no route), for its methods, behind its
/// authorization level. The method is endpoint metadata too, so the OpenAPI document describes its parameters.
/// </summary>
public static partial class HttpFunctionRoutes
{
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder app, FunctionCatalog catalog, IConfiguration configuration)
    {
        var group = app.MapFunctionGroup(configuration);
        var requirements = app.ServiceProvider.GetRequiredService<FunctionRequirements>();
        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpFunctionRoutes));
        foreach (var function in catalog.Http)
        {
            var trigger = (HttpTriggerAttribute)function.Trigger;
            var route = trigger.Route ?? function.Name;
            var missing = requirements.MissingSettings(function);
            RequestDelegate handler = missing.Count == 0
                ? context => InvokeAsync(function, trigger.AuthLevel, context)
                : context => NotConfiguredAsync(function, trigger.AuthLevel, missing, context);
            var builder = trigger.Methods is { Length: > 0 } methods
                ? group.MapMethods(route, methods.Select(m => m.ToUpperInvariant()), handler)
                : group.Map(route, handler);
            builder.WithName(function.Name).WithMetadata(function.Method, new FunctionMetadata(function.Name, trigger.AuthLevel));
            if (function.Method.IsDefined(typeof(WhatIfAttribute), inherit: false))
            {
                builder.WithDryRun();
            }

            if (function.Method.GetCustomAttributes(typeof(JsonBodyAttribute), inherit: false) is [JsonBodyAttribute body])
            {
                builder.WithJsonBody(body.Description);
            }

            foreach (var returns in function.Method.GetCustomAttributes(typeof(ReturnsAttribute), inherit: false).Cast<ReturnsAttribute>())
            {
                builder.WithMetadata(new ProducesResponseTypeMetadata(returns.StatusCode, returns.Type, ["application/json"]));
            }
        }

        foreach (var unconfigured in catalog.Http.GroupBy(f => string.Join(", ", requirements.MissingSettings(f))).Where(g => g.Key.Length > 0))
        {
            LogNotConfigured(log, unconfigured.Key, string.Join(", ", unconfigured.Select(f => f.Name)));
        }

        return app;
    }

    private static async Task InvokeAsync(FunctionDefinition function, AuthorizationLevel level, HttpContext context)
    {
        if (!await AuthorizedAsync(function, level, context))
        {
            return;
        }

        IResult? result;
        try
        {
            result = await FunctionArguments.InvokeAsync(function, new FunctionCall(context.RequestServices, context.Request, context.RequestAborted, context.Request.RouteValues)) as IResult;
        }
        catch (RouteValueException invalid)
        {
            result = Problems.BadRequest(invalid.Message, $"route: {invalid.Parameter}");
        }

        if (result is not null)
        {
            await result.ExecuteAsync(context);
        }
    }

    private static async Task NotConfiguredAsync(FunctionDefinition function, AuthorizationLevel level, IReadOnlyList<string> settings, HttpContext context)
    {
        // Only a caller with the key learns what is not configured.
        if (await AuthorizedAsync(function, level, context))
        {
            await Problems.NotConfigured(function.Name, settings).ExecuteAsync(context);
        }
    }

    private static async Task<bool> AuthorizedAsync(FunctionDefinition function, AuthorizationLevel level, HttpContext context)
    {
        var projectScoped = function.Method.IsDefined(typeof(ProjectScopedAttribute), inherit: false);
        if (context.RequestServices.GetRequiredService<FunctionKeys>().Refusal(context.Request, function.Name, level, projectScoped) is not { } refusal)
        {
            return true;
        }

        await refusal.ExecuteAsync(context);
        return false;
    }

    [LoggerMessage(LogLevel.Warning, "Until {Settings} is set, these functions answer 503: {Functions}")]
    private static partial void LogNotConfigured(ILogger logger, string settings, string functions);
}
