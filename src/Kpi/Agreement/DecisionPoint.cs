namespace Smo.Kpi.Agreement;

/// <summary>One service's replicas as one scaling decision set them, <paramref name="At"/> seconds into the compared window.</summary>
public sealed record DecisionPoint(double At, string Service, int Replicas);
