namespace Smo.Simulator.Federation;

/// <summary>
/// How Karmada divides replicas by weight (<c>pkg/util/helper/webstermethod.go</c>): the Webster (Sainte-Laguë)
/// method, one replica at a time to the cluster with the highest weight / (2 × replicas + 1). A tie goes to the
/// cluster with fewer replicas, then by name — ascending or descending as the workload's uid decides
/// (<c>tieBreakerByUID</c>: the parity of its 32-bit FNV-1a hash), so equal weights do not always favour the same cluster.
/// </summary>
public static class WebsterApportionment
{
    /// <returns>Every weighted cluster with its replicas (zero included), by name.</returns>
    public static IReadOnlyList<(string Cluster, int Replicas)> Divide(int replicas, IReadOnlyList<(string Cluster, long Weight)> weights, string? uid)
    {
        var names = weights.Select(w => w.Cluster).ToArray();
        var votes = weights.Select(w => w.Weight).ToArray();
        var seats = new int[names.Length];
        var descending = NamesDescendOnTie(uid);
        for (var seat = 0; seat < replicas && names.Length > 0; seat++)
        {
            var next = 0;
            for (var i = 1; i < names.Length; i++)
            {
                if (Before(i, next))
                {
                    next = i;
                }
            }
            seats[next]++;
        }
        return [.. names.Select((name, i) => (name, seats[i])).OrderBy(p => p.name, StringComparer.Ordinal)];

        bool Before(int a, int b)
        {
            var priorityA = votes[a] / (double)(2 * seats[a] + 1);
            var priorityB = votes[b] / (double)(2 * seats[b] + 1);
            if (priorityA != priorityB)
            {
                return priorityA > priorityB;
            }
            if (seats[a] != seats[b])
            {
                return seats[a] < seats[b];
            }
            var order = string.CompareOrdinal(names[a], names[b]);
            return descending ? order > 0 : order < 0;
        }
    }

    /// <summary>Karmada's tie-breaker: names ascending without a uid or when the uid's FNV-1a hash is even.</summary>
    public static bool NamesDescendOnTie(string? uid)
    {
        if (string.IsNullOrEmpty(uid))
        {
            return false;
        }
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(uid))
        {
            hash = unchecked((hash ^ b) * prime);
        }
        return (hash & 1) == 1;
    }
}
