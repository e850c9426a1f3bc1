using k8s.Models;

namespace Smo.Adapters.Karmada;

/// <summary>Kubernetes quantities (<c>1500m</c>, <c>2Gi</c>) read with KubernetesClient's parser.</summary>
internal static class Quantities
{
    /// <exception cref="FormatException">The text is not a quantity; the message says which field held it.</exception>
    public static decimal Parse(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException($"{field} is empty, expected a quantity such as 1500m or 2Gi");
        }

        try
        {
            return new ResourceQuantity(text).ToDecimal();
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException)
        {
            throw new FormatException($"{field} is '{text}', which is not a Kubernetes quantity (such as 1500m or 2Gi)", exception);
        }
    }
}
