using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Smo.Orchestrations.Graphs;

namespace Smo.Orchestrations.Tests;

/// <summary>
/// Orchestrator code is replayed: anything it does besides the context's own APIs runs again on every replay and
/// can differ. These tests hold the project to that: it may see the Durable Task SDK's abstractions and the records
/// of Hdag and Solver, nothing that does I/O, and it may not call the clocks, randomness or waits of .NET.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Orchestrations = typeof(GraphOrchestrator).Assembly;

    private static readonly string[] AllowedAssemblies =
        ["System.", "Microsoft.DurableTask.Abstractions", "Smo.Hdag", "Smo.Solver", "netstandard", "mscorlib"];

    private static readonly string[] AllowedProjects = ["Smo.Hdag.csproj", "Smo.Solver.csproj"];

    private static readonly string[] AllowedPackages = ["Microsoft.DurableTask.Abstractions"];

    /// <summary>Members whose answer changes between a run and its replay; the context has a replay-safe one for each.</summary>
    private static readonly (string Type, string Member)[] NonDeterministic =
    [
        ("System.DateTime", "get_Now"), ("System.DateTime", "get_UtcNow"), ("System.DateTime", "get_Today"),
        ("System.DateTimeOffset", "get_Now"), ("System.DateTimeOffset", "get_UtcNow"),
        ("System.TimeProvider", "get_System"), ("System.Diagnostics.Stopwatch", "GetTimestamp"), ("System.Diagnostics.Stopwatch", "StartNew"),
        ("System.Environment", "get_TickCount"), ("System.Environment", "get_TickCount64"), ("System.Environment", "GetEnvironmentVariable"),
        ("System.Guid", "NewGuid"), ("System.Guid", "CreateVersion7"), ("System.Random", ".ctor"), ("System.Random", "get_Shared"),
        ("System.Threading.Tasks.Task", "Delay"), ("System.Threading.Tasks.Task", "Run"), ("System.Threading.Thread", "Sleep"),
        ("System.Threading.Tasks.Task", "ConfigureAwait"), ("System.Threading.Tasks.Task`1", "ConfigureAwait"),
    ];

    [Fact]
    public void Orchestrations_references_only_the_sdk_abstractions_and_the_records_of_hdag_and_solver()
    {
        var forbidden = Orchestrations.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => !AllowedAssemblies.Any(allowed => name == allowed || (allowed.EndsWith('.') && name.StartsWith(allowed, StringComparison.Ordinal))))
            .ToList();

        Assert.True(forbidden.Count == 0, $"Orchestrations references {string.Join(", ", forbidden)}; it may see only {string.Join(", ", AllowedAssemblies)}.");
    }

    [Fact]
    public void Orchestrations_project_declares_no_reference_beyond_the_allowed_ones()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Orchestrations", "Smo.Orchestrations.csproj"));

        var projects = project.Descendants("ProjectReference").Select(r => Path.GetFileName((string)r.Attribute("Include")!)).ToList();
        var packages = project.Descendants("PackageReference").Select(r => (string)r.Attribute("Include")!).ToList();
        var frameworks = project.Descendants("FrameworkReference").Select(r => (string)r.Attribute("Include")!).ToList();

        Assert.All(projects, p => Assert.Contains(p, AllowedProjects));
        Assert.All(packages, p => Assert.Contains(p, AllowedPackages));
        Assert.Empty(frameworks);
    }

    [Fact]
    public void Orchestrations_calls_no_clock_randomness_or_wait_of_dotnet()
    {
        using var stream = File.OpenRead(Orchestrations.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();

        var calls = metadata.MemberReferences
            .Select(handle => metadata.GetMemberReference(handle))
            .Select(member => (Type: TypeName(metadata, member.Parent), Member: metadata.GetString(member.Name)))
            .Where(call => NonDeterministic.Contains(call))
            .Distinct()
            .ToList();

        Assert.True(calls.Count == 0, $"Orchestrations calls {string.Join(", ", calls.Select(c => $"{c.Type}.{c.Member}"))}: use the orchestration context instead.");
    }

    private static string TypeName(MetadataReader metadata, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => Qualified(metadata, metadata.GetTypeReference((TypeReferenceHandle)parent)),
        HandleKind.TypeSpecification => GenericName(metadata, metadata.GetTypeSpecification((TypeSpecificationHandle)parent)),
        _ => "",
    };

    private static string Qualified(MetadataReader metadata, TypeReference type) =>
        $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}";

    /// <summary>The open generic's name of an instantiation such as <c>Task&lt;int&gt;</c>, read from its signature blob.</summary>
    private static string GenericName(MetadataReader metadata, TypeSpecification specification)
    {
        var blob = metadata.GetBlobReader(specification.Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return "";
        }

        blob.ReadSignatureTypeCode();
        var handle = blob.ReadTypeHandle();
        return handle.Kind == HandleKind.TypeReference ? Qualified(metadata, metadata.GetTypeReference((TypeReferenceHandle)handle)) : "";
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Smo.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Smo.Functions.sln above {AppContext.BaseDirectory}.");
    }
}
