using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Helm;

/// <summary>
/// Runs the helm CLI. A non-zero exit is an <see cref="AdapterException"/> with helm's stderr; failures that say
/// the cluster was unreachable or busy (and timeouts) are retried with exponential backoff and jitter, and open a
/// circuit, shared by all commands, when they keep coming.
/// </summary>
public sealed class HelmCliRunner(IOptions<HelmOptions> options, ILogger<HelmCliRunner> logger) : IHelmRunner
{
    // Half the commands in the sampling window failing transiently opens the circuit: helm then fails for one
    // reason (an unreachable or busy cluster), and starting more processes only adds load to it.
    private const double BreakerFailureRatio = 0.5;

    private readonly ResiliencePipeline _pipeline = BuildPipeline(options.Value);

    public async Task<string> UpgradeInstallAsync(HelmRelease release, CancellationToken cancellationToken = default)
    {
        HelmCommandLine.ValidateNames(release.Name, release.Namespace);
        if (HelmChartReference.Problem(release.Chart) is { } chartProblem)
        {
            throw new ArgumentException(chartProblem, nameof(release));
        }

        var operation = $"upgrade --install {release.Name} in namespace {release.Namespace}";
        var valuesFile = await WriteValuesAsync(release, cancellationToken);
        try
        {
            var result = await RunAsync(operation, HelmCommandLine.UpgradeInstall(release, valuesFile, options.Value), cancellationToken);
            logger.LogInformation("Helm release {Release} installed or upgraded in {Namespace} from {Chart}", release.Name, release.Namespace, release.Chart);
            return result.Stdout;
        }
        finally
        {
            File.Delete(valuesFile);
        }
    }

    public async Task<bool> UninstallAsync(string release, string @namespace, CancellationToken cancellationToken = default)
    {
        HelmCommandLine.ValidateNames(release, @namespace);
        try
        {
            await RunAsync($"uninstall {release} in namespace {@namespace}", HelmCommandLine.Uninstall(release, @namespace, options.Value), cancellationToken);
            logger.LogInformation("Helm release {Release} uninstalled from {Namespace}", release, @namespace);
            return true;
        }
        catch (AdapterException failure) when (HelmErrors.IsReleaseNotFound(failure.Reason))
        {
            return false;
        }
    }

    public async Task RollbackAsync(string release, string @namespace, int revision, CancellationToken cancellationToken = default)
    {
        HelmCommandLine.ValidateNames(release, @namespace);
        ArgumentOutOfRangeException.ThrowIfLessThan(revision, 1);
        await RunAsync($"rollback {release} to revision {revision} in namespace {@namespace}",
            HelmCommandLine.Rollback(release, @namespace, revision, options.Value), cancellationToken);
        logger.LogInformation("Helm release {Release} in {Namespace} rolled back to revision {Revision}", release, @namespace, revision);
    }

    public async Task<IReadOnlyList<string>> ExistingAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default) =>
        [.. (await ListAsync(releases, @namespace, cancellationToken)).Select(r => r.Name)];

    public async Task<IReadOnlyList<HelmListedRelease>> ListAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default)
    {
        if (releases.Count == 0)
        {
            return [];
        }

        foreach (var release in releases)
        {
            HelmCommandLine.ValidateNames(release, @namespace);
        }

        var operation = $"list the releases of namespace {@namespace}";
        var result = await RunAsync(operation, HelmCommandLine.List(releases, @namespace, options.Value), cancellationToken);
        return [.. HelmStatusReader.Releases(result.Stdout, operation).Where(r => releases.Contains(r.Name))];
    }

    public async Task<HelmReleaseStatus?> StatusAsync(string release, string @namespace, CancellationToken cancellationToken = default)
    {
        HelmCommandLine.ValidateNames(release, @namespace);
        var operation = $"status {release} in namespace {@namespace}";
        ProcessRunner.Result result;
        try
        {
            result = await RunAsync(operation, HelmCommandLine.Status(release, @namespace, options.Value), cancellationToken);
        }
        catch (AdapterException failure) when (HelmErrors.IsReleaseNotFound(failure.Reason))
        {
            return null;
        }

        return HelmStatusReader.Read(result.Stdout, operation);
    }

    private async Task<ProcessRunner.Result> RunAsync(string operation, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            return await _pipeline.ExecuteAsync(token => RunOnceAsync(operation, arguments, settings, token), cancellationToken);
        }
        catch (BrokenCircuitException exception)
        {
            throw new AdapterException(ExternalSystem.Helm, operation, AdapterFailure.Unavailable,
                ExternalCall.OpenCircuit((exception.InnerException as AdapterException)?.Reason), exception);
        }
    }

    private static async ValueTask<ProcessRunner.Result> RunOnceAsync(string operation, IReadOnlyList<string> arguments, HelmOptions settings,
        CancellationToken token)
    {
        ProcessRunner.Result result;
        try
        {
            result = await ProcessRunner.RunAsync(settings.BinaryPath, arguments, settings.Timeout + settings.KillGrace, token);
        }
        catch (Win32Exception exception)
        {
            throw new AdapterException(ExternalSystem.Helm, operation, AdapterFailure.Rejected,
                $"cannot run '{settings.BinaryPath}': {exception.Message}", exception);
        }
        catch (TimeoutException exception)
        {
            throw new AdapterException(ExternalSystem.Helm, operation, AdapterFailure.Timeout, exception.Message, exception);
        }

        if (result.ExitCode != 0)
        {
            var stderr = HelmErrors.Summary(result);
            throw new AdapterException(ExternalSystem.Helm, operation,
                HelmErrors.IsTransient(stderr) ? AdapterFailure.Unavailable : AdapterFailure.Rejected,
                $"exit code {result.ExitCode}: {stderr}");
        }

        return result;
    }

    private static async Task<string> WriteValuesAsync(HelmRelease release, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"smo-values-{release.Name}-{Guid.NewGuid():N}.json");
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Values may carry secrets: readable by this user only.
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, file);
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(release.Values.ToJsonString()), cancellationToken);
        return path;
    }

    /// <summary>Retry outside the breaker, as for HTTP: every attempt counts towards opening the circuit.</summary>
    private static ResiliencePipeline BuildPipeline(HelmOptions options)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<AdapterException>(failure => failure.Failure == AdapterFailure.Unavailable),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<AdapterException>(failure => failure.IsTransient),
                FailureRatio = BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
            })
            .Build();
    }
}
