using Polly;
using Polly.CircuitBreaker;

namespace Smo.Adapters.Resilience;

/// <summary>
/// Sits just outside the circuit breaker and gives its rejections the failure that opened the circuit: Polly keeps a
/// failing exception but not a failing response, so an open circuit would otherwise not say what went wrong.
/// </summary>
internal sealed class OpenCircuitReason : ResilienceStrategy<HttpResponseMessage>
{
    private volatile Exception? _opening;

    /// <summary>The breaker's OnOpened: remembers the outcome that opened the circuit, a response as its status.</summary>
    public ValueTask RecordAsync(OnCircuitOpenedArguments<HttpResponseMessage> args)
    {
        _opening = args.Outcome.Exception
            ?? (args.Outcome.Result is { } response
                ? new HttpRequestException(HttpFailure.Reason(response.StatusCode, null), null, response.StatusCode)
                : null);
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        return outcome.Exception is BrokenCircuitException { InnerException: null } broken && _opening is { } opening
            ? Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException(broken.Message, opening))
            : outcome;
    }
}
