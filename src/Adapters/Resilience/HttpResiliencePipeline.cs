using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Smo.Adapters.Resilience;

/// <summary>
/// The one pipeline every HTTP adapter uses, outermost first: total timeout → retry (exponential backoff with
/// jitter, transient faults only) → the reason an open circuit gives → circuit breaker → attempt timeout.
/// </summary>
public static class HttpResiliencePipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Build(ResilienceOptions options, TimeProvider? timeProvider = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (timeProvider is not null)
        {
            builder.TimeProvider = timeProvider;
        }

        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(TransientFaults.ShouldRetry(args.Outcome, args.Context.GetRequestMessage()?.Method)),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        var openCircuitReason = new OpenCircuitReason();
        return builder
            .AddStrategy(_ => openCircuitReason)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(TransientFaults.IsFailure(args.Outcome)),
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
                OnOpened = openCircuitReason.RecordAsync,
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout })
            .Build();
    }

    /// <summary>A message handler running <paramref name="pipeline"/>, for clients built outside HttpClientFactory.</summary>
    public static DelegatingHandler Handler(ResiliencePipeline<HttpResponseMessage> pipeline) => new ResilienceHandler(pipeline);

    /// <summary>A message handler running the pipeline <paramref name="select"/> picks for each request.</summary>
    public static DelegatingHandler Handler(Func<HttpRequestMessage, ResiliencePipeline<HttpResponseMessage>> select) => new ResilienceHandler(select);
}
