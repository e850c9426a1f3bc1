namespace Smo.Simulator.Control;

/// <summary>PUT /sim/load/{service}: the offered load in requests/s.</summary>
public sealed record LoadRequest(double? Rate);

/// <summary>POST /sim/advance: how far to move simulated time.</summary>
public sealed record AdvanceRequest(double? Seconds);
