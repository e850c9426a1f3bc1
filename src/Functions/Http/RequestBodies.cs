namespace Smo.Functions.Http;

/// <summary>Reads request bodies within a size limit, whether or not the client announced a length.</summary>
public static class RequestBodies
{
    /// <summary>
    /// The body as text, or null when it is longer than <paramref name="limit"/> characters: refused at once when
    /// Content-Length says so, otherwise after reading one character past the limit (a chunked body has no length).
    /// </summary>
    public static async Task<string?> ReadAtMostAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[limit + 1];
        var read = 0;
        int count;
        while (read < buffer.Length && (count = await reader.ReadAsync(buffer.AsMemory(read), request.HttpContext.RequestAborted)) > 0)
        {
            read += count;
        }

        return read > limit ? null : new string(buffer, 0, read);
    }
}
