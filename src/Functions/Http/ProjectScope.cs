namespace Smo.Functions.Http;

/// <summary>
/// The projects a project-scoped key (<c>Smo:Keys:Projects:&lt;project&gt;</c>) opens. Such a key opens only the
/// graph routes (<see cref="ProjectScopedAttribute"/>), and there only its projects' graphs: a graph of another
/// project is not found, a list holds only its projects' graphs. Any other key leaves no scope: every project.
/// </summary>
public sealed class ProjectScope(IReadOnlySet<string> projects)
{
    private const string ItemKey = "smo.project-scope";

    public IReadOnlySet<string> Projects { get; } = projects;

    /// <summary>Whether the request may see and change the graphs of <paramref name="project"/>.</summary>
    public static bool Allows(HttpRequest request, string project) =>
        Of(request) is not { } scope || scope.Projects.Contains(project);

    /// <summary>The scope of the key the request carried, or null when it is not limited to projects.</summary>
    public static ProjectScope? Of(HttpRequest request) => request.HttpContext.Items.TryGetValue(ItemKey, out var scope) ? scope as ProjectScope : null;

    internal void Attach(HttpRequest request) => request.HttpContext.Items[ItemKey] = this;

    /// <summary>403 for a project route outside the key's projects (graph names stay hidden: those are 404s).</summary>
    public static IResult Refused(string project) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Outside the key's projects.", detail: $"The key presented is scoped to other projects than '{project}'.");
}

/// <summary>Marks an HTTP function a project-scoped key may call: it keeps to <see cref="ProjectScope"/> itself.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProjectScopedAttribute : Attribute;
