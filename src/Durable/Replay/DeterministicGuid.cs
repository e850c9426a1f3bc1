using System.Security.Cryptography;
using System.Text;

namespace Smo.Durable.Replay;

/// <summary>Name-based (RFC 4122 version 5) GUIDs: the same name always gives the same GUID.</summary>
internal static class DeterministicGuid
{
    private static readonly byte[] Namespace = Guid.Parse("9e952958-5e33-4daf-827f-2fa12937b875").ToByteArray(bigEndian: true);

    public static Guid Create(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[Namespace.Length + nameBytes.Length];
        Namespace.CopyTo(buffer, 0);
        nameBytes.CopyTo(buffer, Namespace.Length);
        var hash = SHA1.HashData(buffer);
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
