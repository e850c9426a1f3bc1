namespace Smo.Hdag.Parsing;

/// <summary>A place where one service names another, checked once all services are known.</summary>
internal sealed record ServiceReference(string From, string Target, Field Field, ReferenceKind Kind);

internal enum ReferenceKind
{
    /// <summary><c>intent.connectionPoints[]</c>: may form cycles (services talk both ways).</summary>
    ConnectionPoint,

    /// <summary><c>trigger.auto.dependencies[]</c>: a deployment order, so cycles cannot be satisfied.</summary>
    Dependency,

    /// <summary><c>intent.network.latencies[].connectionPoint</c>.</summary>
    Link,
}

/// <summary>What binding one service produced: the service when it is valid, and what the graph checks need either way.</summary>
internal sealed record BoundService(HdaService? Service, string? Id, Field IdField, IReadOnlyList<ServiceReference> References);
