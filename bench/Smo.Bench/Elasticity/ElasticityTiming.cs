namespace Smo.Bench.Elasticity;

/// <summary>The clocks of the control loop under test, which decide how long a load level must hold.</summary>
internal sealed record ElasticityTiming(TimeSpan ScalingInterval, TimeSpan RateWindow, TimeSpan ScrapeInterval, TimeSpan StepTimeout)
{
    /// <summary>How often the simulator's state and scale writes are read; bounds the error of a ready time.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// After this the rate window holds only samples of the new level and a tick has read them, so the next step
    /// starts from a steady state and its scale calls answer that step, not the ramp of the one before.
    /// </summary>
    public TimeSpan SettleAfter => RateWindow + (2 * ScrapeInterval) + ScalingInterval;

    /// <summary>
    /// The longest of the loop's periods. Steps that start a fixed time apart meet the scrape and the tick at nearly
    /// the same phase each time, so a random wait up to this long before each step samples every phase.
    /// </summary>
    public TimeSpan Period => ScrapeInterval > ScalingInterval ? ScrapeInterval : ScalingInterval;

    /// <summary>Replicas unchanged for two ticks: the loop has stopped moving.</summary>
    public TimeSpan StableFor => 2 * ScalingInterval;
}
