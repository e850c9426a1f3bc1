using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Tests.Kubernetes;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("8", 8)]
    [InlineData("3700m", 3.7)]
    [InlineData("0.5", 0.5)]
    [InlineData("2Gi", 2147483648)]
    [InlineData("15265636Ki", 15632011264)]
    [InlineData("1e3", 1000)]
    [InlineData("1k", 1000)]
    [InlineData("512Mi", 536870912)]
    public void Parse_reads_every_suffix(string text, double expected)
    {
        Assert.Equal((decimal)expected, Quantity.Parse(text));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5.2")]
    [InlineData("2GB")]
    [InlineData("")]
    public void Parse_rejects_what_is_not_a_quantity(string text)
    {
        Assert.False(Quantity.TryParse(text, out _));
    }

    [Theory]
    [InlineData(8, "8")]
    [InlineData(3.7, "3700m")]
    [InlineData(0.25, "250m")]
    public void FormatCpu_writes_whole_cores_plain_and_the_rest_in_millicores(double cores, string expected)
    {
        Assert.Equal(expected, Quantity.FormatCpu((decimal)cores));
    }

    [Theory]
    [InlineData(17179869184, "16Gi")]
    [InlineData(15632011264, "15265636Ki")]
    [InlineData(1000, "1000")]
    public void FormatBytes_uses_the_largest_exact_binary_suffix(double bytes, string expected)
    {
        Assert.Equal(expected, Quantity.FormatBytes((decimal)bytes));
    }
}
