using Npgsql;
using Smo.Store.Sql;

namespace Smo.Store.Clusters;

/// <summary>Reads a row selected with <c>ClusterStore</c>'s column list, in that order.</summary>
internal static class ClusterRows
{
    public static ClusterRecord Read(NpgsqlDataReader reader) => new()
    {
        Name = reader.GetString(0),
        CpuAllocatable = reader.GetDouble(1),
        CpuAvailable = reader.GetDouble(2),
        MemoryAllocatableGiB = reader.GetDouble(3),
        MemoryAvailableGiB = reader.GetDouble(4),
        Gpu = reader.GetBoolean(5),
        Ready = reader.GetBoolean(6),
        Region = reader.GetNullableString(7),
        Zone = reader.GetNullableString(8),
        Labels = reader.GetJson<Dictionary<string, string>>(9),
        EnergyProfile = reader.GetNullableJson<ClusterEnergyProfile>(10),
        GrafanaUrl = reader.GetNullableString(11),
        PodCidr = reader.GetNullableString(12),
        ServiceCidr = reader.GetNullableString(13),
        FirstSeenAt = reader.GetTime(14),
        LastSyncedAt = reader.GetTime(15),
        RemovedAt = reader.GetNullableTime(16),
    };
}
