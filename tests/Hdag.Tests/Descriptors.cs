using Smo.Hdag.Parsing;

namespace Smo.Hdag.Tests;

/// <summary>Test descriptors and the assertions every parser test needs.</summary>
internal static class Descriptors
{
    public static HdagParser Parser { get; } = new();

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static string RetailAnalytics => Fixture("retail-analytics.yaml");

    /// <summary>A one-service descriptor whose service body is <paramref name="serviceLines"/> (indented 6 spaces; line 5 onwards).</summary>
    public static string OneService(string serviceLines) => $"""
        hdaGraph:
          id: shop
          services:
            - id: web
        {serviceLines}
        """;

    public static HdaGraph ParseValid(string text)
    {
        var result = Parser.Parse(text);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Graph!;
    }

    /// <summary>Asserts that parsing fails with exactly one error, at that path and position, and returns it.</summary>
    public static HdagDiagnostic SingleError(string text, string path, int line, int column)
    {
        var result = Parser.Parse(text);

        Assert.Null(result.Graph);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(new SourceLocation(line, column), error.Location);
        return error;
    }
}
