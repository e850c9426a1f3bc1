namespace Smo.Adapters.Tests.Helm;

/// <summary>
/// A stand-in helm: a bash script that records its argv (one argument a line) and a copy of the values file,
/// prints what it is told and exits with the code it is told — per invocation, from numbered files.
/// </summary>
public sealed class FakeHelm : IDisposable
{
    private FakeHelm(string directory) => Directory = directory;

    public string Directory { get; }

    public string BinaryPath => Path.Combine(Directory, "helm");

    public int Invocations => System.IO.Directory.GetFiles(Directory, "argv.*").Length;

    public static FakeHelm Create()
    {
        var helm = new FakeHelm(System.IO.Directory.CreateTempSubdirectory("smo-fake-helm-").FullName);
        File.WriteAllText(helm.BinaryPath, """
            #!/usr/bin/env bash
            dir="$(dirname "$0")"
            n=$(ls "$dir"/argv.* 2>/dev/null | wc -l)
            n=$((n + 1))
            printf '%s\n' "$@" >"$dir/argv.$n"
            prev=""
            for arg in "$@"; do
              [[ "$prev" == --values ]] && cp "$arg" "$dir/values.$n"
              prev="$arg"
            done
            [[ -f "$dir/sleep.$n" ]] && sleep "$(cat "$dir/sleep.$n")"
            [[ -f "$dir/stdout.$n" ]] && cat "$dir/stdout.$n"
            [[ -f "$dir/stderr.$n" ]] && cat "$dir/stderr.$n" >&2
            exit "$(cat "$dir/exit.$n" 2>/dev/null || echo 0)"
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(helm.BinaryPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return helm;
    }

    /// <summary>What invocation <paramref name="n"/> (1-based) prints and returns.</summary>
    public void Answer(int n, int exitCode, string stdout = "", string stderr = "", double sleepSeconds = 0)
    {
        File.WriteAllText(Path.Combine(Directory, $"exit.{n}"), exitCode.ToString());
        File.WriteAllText(Path.Combine(Directory, $"stdout.{n}"), stdout);
        File.WriteAllText(Path.Combine(Directory, $"stderr.{n}"), stderr);
        if (sleepSeconds > 0)
        {
            File.WriteAllText(Path.Combine(Directory, $"sleep.{n}"), sleepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public IReadOnlyList<string> Arguments(int n) => File.ReadAllLines(Path.Combine(Directory, $"argv.{n}"));

    public string Values(int n) => File.ReadAllText(Path.Combine(Directory, $"values.{n}"));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
