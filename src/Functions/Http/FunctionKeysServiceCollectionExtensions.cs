using Smo.Functions.Hosting;

namespace Smo.Functions.Http;

/// <summary>Registers function-key checking from the <c>Smo:Keys</c> settings.</summary>
public static class FunctionKeysServiceCollectionExtensions
{
    public static WebApplicationBuilder AddFunctionKeys(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(FunctionKeyOptions.Section);
        builder.Services.Configure<FunctionKeyOptions>(section);
        builder.Services.AddSingleton<FunctionKeys>();
        if (!(section.Get<FunctionKeyOptions>()?.Enforced ?? false))
        {
            StartupWarnings.Of(builder).Add("No function keys are configured (Smo:Keys:Master / Smo:Keys:Default): function- and admin-level endpoints are open, as in local development.");
        }

        return builder;
    }
}
