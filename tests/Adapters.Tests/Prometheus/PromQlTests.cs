using Smo.Adapters.Prometheus;

namespace Smo.Adapters.Tests.Prometheus;

/// <summary>How names reach PromQL: regex-escaped inside the alternation, then escaped for the double-quoted string.</summary>
public sealed class PromQlTests
{
    private const string Template = PrometheusOptions.DefaultRequestRatesQuery;

    private static string Expected(string namespaces, string services) =>
        $"sum(rate(flask_http_request_total{{namespace=~\"{namespaces}\",service=~\"{services}\"}}[30s]))by(namespace,service)";

    [Fact]
    public void FillServices_joins_plain_names_and_their_namespaces_into_sorted_alternations()
    {
        var promql = PromQl.FillServices(Template, [new("shop", "web"), new("shop", "catalogue-1"), new("lab", "web")], TimeSpan.FromSeconds(30));

        Assert.Equal(Expected("lab|shop", "catalogue-1|web"), promql);
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
    public void FillServices_escapes_each_name_and_namespace_for_the_regex_and_then_for_the_string(string name, string inQuery)
    {
        var promql = PromQl.FillServices(Template, [new(name, name)], TimeSpan.FromSeconds(30));

        Assert.Equal(Expected(inQuery, inQuery), promql);
    }

    [Fact]
    public void FillAnyService_asks_for_every_service_of_every_namespace()
    {
        Assert.Equal(Expected(".+", ".+"), PromQl.FillAnyService(Template, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void FillServices_refuses_an_empty_list_an_empty_name_or_namespace_and_a_window_that_is_not_positive()
    {
        Assert.Throws<ArgumentException>(() => PromQl.FillServices(Template, [], TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentException>(() => PromQl.FillServices(Template, [new("shop", "web"), new("shop", " ")], TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentException>(() => PromQl.FillServices(Template, [new("", "web")], TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PromQl.FillServices(Template, [new("shop", "web")], TimeSpan.Zero));
    }
}
