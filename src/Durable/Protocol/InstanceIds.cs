namespace Smo.Durable.Protocol;

/// <summary>Rules for instance ids and event names, checked before anything is stored.</summary>
public static class InstanceIds
{
    public const int MaxLength = 256;

    /// <summary>Returns why <paramref name="instanceId"/> is not acceptable, or null when it is.</summary>
    public static string? Problem(string? instanceId) => instanceId switch
    {
        null or "" => "The instance id is empty.",
        { Length: > MaxLength } => $"The instance id is {instanceId.Length} characters long; the limit is {MaxLength}.",
        _ when instanceId.Any(char.IsControl) => "The instance id contains control characters.",
        _ when string.IsNullOrWhiteSpace(instanceId) => "The instance id is blank.",
        _ => null,
    };

    public static void Validate(string? instanceId, string paramName = "instanceId")
    {
        if (Problem(instanceId) is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }
    }

    public static string New() => Guid.NewGuid().ToString("N");
}
