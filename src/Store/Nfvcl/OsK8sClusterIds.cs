using System.Security.Cryptography;

namespace Smo.Store.Nfvcl;

/// <summary>
/// The original's id format, <c>OS_K8S_{area}_{5 letters}</c>, kept for clients that parse it, but drawn from a
/// cryptographic generator and retried on collision (the original used <c>random</c> and never checked).
/// </summary>
internal static class OsK8sClusterIds
{
    public const int Attempts = 5;
    private const int LetterCount = 5;
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(int popArea) => $"OS_K8S_{popArea}_{RandomNumberGenerator.GetString(Letters, LetterCount)}";
}
