namespace Smo.Hdag.Parsing;

/// <summary>Collects errors and warnings while a descriptor is read, so one pass reports every problem.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<HdagDiagnostic> _errors = [];
    private readonly List<HdagDiagnostic> _warnings = [];

    public IReadOnlyList<HdagDiagnostic> Errors => _errors;

    public IReadOnlyList<HdagDiagnostic> Warnings => _warnings;

    public bool HasErrors => _errors.Count > 0;

    /// <param name="original">What the original SMO did with this shape (see <see cref="HdagDiagnostic.Original"/>).</param>
    public void Error(string path, SourceLocation? location, string found, string expected, string? original = null) =>
        _errors.Add(new HdagDiagnostic(path, location, found, expected) { Original = original });

    public void Warning(string path, SourceLocation? location, string found, string expected, string? original = null) =>
        _warnings.Add(new HdagDiagnostic(path, location, found, expected) { Original = original });

    /// <summary>Adds what the original SMO did to the diagnostics <paramref name="originalOf"/> knows about.</summary>
    public void Annotate(Func<HdagDiagnostic, string?> originalOf)
    {
        Annotate(_errors, originalOf);
        Annotate(_warnings, originalOf);
    }

    private static void Annotate(List<HdagDiagnostic> diagnostics, Func<HdagDiagnostic, string?> originalOf)
    {
        for (var i = 0; i < diagnostics.Count; i++)
        {
            if (diagnostics[i].Original is null && originalOf(diagnostics[i]) is { } original)
            {
                diagnostics[i] = diagnostics[i] with { Original = original };
            }
        }
    }
}
