namespace Smo.Store.Nfvcl;

/// <summary>What importing NFVCL's VIMs changed; VIMs are matched by (pop_area, name).</summary>
public sealed record VimSyncResult(IReadOnlyList<VimRecord> Added, IReadOnlyList<VimRecord> Updated, IReadOnlyList<VimRecord> Unchanged);
