namespace Smo.Functions.Http;

/// <summary>Marks an HTTP function that reads a JSON body, so its documentation describes the body (see <see cref="ApiDocumentation.WithJsonBody"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JsonBodyAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}
