using Smo.Functions.Compatibility;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Compatibility;

/// <summary>The original SMO's value formats, from smo-original.md §3 and §4.1 and the H3NI tests' expectations.</summary>
public sealed class OriginalFormatsTests
{
    [Theory]
    [InlineData(48, "48.00 GiB")]
    [InlineData(98, "98.00 GiB")]
    [InlineData(0.5, "512.00 MiB")]
    [InlineData(1536, "1.50 TiB")]
    [InlineData(0, "0.00 B")]
    public void ClusterMemory_is_written_as_format_memory_did(double gib, string expected) =>
        Assert.Equal(expected, OriginalFormats.ClusterMemory(gib));

    [Theory]
    [InlineData(500.0 / 1024, "500MiB")]
    [InlineData(1, "1GiB")]
    [InlineData(2, "2GiB")]
    [InlineData(8, "8GiB")]
    [InlineData(1.5, "1536MiB")]
    public void ServiceMemory_is_written_as_the_intent_translation_did(double gib, string expected) =>
        Assert.Equal(expected, OriginalFormats.ServiceMemory(gib));

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1, "1")]
    [InlineData(4, "4")]
    public void ServiceCpu_is_the_number_the_original_stored_as_text(double cores, string expected) =>
        Assert.Equal(expected, OriginalFormats.ServiceCpu(cores));

    [Fact]
    public void ServiceStorage_and_gpu_are_written_as_the_original_did()
    {
        Assert.Equal("10GB", OriginalFormats.ServiceStorage(10));
        Assert.Equal("40GB", OriginalFormats.ServiceStorage(40));
        Assert.Equal("1", OriginalFormats.ServiceGpu(true));
        Assert.Equal("0", OriginalFormats.ServiceGpu(false));
    }

    [Theory]
    [InlineData(ServiceStatus.Deployed, "Deployed")]
    [InlineData(ServiceStatus.Pending, "Pending")]
    [InlineData(ServiceStatus.NotDeployed, "Not deployed")]
    [InlineData(ServiceStatus.Failed, "Failed")]
    public void ServiceStatusWord_is_the_originals_word(ServiceStatus status, string expected) =>
        Assert.Equal(expected, OriginalFormats.ServiceStatusWord(status));

    [Theory]
    [InlineData("athens", "athens")]
    [InlineData(null, "Unknown")]
    [InlineData(" ", "Unknown")]
    public void Location_is_the_region_or_the_originals_unknown(string? region, string expected) =>
        Assert.Equal(expected, OriginalFormats.Location(region));
}
