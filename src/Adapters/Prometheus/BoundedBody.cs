namespace Smo.Adapters.Prometheus;

/// <summary>Reads a response body of at most a given size, refusing a longer one before it is all in memory.</summary>
internal static class BoundedBody
{
    private const int ChunkBytes = 81_920;

    /// <exception cref="FormatException">The body is longer than <paramref name="maxBytes"/>.</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLong(maxBytes);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                throw TooLong(maxBytes);
            }

            body.Write(chunk, 0, read);
        }

        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    private static FormatException TooLong(int maxBytes) =>
        new($"the answer is longer than {maxBytes} bytes (Smo:Prometheus:MaxRangeResponseBytes); ask for fewer series, a shorter range or a wider step");
}
