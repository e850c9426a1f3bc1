namespace Smo.Adapters;

/// <summary>
/// A call to an external system failed. <see cref="Exception.Message"/> is the sentence shown to users: what was
/// attempted against which system and why it failed — never credentials.
/// </summary>
public sealed class AdapterException(
    ExternalSystem system, string operation, AdapterFailure failure, string reason, Exception? innerException = null)
    : Exception($"{system.DisplayName()}: {operation} failed: {reason}", innerException)
{
    public ExternalSystem System { get; } = system;

    public string Operation { get; } = operation;

    public AdapterFailure Failure { get; } = failure;

    public string Reason { get; } = reason;

    /// <summary>The HTTP status the system answered with, when it answered over HTTP.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>True when trying again later may succeed (the system was down, slow or overloaded).</summary>
    public bool IsTransient => Failure is AdapterFailure.Unavailable or AdapterFailure.Timeout;

    /// <summary>
    /// What was attempted against which system and how it failed, without the system's own words (<see cref="Reason"/>
    /// may quote its error body): for logs and records that must not repeat what a remote system said.
    /// </summary>
    public string Summary => $"{System.DisplayName()}: {Operation} failed ({Failure}{(HttpStatus is { } status ? $", HTTP {status}" : "")})";
}
