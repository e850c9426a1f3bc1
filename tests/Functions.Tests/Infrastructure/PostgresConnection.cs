using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;

namespace Smo.Functions.Tests.Infrastructure;

/// <summary>The test database, started by scripts/services.sh (SMO_POSTGRES overrides).</summary>
public static class PostgresConnection
{
    public static string String =>
        Environment.GetEnvironmentVariable("SMO_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=smo";
}
