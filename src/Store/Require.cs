using System.Text.RegularExpressions;

namespace Smo.Store;

/// <summary>
/// Argument checks run before any SQL, so bad input fails with a message that names the field and what was expected,
/// and never reaches the database as a constraint violation.
/// </summary>
internal static partial class Require
{
    /// <summary>Kubernetes names graphs, services and namespaces after these (DNS-1123 labels), and Helm uses them as release names.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Karmada cluster names are DNS-1123 subdomains.</summary>
    public const int MaxSubdomainLength = 253;

    public const int MaxLimit = 1000;

    public static void Label(string? value, string what, string parameter)
    {
        if (value is null || value.Length is 0 or > MaxLabelLength || !LabelPattern().IsMatch(value))
        {
            throw new ArgumentException(
                $"{what} '{value}' is not a valid name: use 1 to {MaxLabelLength} lower-case letters, digits or '-', starting and ending with a letter or digit.",
                parameter);
        }
    }

    public static void Subdomain(string? value, string what, string parameter)
    {
        if (value is null || value.Length is 0 or > MaxSubdomainLength || !SubdomainPattern().IsMatch(value))
        {
            throw new ArgumentException(
                $"{what} '{value}' is not a valid name: use 1 to {MaxSubdomainLength} lower-case letters, digits, '-' or '.', starting and ending with a letter or digit.",
                parameter);
        }
    }

    public static void Text(string? value, string what, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{what} is required and must not be blank.", parameter);
        }
    }

    public static void NonNegative(double value, string what, string parameter)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"{what} is {value}; it must be a finite number of at least 0.", parameter);
        }
    }

    public static void Positive(double value, string what, string parameter)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentException($"{what} is {value}; it must be a finite number greater than 0.", parameter);
        }
    }

    public static void Between(double value, double min, double max, string what, string parameter)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            throw new ArgumentException($"{what} is {value}; it must be between {min} and {max}.", parameter);
        }
    }

    public static void Defined<T>(T value, string what, string parameter) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException($"{what} {value} is not a {typeof(T).Name}.", parameter);
        }
    }

    public static void Limit(int limit, string parameter)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(parameter, limit, $"The limit must be between 1 and {MaxLimit}.");
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\z")]
    private static partial Regex SubdomainPattern();
}
