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
    public void Parse_stops_alias_expansion_bombs_made_of_few_long_strings()
    {
        // 21 nodes, but 20 copies of half a megabyte: the node count alone would let it through.
        var bomb = $"a: &a {new string('x', 500_000)}\nb: [{string.Join(", ", Enumerable.Repeat("*a", 20))}]\n";

        var result = Parser.Parse(bomb);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"more than {HdagParserOptions.DefaultMaxExpandedBytes} bytes of text once aliases are expanded", error.Found);
        Assert.Equal("b[15]", error.Path);
        Assert.Null(result.Descriptor);
    }

    [Fact]
    public void Parse_refuses_more_services_than_the_limit_before_binding_them()
    {
        // Services with nothing but an id: bound, each would add errors of its own.
        var services = string.Concat(Enumerable.Range(0, 4).Select(i => $"    - id: s{i}\n"));
        var parser = new HdagParser(new HdagParserOptions { MaxServices = 3 });

        var result = parser.Parse($"hdaGraph:\n  id: shop\n  services:\n{services}");

        // One error only: the services past the limit are not bound (their own errors would follow otherwise).
        var error = Assert.Single(result.Errors);
        Assert.Equal(("hdaGraph.services", "4 services", "at most 3 services per graph (this host's limit)"), (error.Path, error.Found, error.Expected));
    }

    [Theory]
    [InlineData("edges", "connection points and dependencies")]
    [InlineData("policies", "policies")]
    [InlineData("events", "trigger events")]
    public void Parse_refuses_a_graph_with_more_edges_policies_or_events_than_the_limit(string limit, string what)
    {
        var graph = ParseValid(RetailAnalytics);
        var count = limit switch
        {
            "edges" => graph.Services.Sum(s => s.Intent.ConnectionPoints.Count + s.Trigger.Dependencies.Count),
            "policies" => graph.Services.Sum(s => s.Policies.Count),
            _ => graph.Services.Sum(s => s.Trigger.Event?.Events.Count ?? 0),
        };
        var options = limit switch
        {
            "edges" => new HdagParserOptions { MaxEdges = count - 1 },
            "policies" => new HdagParserOptions { MaxPolicies = count - 1 },
            _ => new HdagParserOptions { MaxEvents = count - 1 },
        };

        var result = new HdagParser(options).Parse(RetailAnalytics);

        Assert.True(count >= 2, $"the fixture has {count} {what}");
        var error = Assert.Single(result.Errors);
        Assert.Equal(("hdaGraph.services", $"{count} {what}", $"at most {count - 1} {what} per graph, all services together (this host's limit)"),
            (error.Path, error.Found, error.Expected));
        Assert.Null(result.Graph);
    }

    [Fact]
    public void A_stored_descriptor_is_read_again_whatever_the_request_limits()
    {
        var strict = new HdagParser(new HdagParserOptions { MaxServices = 1, MaxInputBytes = 1024 });

        var stored = new HdagParser(strict.Options.ForStoredDescriptors()).Parse(RetailAnalytics);

        Assert.True(stored.Succeeded, string.Join(Environment.NewLine, stored.Errors));
        Assert.False(strict.Parse(RetailAnalytics).Succeeded);
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
