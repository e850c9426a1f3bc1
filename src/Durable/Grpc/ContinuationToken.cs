using System.Globalization;
using Grpc.Core;
using Smo.Durable.Storage;

namespace Smo.Durable.Grpc;

/// <summary>A query page's keyset cursor as an opaque string: the last (created time, instance id) seen.</summary>
internal static class ContinuationToken
{
    public static string Write(InstanceCursor cursor) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{cursor.CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{cursor.InstanceId}"));

    public static InstanceCursor? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            return new InstanceCursor(new DateTime(long.Parse(text[..separator], CultureInfo.InvariantCulture), DateTimeKind.Utc), text[(separator + 1)..]);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The continuation token is not one this backend issued."));
        }
    }
}
