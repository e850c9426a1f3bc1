using Smo.Durable.Storage.Postgres;
using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Functions.Samples;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Timers;

/// <summary>Registers timer-triggered functions and the lock that coordinates them across hosts.</summary>
public static class TimerTriggerServiceCollectionExtensions
{
    public static WebApplicationBuilder AddTimerTriggers(this WebApplicationBuilder builder, params TimerFunction[] functions)
    {
        var services = builder.Services;
        foreach (var function in functions)
        {
            services.AddSingleton(function);
        }

        services.AddSingleton(new TimerTriggerOptions());
        services.AddSingleton<ITimerOccurrenceLock>(sp =>
        {
            var durable = sp.GetRequiredService<DurableTaskExtensionOptions>();

            var connectionString = DurableFunctionsServiceCollectionExtensions.PostgresConnectionString(builder.Configuration, durable);
            // A schema of its own: the durable store migrates durable_<hub> under its own lock.
            var schema = "functions_" + PostgresStoreOptions.SchemaSuffix(durable.HubName);
            return new PostgresTimerOccurrenceLock(connectionString, schema, sp.GetRequiredService<TimeProvider>());
        });
        services.AddHostedService<TimerTriggerService>();
        return builder;
    }
}
