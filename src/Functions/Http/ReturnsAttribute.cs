namespace Smo.Functions.Http;

/// <summary>
/// Marks what an HTTP function answers with a status, so its documentation shows the body's schema (its functions
/// return <see cref="IResult"/>, which says nothing about it).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ReturnsAttribute(Type type, int statusCode = StatusCodes.Status200OK) : Attribute
{
    public Type Type { get; } = type;

    public int StatusCode { get; } = statusCode;
}
