using Smo.Hdag.Translation;

namespace Smo.Functions.Graphs.Translation;

/// <summary>
/// <c>Smo:Intents</c>: what the size intents of a descriptor mean per replica — <c>Smo:Intents:Sizes:&lt;size&gt;:Cpu</c>
/// (cores), <c>Ram</c> (GiB) and <c>Storage</c> (GB) — over the original's table (<see cref="IntentTables.Original"/>).
/// A size keeps the amounts it is not given; a new size can be used for the amounts it is given. Read and checked once,
/// when the host starts; a deploy translates its sizes then, so a change reaches graphs deployed after it.
/// </summary>
public sealed class IntentOptions
{
    public const string Section = "Smo:Intents";

    /// <summary>Far above any replica's size, and low enough that capacity sums stay finite.</summary>
    public const double MaxAmount = 1_000_000;

    public Dictionary<string, IntentSize> Sizes { get; init; } = [];

    /// <summary>The intent tables these settings make; throws naming every setting that is unreadable or out of range.</summary>
    public static IntentTables Read(IConfiguration configuration)
    {
        IntentOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<IntentOptions>() ?? new IntentOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new InvalidOperationException($"The settings under {Section} cannot be read: {unreadable.Message}", unreadable);
        }

        var problems = UnknownSettings(configuration.GetSection(Section)).Concat(options.Problems()).ToList();
        return problems.Count == 0
            ? options.Tables()
            : throw new InvalidOperationException($"The settings under {Section} are not valid: {string.Join(" ", problems)}");
    }

    /// <summary>A misspelt setting (say Memory for Ram) would otherwise leave the size as it was without a word.</summary>
    private static IEnumerable<string> UnknownSettings(IConfigurationSection section)
    {
        foreach (var setting in section.GetChildren().Where(s => !s.Key.Equals(nameof(Sizes), StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"{setting.Path} is not a setting; sizes go under {Section}:{nameof(Sizes)}:<size>.";
        }

        string[] amounts = [nameof(IntentSize.Cpu), nameof(IntentSize.Ram), nameof(IntentSize.Storage)];
        foreach (var amount in section.GetSection(nameof(Sizes)).GetChildren().SelectMany(size => size.GetChildren())
            .Where(amount => !amounts.Contains(amount.Key, StringComparer.OrdinalIgnoreCase)))
        {
            yield return $"{amount.Path} is not an amount; a size takes Cpu (cores), Ram (GiB) and Storage (GB).";
        }
    }

    private IntentTables Tables()
    {
        var original = IntentTables.Original;
        return new IntentTables(
            Overlay(original.CpuCores, size => size.Cpu),
            Overlay(original.MemoryGiB, size => size.Ram),
            Overlay(original.StorageGB, size => size.Storage));
    }

    private Dictionary<string, double> Overlay(IReadOnlyDictionary<string, double> table, Func<IntentSize, double?> amount)
    {
        var overlaid = new Dictionary<string, double>(table, StringComparer.OrdinalIgnoreCase);
        foreach (var (size, given) in Sizes)
        {
            if (amount(given) is { } value)
            {
                overlaid[size] = value;
            }
        }

        return overlaid;
    }

    private IEnumerable<string> Problems()
    {
        foreach (var (size, given) in Sizes)
        {
            var setting = $"{Section}:Sizes:{size}";
            if (given.Cpu is null && given.Ram is null && given.Storage is null)
            {
                yield return $"{setting} gives no amount; set Cpu (cores), Ram (GiB) or Storage (GB).";
            }

            foreach (var (name, value, unit) in new[] { (nameof(IntentSize.Cpu), given.Cpu, "cores"), (nameof(IntentSize.Ram), given.Ram, "GiB"), (nameof(IntentSize.Storage), given.Storage, "GB") })
            {
                if (value is { } amount && !(amount is > 0 and <= MaxAmount))
                {
                    yield return $"{setting}:{name} must be a number of {unit} above 0 and at most {MaxAmount:0} (is {amount}).";
                }
            }
        }
    }
}

/// <summary>One size's amounts per replica; null keeps the table's.</summary>
public sealed class IntentSize
{
    /// <summary>Cores.</summary>
    public double? Cpu { get; init; }

    /// <summary>GiB.</summary>
    public double? Ram { get; init; }

    /// <summary>GB.</summary>
    public double? Storage { get; init; }
}
