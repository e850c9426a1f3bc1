namespace Smo.Durable;

/// <summary>Why an activity, sub-orchestration or orchestration failed, with the failure that caused it.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    /// <summary>Builds failure details from an exception, keeping the failure a child task reported.</summary>
    public static TaskFailureDetails FromException(Exception exception) => new(
        exception.GetType().FullName ?? exception.GetType().Name,
        exception.Message,
        exception.StackTrace,
        exception switch
        {
            TaskFailedException failed => failed.FailureDetails,
            { InnerException: { } inner } => FromException(inner),
            _ => null,
        });

    /// <summary>True when this failure, or one it wraps, is of the given exception type.</summary>
    public bool IsCausedBy<TException>() where TException : Exception =>
        ErrorType == typeof(TException).FullName || InnerFailure?.IsCausedBy<TException>() == true;

    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
