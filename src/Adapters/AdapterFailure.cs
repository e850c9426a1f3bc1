namespace Smo.Adapters;

/// <summary>What kind of failure an <see cref="AdapterException"/> reports.</summary>
public enum AdapterFailure
{
    /// <summary>The system could not be reached, kept failing with transient errors, or its circuit is open.</summary>
    Unavailable,

    /// <summary>The system did not answer in time.</summary>
    Timeout,

    /// <summary>The system refused the request (authentication, validation, a failed command).</summary>
    Rejected,

    /// <summary>The object the request names does not exist.</summary>
    NotFound,

    /// <summary>The object was changed concurrently or clashes with an existing one.</summary>
    Conflict,

    /// <summary>The system answered with something malformed or inconsistent (bad quantity, wrong digest, non-numeric sample).</summary>
    InvalidResponse,
}
