using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smo.Store.Schema;

namespace Smo.Store.Hosting;

/// <summary>Migrates the schema at host start; hosted services start in order, so anything registered later finds the tables.</summary>
internal sealed class StoreMigrationService(StoreMigrator migrator, ILogger<StoreMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var result = await migrator.MigrateAsync(cancellationToken);
        if (result.DatabaseIsNewer)
        {
            logger.LogWarning(
                "Schema {Schema} is at version {DatabaseVersion} but this build knows only {KnownVersion}; a newer Smo migrated it",
                result.Schema, result.FromVersion, result.KnownVersion);
        }
        else
        {
            logger.LogInformation("Schema {Schema} at version {Version} ({Applied} migrations applied)", result.Schema, result.ToVersion, result.Applied);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
