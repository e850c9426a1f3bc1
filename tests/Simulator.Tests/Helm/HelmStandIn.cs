using System.Diagnostics;
using Smo.Simulator.Hosting;

namespace Smo.Simulator.Tests.Helm;

/// <summary>Runs the helm stand-in script as Smo's Helm adapter would: a process with arguments, exit code, stdout, stderr.</summary>
public sealed class HelmStandIn : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("smo-helm-").FullName;

    public HelmStandIn(SimulatorHost? host)
    {
        Kubeconfig = host is null ? Path.Combine(_directory, "kubeconfig") : host.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"));
    }

    public string Kubeconfig { get; }

    public string WriteValues(string yaml)
    {
        var path = Path.Combine(_directory, $"values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(SimulatorHost.HelmStandInPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The SMO's call: upgrade --install with values, namespace, create-namespace, kubeconfig, plain-http, timeout.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> InstallAsync(string release, string valuesYaml, string ns = "demo", params string[] extra) =>
        RunAsync([
            "upgrade", "--install", release, $"oci://127.0.0.1:5000/test/{release}", "--values", WriteValues(valuesYaml),
            "--namespace", ns, "--create-namespace", "--kubeconfig", Kubeconfig, "--plain-http", "--timeout", "1m0s", .. extra,
        ]);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
