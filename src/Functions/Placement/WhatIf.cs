using Microsoft.OpenApi;
using Smo.Functions.Http;

namespace Smo.Functions.Placement;

/// <summary>
/// What-if before apply: <c>?dryRun=true</c> on deploy, placement and execute_strategy answers 200 with the plan
/// (<see cref="WhatIfPlans"/>) and changes nothing. This is the query parameter: read, checked and documented.
/// </summary>
public static class WhatIf
{
    public const string Parameter = "dryRun";

    /// <summary>Documents the <c>dryRun</c> query parameter on a route that offers it (the handler reads it itself, so
    /// that a wrong value is a problem+json naming the parameter).</summary>
    public static TBuilder WithDryRun<TBuilder>(this TBuilder route) where TBuilder : IEndpointConventionBuilder =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Parameter,
                In = ParameterLocation.Query,
                Description = "true: answer 200 with the plan (placement, moves, objective, modelled power and carbon) and change nothing.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean },
            });
            return Task.CompletedTask;
        });

    /// <summary>Whether the request asks for a dry run (<c>true</c>, or Kubernetes' <c>All</c>), or why the value is wrong.</summary>
    public static (bool DryRun, IResult? Problem) Requested(HttpRequest request)
    {
        if (!request.Query.TryGetValue(Parameter, out var values))
        {
            return (false, null);
        }

        return values.ToString().ToLowerInvariant() switch
        {
            "true" or "all" => (true, null),
            "false" => (false, null),
            var other => (false, Problems.BadRequest($"dryRun is '{other}'; it must be true or false.", $"query: {Parameter}")),
        };
    }
}
