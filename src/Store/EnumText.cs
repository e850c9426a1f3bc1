using System.Collections.Frozen;
using System.Text;

namespace Smo.Store;

/// <summary>
/// The text an enum value is stored as. Statuses keep their names (<c>NotDeployed</c>), which the API already shows;
/// kinds and triggers are kebab-case (<c>infeasible-scaling</c>), as the decision log's readers expect. The schema's
/// CHECK constraints list the same texts.
/// </summary>
internal static class EnumText<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<string, T> ByName = Enum.GetValues<T>().ToFrozenDictionary(v => v.ToString(), StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, T> ByKebab = Enum.GetValues<T>().ToFrozenDictionary(v => ToKebab(v.ToString()), StringComparer.Ordinal);

    public static string Name(T value) => Enum.IsDefined(value)
        ? value.ToString()
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a {typeof(T).Name}.");

    public static string Kebab(T value) => ToKebab(Name(value));

    public static T FromName(string text) => ByName.TryGetValue(text, out var value)
        ? value
        : throw new InvalidDataException($"The stored {typeof(T).Name} '{text}' is not one this build knows.");

    public static T FromKebab(string text) => ByKebab.TryGetValue(text, out var value)
        ? value
        : throw new InvalidDataException($"The stored {typeof(T).Name} '{text}' is not one this build knows.");

    private static string ToKebab(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
