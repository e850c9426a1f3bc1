namespace Smo.Store.Graphs;

/// <summary>A graph's name, status and last change, without its descriptor and services: for sweeps over every graph.</summary>
public sealed record GraphState(string Name, GraphStatus Status, DateTimeOffset UpdatedAt);
