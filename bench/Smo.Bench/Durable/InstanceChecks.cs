using Microsoft.DurableTask.Client;

namespace Smo.Bench.Durable;

/// <summary>Verifies outcomes before anything is measured from them.</summary>
internal static class InstanceChecks
{
    /// <summary>Throws unless there are <paramref name="expected"/> instances, all Completed with a correct output.</summary>
    public static void RequireAllCorrect(IReadOnlyCollection<OrchestrationMetadata> instances, int expected, Func<OrchestrationMetadata, bool> outputIsCorrect)
    {
        if (instances.Count != expected)
        {
            throw new ScenarioFailedException($"Expected {expected} instances but found {instances.Count}.");
        }

        var wrong = instances
            .Where(i => i.RuntimeStatus != OrchestrationRuntimeStatus.Completed || !outputIsCorrect(i))
            .ToList();
        if (wrong.Count > 0)
        {
            var first = wrong[0];
            throw new ScenarioFailedException(
                $"{wrong.Count} of {expected} instances did not complete correctly; e.g. {first.InstanceId} is {first.RuntimeStatus}" +
                $" with output {first.SerializedOutput ?? "null"} and failure {first.FailureDetails?.ToString() ?? "none"}.");
        }
    }
}
