using Microsoft.Extensions.Options;

namespace Smo.Functions.Http;

/// <summary>
/// The original SMO changed state on GET (placement, start, stop, the VIM sync). Any web page can make a browser send
/// a GET, so those forms answer only where a key must be presented — keys enforced — or where
/// <c>Smo:Compatibility:GetCommands</c> asks for them; otherwise 405 pointing to POST. A GET that changes nothing
/// (a what-if) always answers.
/// </summary>
public sealed class CommandMethods(KeyChecking keys, IOptions<CompatibilityOptions> compatibility)
{
    public bool GetFormsServed => keys.EnforcedBySmo || compatibility.Value.GetCommands;

    /// <summary>The 405 for a GET that would change state where GET forms are not served, else null.</summary>
    public IResult? Refusal(HttpRequest request, string command) =>
        HttpMethods.IsGet(request.Method) && !GetFormsServed
            ? Problems.MethodNotAllowed(request.HttpContext.Response,
                $"{command} changes state: send it with POST. The original SMO's GET form is served only with function keys configured or with {CompatibilityOptions.GetCommandsSetting}=true.",
                HttpMethods.Post)
            : null;
}

public static class CommandMethodsServiceCollectionExtensions
{
    /// <summary>
    /// Under both hosts, with who checks keys there. The Functions host checks its own keys, which the worker cannot
    /// see, so there the GET forms answer only with the compatibility setting.
    /// </summary>
    public static IServiceCollection AddCommandMethods(this IServiceCollection services, IConfiguration configuration, KeyChecking keys)
    {
        services.AddSingleton(keys);
        services.Configure<CompatibilityOptions>(configuration.GetSection(CompatibilityOptions.Section));
        services.AddSingleton<CommandMethods>();
        return services;
    }
}
