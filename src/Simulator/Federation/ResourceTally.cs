namespace Smo.Simulator.Federation;

/// <summary>CPU, memory, GPUs and pods summed over pods, as Karmada's resourceSummary counts allocated and allocating.</summary>
public readonly record struct ResourceTally(decimal Cpu, decimal Memory, int Gpus, int Pods)
{
    /// <summary>This tally with <paramref name="count"/> more pods of <paramref name="pod"/>'s requests.</summary>
    public ResourceTally Plus(PodResources pod, int count = 1) =>
        new(Cpu + count * pod.CpuRequest, Memory + count * pod.MemoryRequest, Gpus + count * pod.Gpus, Pods + count);
}
