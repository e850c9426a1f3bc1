
namespace Smo.Functions.Installs;

/// <summary>
/// The order of a deploy's installs from <c>trigger.auto.dependencies</c>: each wave holds the services whose
/// dependencies an earlier wave installs, so a service starts after what it needs (the original ignored the
/// field). Dependencies outside this install — already running, or conditional services still waiting for their
/// alert — do not hold anything back. The parser refuses cycles; should one reach here, its services form the
/// last wave rather than never being installed.
/// </summary>
public static class InstallWaves
{
    public static IReadOnlyList<IReadOnlyList<string>> Of(IReadOnlyList<string> installing, Func<string, IReadOnlyList<string>> dependenciesOf)
    {
        var waiting = installing.ToDictionary(
            service => service,
            service => dependenciesOf(service).Where(d => d != service && installing.Contains(d, StringComparer.Ordinal)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var waves = new List<IReadOnlyList<string>>();
        while (waiting.Count > 0)
        {
            var ready = installing.Where(s => waiting.TryGetValue(s, out var needs) && needs.Count == 0).ToList();
            if (ready.Count == 0)
            {
                waves.Add([.. installing.Where(waiting.ContainsKey)]);
                break;
            }

            waves.Add(ready);
            foreach (var service in ready)
            {
                waiting.Remove(service);
            }

            foreach (var needs in waiting.Values)
            {
                needs.ExceptWith(ready);
            }
        }

        return waves;
    }
}
