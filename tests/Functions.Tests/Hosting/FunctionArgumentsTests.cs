using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Hosting;
using FunctionDefinition = Smo.Functions.Hosting.FunctionDefinition;

namespace Smo.Functions.Tests.Hosting;

/// <summary>The bindings Smo's host supplies, on functions written for the test.</summary>
public sealed class FunctionArgumentsTests
{
    [Fact]
    public async Task Route_values_are_converted_to_the_parameter_type()
    {
        var result = await InvokeAsync(nameof(Functions.Item), new RouteValueDictionary { ["id"] = "42" });

        Assert.Equal("item 42", result);
    }

    [Fact]
    public async Task A_route_value_that_does_not_convert_is_the_callers_error_naming_the_parameter()
    {
        var failure = await Assert.ThrowsAsync<RouteValueException>(() => InvokeAsync(nameof(Functions.Item), new RouteValueDictionary { ["id"] = "forty-two" }));

        Assert.Equal("id", failure.Parameter);
        Assert.Equal("The route value 'id' is not a valid Int32.", failure.Message);
    }

    [Fact]
    public void A_parameter_the_host_cannot_bind_is_refused_at_start_naming_function_and_parameter()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => FunctionDefinition.For(typeof(Functions).GetMethod(nameof(Functions.WithContext))!));

        Assert.StartsWith("Function 'WithContext', parameter 'context':", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<object?> InvokeAsync(string method, RouteValueDictionary routeValues)
    {
        var function = FunctionDefinition.For(typeof(Functions).GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!);
        await using var services = new ServiceCollection().BuildServiceProvider();
        var request = new DefaultHttpContext().Request;
        var result = await FunctionArguments.InvokeAsync(function, new FunctionCall(services, request, CancellationToken.None, routeValues));
        return ((Microsoft.AspNetCore.Http.HttpResults.Ok<string>)result!).Value;
    }

    public sealed class Functions
    {
        [Function("Item")]
        public Task<IResult> Item([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id}")] HttpRequest request, int id) =>
            Task.FromResult<IResult>(TypedResults.Ok($"item {id}"));

        [Function("WithContext")]
        public Task<IResult> WithContext([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request, FunctionContext context) =>
            Task.FromResult<IResult>(TypedResults.Ok("never"));
    }
}
