namespace Smo.Durable.Dispatch;

/// <summary>
/// The cancellation of the activity run in this dependency-injection scope, for activities to pass to what they
/// call: the SDK's <c>TaskActivity</c> has no token of its own. Run in-process on this backend, the token is
/// cancelled when the run's lease is lost — another worker now owns the call, and this run's result would be
/// dropped anyway — or when the host stops. Elsewhere (the stock gRPC worker, a test host) it never is.
/// </summary>
public sealed class ActivityCancellation
{
    public CancellationToken Token { get; internal set; }
}
