using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Hosting;
using Smo.Durable.Storage.Postgres;
using Smo.Functions.Durable;

namespace Smo.Functions.Timers;

/// <summary>Registers timer-triggered functions and the lock that coordinates them across hosts.</summary>
public static class TimerTriggerServiceCollectionExtensions
{
    /// <summary>The catalog's timer functions, each run with its bindings in a scope of its own.</summary>
    public static WebApplicationBuilder AddTimerTriggers(this WebApplicationBuilder builder, FunctionCatalog catalog)
    {
        var services = builder.Services;
        services.AddSingleton(RetentionOptions.Read(builder.Configuration));
        foreach (var function in catalog.Timers)
        {
            services.AddSingleton(new TimerFunction(function.Name, ((TimerTriggerAttribute)function.Trigger).Schedule,
                (scope, timer, cancellationToken) => FunctionArguments.InvokeAsync(function, new FunctionCall(scope, timer, cancellationToken)), function));
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
