
namespace Smo.Functions.Nfvcl;

/// <summary>A request field is missing or of the wrong kind; becomes a 400 whose <c>where</c> is <see cref="Field"/>.</summary>
internal sealed class InvalidFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The body is over <see cref="Http.RequestBodies.MaxJsonLength"/>; becomes a 413.</summary>
internal sealed class BodyTooLargeException() : Exception($"The body is larger than {Http.RequestBodies.MaxJsonLength} characters.");
