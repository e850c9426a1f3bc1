namespace Smo.Bench.Failover;

/// <summary>
/// What one round measured of one graph that ran on the failed cluster. Times count from the fault; a round that
/// never got there counts the timeout (and says so), so a hung failover shows in the percentiles instead of hanging the run.
/// </summary>
/// <param name="RecoverySeconds">Fault → every service's replicas ready on Ready clusters and the graph Running (simulator's clock).</param>
/// <param name="DetectSeconds">Fault → the host's first re-placement decision of the graph recorded (its decision log's clock).</param>
/// <param name="Lost">Services without a release, a Deployment or a ready replica on a Ready cluster when the round ended.</param>
/// <param name="Doubled">Services with more pods than Smo asks for, or pods where its placement does not put them, when the round ended.</param>
/// <param name="Requests">Offered and served from the fault to the end of the unserved window.</param>
internal sealed record RoundOutcome(
    int Round, string Kind, string Cluster, bool WhatIf, double RecoverySeconds, bool Recovered, double DetectSeconds, bool Detected,
    int Lost, int Doubled, RequestTally Requests);
