namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// The names generated requests aim at. Sentinel graphs are deployed before fuzzing and named only by requests the API
/// refuses by design or by webhook alerts it must skip, so they must come through untouched; the playground graph and the fuzz names take whatever is
/// accepted. Projects of accepted deploys are never a sentinel's, so no accepted request can touch a sentinel's namespace.
/// </summary>
/// <param name="Sentinels">Graph name → project.</param>
/// <param name="SentinelServices">A service of each sentinel graph, for alerts that name a real one.</param>
public sealed record FuzzTargets(
    IReadOnlyList<DescriptorSeed> Seeds,
    IReadOnlyDictionary<string, string> Sentinels,
    IReadOnlyDictionary<string, string> SentinelServices,
    IReadOnlyList<string> Clusters,
    string Registry,
    string PushedArtifact)
{
    public const string Playground = "play-shop";
    public const string PlaygroundProject = "play";

    /// <summary>Never deployed: an alert naming it is skipped.</summary>
    public const string NeverDeployed = "fuzz-never-deployed";

    public static readonly string[] PlaygroundServices = ["shop-web", "shop-catalogue", "image-check"];

    /// <summary>Names a mutated descriptor may take, so accepted deploys stay few and their names known.</summary>
    public static readonly string[] FuzzGraphs = ["fuzz-g0", "fuzz-g1", "fuzz-g2", "fuzz-g3", "fuzz-g4", "fuzz-g5"];

    /// <summary>The name of what-if deploys (<c>?dryRun=true</c>), which never deploy, so it stays free to plan.</summary>
    public const string WhatIfGraph = "fuzz-what-if";

    public static readonly string[] FuzzProjects = ["fuzz-p0", "fuzz-p1", PlaygroundProject];

    /// <summary>Graphs a generated command may name and have accepted.</summary>
    public static IReadOnlyList<string> CommandableGraphs => [Playground, .. FuzzGraphs];

    /// <summary>Graphs a generated removal may name: not the playground, which the alerts need.</summary>
    public static IReadOnlyList<string> RemovableGraphs => FuzzGraphs;
}
