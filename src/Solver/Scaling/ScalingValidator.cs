using Smo.Solver.Model;

namespace Smo.Solver.Scaling;

/// <summary>Checks the numbers of a scaling problem, naming each bad value and where it is.</summary>
internal static class ScalingValidator
{
    public static List<string> Problems(IReadOnlyList<ScaledService> services, IEnumerable<(string Where, double Capacity)> capacities)
    {
        var problems = new List<string>();
        foreach (var (where, capacity) in capacities)
        {
            if (!double.IsFinite(capacity) || capacity < 0)
            {
                problems.Add($"{where} is {Format(capacity)}; it must be a finite number of at least 0.");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < services.Count; i++)
        {
            var s = services[i];
            var where = $"services[{i}] '{s.Name}'";
            if (string.IsNullOrWhiteSpace(s.Name) || !names.Add(s.Name))
            {
                problems.Add($"{where}: the name is empty or appears more than once.");
            }

            foreach (var (what, value) in new[] { ("cpu per replica", s.CpuPerReplica), ("request rate", s.RequestRate), ("alpha", s.Alpha), ("predicted rate", s.PredictedRate ?? 0) })
            {
                if (!double.IsFinite(value) || value < 0)
                {
                    problems.Add($"{where}: {what} is {Format(value)}; it must be a finite number of at least 0.");
                }
            }

            if (!double.IsFinite(s.Beta))
            {
                problems.Add($"{where}: beta is {Format(s.Beta)}; it must be a finite number.");
            }

            if (s.CurrentReplicas < 0 || s.MinReplicas < 0 || s.MinReplicas > s.MaxReplicas)
            {
                problems.Add($"{where}: replicas now {s.CurrentReplicas}, min {s.MinReplicas}, max {s.MaxReplicas} are not a valid range.");
            }
        }

        return problems;
    }

    private static string Format(double value) => CpSat.Format(value);
}
