using Microsoft.Azure.Functions.Worker;

namespace Smo.Functions.Http;

/// <summary>
/// Maps an HTTP-triggered function: a named endpoint with an authorization level, under the host.json route
/// prefix unless it is a runtime route.
/// </summary>
public static class FunctionEndpoints
{
    public const string RoutePrefixSetting = "AzureFunctionsJobHost:extensions:http:routePrefix";
    public const string DefaultRoutePrefix = "api";

    /// <summary>The group all HTTP functions live under (the host.json <c>extensions.http.routePrefix</c>).</summary>
    public static RouteGroupBuilder MapFunctionGroup(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var prefix = configuration[RoutePrefixSetting] ?? DefaultRoutePrefix;
        return app.MapGroup(prefix.Length == 0 ? "" : "/" + prefix.Trim('/'));
    }

    public static RouteHandlerBuilder MapFunction(this IEndpointRouteBuilder group, string name, AuthorizationLevel level, string method, string route, Delegate handler) =>
        group.MapMethods(route, [method], handler)
            .WithName(name)
            .WithMetadata(new FunctionMetadata(name, level))
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<FunctionKeys>().Refusal(context.HttpContext.Request, name, level) ?? await next(context));
}

/// <summary>Marks an endpoint as an HTTP function with its name and authorization level.</summary>
public sealed record FunctionMetadata(string Name, AuthorizationLevel Level);
