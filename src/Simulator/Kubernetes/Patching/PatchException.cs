namespace Smo.Simulator.Kubernetes.Patching;

/// <summary>A patch document that is malformed (400) or cannot be applied to the object (422).</summary>
public sealed class PatchException(string message, bool malformed) : Exception(message)
{
    public bool Malformed { get; } = malformed;
}
