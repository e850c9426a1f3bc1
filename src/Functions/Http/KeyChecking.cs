namespace Smo.Functions.Http;

/// <summary>
/// Who checks function keys: Smo's host (from <c>Smo:Keys</c>, enforced or not) or the Functions host, whose keys the
/// worker cannot see — there nothing may count on a key having been checked.
/// </summary>
public sealed record KeyChecking(bool BySmo, bool Enforced)
{
    public static readonly KeyChecking ByFunctionsHost = new(BySmo: false, Enforced: false);

    /// <summary>Smo's host with keys enforced: every function-level route was passed by a key.</summary>
    public bool EnforcedBySmo => BySmo && Enforced;

    /// <summary>Smo's host without keys: it serves loopback only, every route open to this machine's users.</summary>
    public bool OpenLocally => BySmo && !Enforced;
}
