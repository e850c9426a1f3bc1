using Microsoft.Azure.Functions.Worker;
using System.Reflection;

namespace Smo.Functions.Console;

/// <summary>
/// The web console at <c>/console/</c>: one page (HTML, CSS, JavaScript; no build step) embedded in the host, that
/// reads and drives the same REST API as every other client. The files need no key; the API calls they make carry
/// the key given as <c>?code=</c> when the host requires one.
/// </summary>
public static class ConsolePage
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["console.css"] = "text/css; charset=utf-8",
        ["console.js"] = "text/javascript; charset=utf-8",
    };

    /// <summary>
    /// One route: routing does not tell /console from /console/ (two routes would be ambiguous). The page's files are
    /// relative, so /console is sent to /console/.
    /// </summary>
    [Function("Console")]
    public static IResult Serve([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{file?}")] HttpRequest request, string? file) => file switch
    {
        null when !request.Path.Value!.EndsWith('/') => Results.Redirect(request.PathBase + request.Path + "/"),
        null => File("index.html"),
        _ when Files.ContainsKey(file) => File(file),
        _ => Results.NotFound(),
    };

    private static IResult File(string name)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Smo.Functions.Console.{name}")
            ?? throw new InvalidOperationException($"The console file {name} is not embedded in the host.");
        return Results.Stream(stream, Files[name]);
    }
}
