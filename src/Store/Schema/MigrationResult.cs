namespace Smo.Store.Schema;

/// <summary>What a migration run found and left: the schema version before and after, and the newest this build knows.</summary>
public sealed record MigrationResult(string Schema, int FromVersion, int ToVersion, int KnownVersion)
{
    public int Applied => ToVersion - FromVersion;

    /// <summary>A newer build migrated this schema; this one only knows an older prefix of its migrations.</summary>
    public bool DatabaseIsNewer => FromVersion > KnownVersion;
}
