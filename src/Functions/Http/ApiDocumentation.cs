using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Smo.Functions.Http;

/// <summary>
/// The OpenAPI document of every HTTP function and an interactive reference page to try them. The document is
/// also served where the original SMO served its Swagger spec, so existing tooling finds it.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentRoute = "/openapi/{documentName}.json";
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The original's flasgger spec route.</summary>
    public const string OriginalDocumentPath = "/smo-api-spec.json";

    public const string ReferencePath = "/docs";

    public static WebApplicationBuilder AddApiDocumentation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Smo API";
            document.Info.Version = DocumentName;
            document.Info.Description = "Deploy HDAG application graphs on a Karmada federation, watch their placement, "
                + "scaling decisions and events, and drive them (re-place, strategies, stop, start, remove). Long operations "
                + "answer 202 with a status URL; errors are application/problem+json saying where and why. Functions with "
                + "level function or admin need a key in the x-functions-key header or the code query parameter.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>
    /// Documents the JSON body of a route whose handler reads the request itself (so that a wrong body is a
    /// problem+json saying where): its media type and what it holds.
    /// </summary>
    public static TBuilder WithJsonBody<TBuilder>(this TBuilder route, string description) where TBuilder : IEndpointConventionBuilder =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
            };
            return Task.CompletedTask;
        });

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentRoute);
        app.MapGet(OriginalDocumentPath, () => Results.Redirect(DocumentPath)).ExcludeFromDescription();
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Smo API")
            .WithOpenApiRoutePattern(DocumentRoute));
        return app;
    }
}
