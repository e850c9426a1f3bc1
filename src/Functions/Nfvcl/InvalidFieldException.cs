namespace Smo.Functions.Nfvcl;

/// <summary>A request field is missing or of the wrong kind; becomes a 400 whose <c>where</c> is <see cref="Field"/>.</summary>
internal sealed class InvalidFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
