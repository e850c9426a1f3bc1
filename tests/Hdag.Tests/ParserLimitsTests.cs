using System.Text;
using Smo.Hdag.Parsing;
using static Smo.Hdag.Tests.Descriptors;

namespace Smo.Hdag.Tests;

public sealed class ParserLimitsTests
{
    [Fact]
    public void Parse_refuses_input_over_the_size_limit_before_parsing()
    {
        var parser = new HdagParser(new HdagParserOptions { MaxInputBytes = 64 });

        var result = parser.Parse("hdaGraph: [" + new string('x', 60));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("$", null, "71 bytes", "at most 64 bytes"), (error.Path, error.Location, error.Found, error.Expected));
        Assert.Null(result.Descriptor);
    }

    [Fact]
    public void Parse_counts_the_size_limit_in_utf8_bytes()
    {
        var parser = new HdagParser(new HdagParserOptions { MaxInputBytes = 64 });

        var result = parser.Parse(new string('é', 40));

        Assert.Equal("80 bytes", Assert.Single(result.Errors).Found);
    }

    [Fact]
    public void Parse_stops_alias_expansion_bombs()
    {
        var bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        foreach (var (name, previous) in "bcdefghi".Zip("abcdefgh"))
        {
            bomb.Append($"{name}: &{name} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 9))}]\n");
        }

        var error = SingleError(bomb.ToString(), "f[0]", 6, 8);

        Assert.Equal("more than 100000 nodes once aliases are expanded", error.Found);
    }

    [Fact]
    public void Parse_refuses_nesting_deeper_than_the_limit()
    {
        var deep = new string('[', 200_000) + new string(']', 200_000);

        var result = Parser.Parse(deep);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("nesting deeper than 64 levels", new SourceLocation(1, 65)), (error.Found, error.Location));
    }

    [Fact]
    public void Parse_refuses_a_second_document()
    {
        var error = SingleError("hdaGraph: {}\n---\nhdaGraph: {}\n", "$", 2, 1);

        Assert.Equal("a second YAML document", error.Found);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Parse_refuses_an_empty_document(string text)
    {
        var error = SingleError(text, "$", 1, 1);

        Assert.Equal("an empty document", error.Found);
    }

    [Fact]
    public void Parse_refuses_an_alias_to_an_unknown_anchor()
    {
        var error = SingleError("hdaGraph:\n  id: *nowhere\n", "hdaGraph.id", 2, 7);

        Assert.Equal("alias *nowhere", error.Found);
    }

    [Fact]
    public void Parse_refuses_a_plain_scalar_document()
    {
        var error = SingleError("hello", "$", 1, 1);

        Assert.Equal(("string 'hello'", "a mapping with hdaGraph at its root"), (error.Found, error.Expected));
    }

    [Fact]
    public void Parse_reports_malformed_yaml_at_its_position()
    {
        var error = SingleError("hdaGraph:\n  id: shop\n   services: []\n", "hdaGraph.id", 3, 12);

        Assert.StartsWith("malformed YAML/JSON", error.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_reports_malformed_json_at_its_position()
    {
        var text = "{\n  \"hdaGraph\": {\n    \"id\": \"shop\",\n    \"services\": [\n  }\n}";

        var error = SingleError(text, "hdaGraph.services[0]", 5, 3);

        Assert.StartsWith("malformed YAML/JSON", error.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_duplicate_keys_in_json()
    {
        var error = SingleError("""{"hdaGraph": {"id": "a", "id": "b"}}""", "hdaGraph.id", 1, 26);

        Assert.Equal("key 'id' a second time (first at line 1, column 15)", error.Found);
    }

    [Fact]
    public void Parse_reports_json_errors_with_line_and_column()
    {
        var text = """
            {
              "hdaGraph": {
                "id": "shop",
                "services": [
                  {
                    "id": "web",
                    "deployment": {
                      "trigger": { "auto": {} },
                      "intent": { "compute": { "cpu": "enormous" } }
                    },
                    "artifact": { "ociImage": "oci://r/web" }
                  }
                ]
              }
            }
            """;

        var error = SingleError(text, "hdaGraph.services[0].deployment.intent.compute.cpu", 9, 43);

        Assert.Equal("string 'enormous'", error.Found);
    }

    [Fact]
    public void Parse_positions_errors_inside_a_double_encoded_body_in_the_inner_text()
    {
        var inner = OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: tiny } }
                  artifact: { ociImage: oci://r/web }
            """);

        var result = Parser.Parse(System.Text.Json.JsonSerializer.Serialize(inner));

        Assert.True(result.WasDoubleEncoded);
        Assert.Equal(new SourceLocation(7, 35), Assert.Single(result.Errors).Location);
    }

    [Fact]
    public void Parser_refuses_invalid_options()
    {
        var options = new HdagParserOptions { MaxNodes = 0, DefaultStorageSize = "light" };

        var exception = Assert.Throws<ArgumentException>(() => new HdagParser(options));

        Assert.Contains("MaxNodes is 0", exception.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultStorageSize 'light' is not in the storage table", exception.Message, StringComparison.Ordinal);
    }
}
