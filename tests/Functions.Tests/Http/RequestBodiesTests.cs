using System.Text;
using Microsoft.AspNetCore.Http;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Http;
using Smo.Functions.Placement;

namespace Smo.Functions.Tests.Http;

public sealed class RequestBodiesTests
{
    private static HttpRequest Request(string body, long? announcedLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Request.ContentLength = announcedLength;
        return context.Request;
    }

    [Fact]
    public async Task A_body_within_the_limit_is_read_whole()
    {
        Assert.Equal("0123456789", await RequestBodies.ReadAtMostAsync(Request("0123456789", announcedLength: null), limit: 10));
    }

    [Fact]
    public async Task A_body_without_a_length_is_refused_once_it_passes_the_limit()
    {
        Assert.Null(await RequestBodies.ReadAtMostAsync(Request("0123456789A", announcedLength: null), limit: 10));
    }

    [Fact]
    public async Task An_announced_length_over_the_limit_is_refused_without_reading()
    {
        var request = Request("short", announcedLength: 1_000);

        Assert.Null(await RequestBodies.ReadAtMostAsync(request, limit: 10));
        Assert.Equal(0, request.Body.Position);
    }
}
