using System.Globalization;

namespace Smo.Bench.Fleet;

/// <summary>
/// CPU time of a process, or of a process and its children (PostgreSQL: the postmaster and its backends), read from
/// <c>/proc</c>. Children that exit hand their time to the parent's <c>cutime</c>/<c>cstime</c>, which is counted
/// too, so a backend that ends between two readings is not lost.
/// </summary>
internal static class ProcessCpu
{
    /// <summary>/proc counts in USER_HZ, which the kernel fixes at 100 on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds the process has used (user + system).</summary>
    public static double Seconds(int pid) => Ticks(Stat(pid), withChildren: false) / TicksPerSecond;

    /// <summary>CPU seconds the process, its live children and its reaped children have used.</summary>
    public static double TreeSeconds(int pid)
    {
        var ticks = Ticks(Stat(pid), withChildren: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && child != pid && TryStat(child) is { } stat && ParentOf(stat) == pid)
            {
                ticks += Ticks(stat, withChildren: false);
            }
        }

        return ticks / TicksPerSecond;
    }

    public static bool Exists(int pid) => TryStat(pid) is not null;

    /// <summary>
    /// CPU seconds the whole machine has been busy (every core; /proc/stat's first line, all but idle and iowait),
    /// and the seconds it has counted in all: a window's busy share shows whether the machine itself was the limit.
    /// </summary>
    public static (double Busy, double Total) MachineSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    private static string[] Stat(int pid) =>
        TryStat(pid) ?? throw new InvalidOperationException($"Process {pid} is not running (no /proc/{pid}/stat).");

    /// <summary>The fields after the command name (which may hold spaces and parentheses): [0] is the state.</summary>
    private static string[]? TryStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // gone between the listing and the read
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Field numbers of proc(5) minus 3: ppid (4), utime (14), stime (15), cutime (16), cstime (17).
    private static int ParentOf(string[] stat) => int.Parse(stat[1], CultureInfo.InvariantCulture);

    private static long Ticks(string[] stat, bool withChildren)
    {
        long Field(int index) => long.Parse(stat[index], CultureInfo.InvariantCulture);
        return Field(11) + Field(12) + (withChildren ? Field(13) + Field(14) : 0);
    }
}
