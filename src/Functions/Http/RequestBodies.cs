using System.Text;

namespace Smo.Functions.Http;

/// <summary>Reads request bodies within a size limit, whether or not the client announced a length.</summary>
public static class RequestBodies
{
    /// <summary>The limit of the API's small JSON bodies: commands, energy profiles, webhooks, NFVCL requests.</summary>
    public const long MaxJsonLength = 1 << 20;

    private const int ChunkLength = 16 << 10;

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
        var text = new StringBuilder();
        var chunk = new char[ChunkLength];
        int count;
        while (text.Length <= limit && (count = await reader.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            text.Append(chunk, 0, count);
        }

        return text.Length > limit ? null : text.ToString();
    }

    /// <summary>The answer to a body over its limit: 413, where = body.</summary>
    public static IResult TooLarge(string what, long limit) => TypedResults.Problem(
        detail: $"{what} is larger than {limit} characters.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large.",
        extensions: new Dictionary<string, object?> { ["where"] = "body" });
}
