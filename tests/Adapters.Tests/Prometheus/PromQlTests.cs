using Smo.Adapters.Prometheus;

namespace Smo.Adapters.Tests.Prometheus;

/// <summary>How names reach PromQL: regex-escaped inside the alternation, then escaped for the double-quoted string.</summary>
public sealed class PromQlTests
{
    private const string Template = "sum(rate(flask_http_request_total{service=~\"${services}\"}[${window}]))by(service)";

    [Fact]
    public void FillServices_joins_plain_names_into_an_alternation()
    {
        var promql = PromQl.FillServices(Template, ["web", "catalogue-1"], TimeSpan.FromSeconds(30));

        Assert.Equal("sum(rate(flask_http_request_total{service=~\"web|catalogue-1\"}[30s]))by(service)", promql);
    }

    [Theory]
    [InlineData("a.b", @"a\\.b")]
    [InlineData(".*", @"\\.\\*")]
    [InlineData("a|b", @"a\\|b")]
    [InlineData("(x)[y]{z}^$+?", @"\\(x\\)\\[y\\]\\{z\\}\\^\\$\\+\\?")]
    [InlineData("q\"", "q\\\"")]
    [InlineData(@"back\slash", @"back\\\\slash")]
    [InlineData("new\nline", @"new\nline")]
    [InlineData("tab\tbed", @"tab\u0009bed")]
    public void FillServices_escapes_each_name_for_the_regex_and_then_for_the_string(string name, string inQuery)
    {
        var promql = PromQl.FillServices(Template, [name], TimeSpan.FromSeconds(30));

        Assert.Equal($"sum(rate(flask_http_request_total{{service=~\"{inQuery}\"}}[30s]))by(service)", promql);
    }

    [Fact]
    public void FillServices_refuses_an_empty_list_an_empty_name_and_a_window_that_is_not_positive()
    {
        Assert.Throws<ArgumentException>(() => PromQl.FillServices(Template, [], TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentException>(() => PromQl.FillServices(Template, ["web", " "], TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PromQl.FillServices(Template, ["web"], TimeSpan.Zero));
    }
}
