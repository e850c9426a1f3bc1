namespace Smo.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) =>
        SmoCli.RunAsync(args, new CliIo(Console.Out, Console.Error, Console.In, Interactive: !Console.IsInputRedirected, Ansi: !Console.IsOutputRedirected));
}
