using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Smo.Adapters.Oci;

/// <summary>
/// Finds the descriptor in an artifact layer (a <c>.tar.gz</c>): the shallowest <c>*.yaml</c>/<c>*.yml</c> file,
/// ties broken by name, so the choice does not depend on the order in the archive.
/// </summary>
internal static class DescriptorTarball
{
    /// <exception cref="FormatException">Not a gzip tarball, no YAML file in it, or the file is too large.</exception>
    public static (string Path, string Yaml) Extract(byte[] layer, long maxDescriptorBytes)
    {
        var candidates = new List<(string Path, byte[] Content)>();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(layer), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !IsYaml(entry.Name))
                {
                    continue;
                }

                if (entry.Length > maxDescriptorBytes)
                {
                    throw new FormatException($"{entry.Name} is {entry.Length} bytes, more than the {maxDescriptorBytes}-byte limit");
                }

                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                candidates.Add((entry.Name, content.ToArray()));
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
        {
            throw new FormatException($"the layer is not a gzip-compressed tar archive: {exception.Message}", exception);
        }

        if (candidates.Count == 0)
        {
            throw new FormatException("the layer holds no .yaml or .yml file");
        }

        var chosen = candidates.OrderBy(c => Depth(c.Path)).ThenBy(c => c.Path, StringComparer.Ordinal).First();
        try
        {
            return (chosen.Path, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(chosen.Content));
        }
        catch (DecoderFallbackException exception)
        {
            throw new FormatException($"{chosen.Path} is not UTF-8 text", exception);
        }
    }

    private static bool IsYaml(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static int Depth(string path) => path.Trim('/').TrimStart('.', '/').Count(c => c == '/');
}
