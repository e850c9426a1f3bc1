namespace Smo.Bench;

/// <summary>Process exit codes; run.sh and CI read them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A scenario failed, timed out or measured something other than correct completions.</summary>
    public const int Failed = 1;

    public const int Usage = 2;
}
