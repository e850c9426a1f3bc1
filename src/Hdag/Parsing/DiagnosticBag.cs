namespace Smo.Hdag.Parsing;

/// <summary>Collects errors and warnings while a descriptor is read, so one pass reports every problem.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<HdagDiagnostic> _errors = [];
    private readonly List<HdagDiagnostic> _warnings = [];

    public IReadOnlyList<HdagDiagnostic> Errors => _errors;

    public IReadOnlyList<HdagDiagnostic> Warnings => _warnings;

    public bool HasErrors => _errors.Count > 0;

    public void Error(string path, SourceLocation? location, string found, string expected) =>
        _errors.Add(new HdagDiagnostic(path, location, found, expected));

    public void Warning(string path, SourceLocation? location, string found, string expected) =>
        _warnings.Add(new HdagDiagnostic(path, location, found, expected));
}
