using FsCheck;
using FsCheck.Fluent;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// The whole mix, and how one input is drawn: input <c>i</c> of seed <c>s</c> is the generator run on a random state made
/// from both, so any input can be drawn again alone (<c>SMO_FUZZ_SEED</c>, <c>SMO_FUZZ_FROM</c>).
/// </summary>
public static class FuzzRequests
{
    /// <summary>FsCheck's size: how long generated lists and strings get.</summary>
    private const int Size = 30;

    public static Gen<FuzzRequest> All(FuzzTargets targets) =>
        Gen.Frequency(
            (35, DescriptorRequests.Deploys(targets)),
            (15, AlertRequests.Webhooks(targets)),
            (10, EnergyProfileRequests.Puts(targets)),
            (10, NfvclRequests.Requests),
            (25, RouteRequests.Requests(targets)),
            (5, RouteRequests.Management));

    public static FuzzRequest Draw(Gen<FuzzRequest> generator, ulong seed, int index) =>
        generator.Sample(Size, new Rnd(seed * 1_000_003UL + (ulong)index), 1)[0];
}
