using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Smo.Adapters.Oci;

/// <summary>
/// Finds the descriptor in an artifact layer (a <c>.tar.gz</c>): the shallowest <c>*.yaml</c>/<c>*.yml</c> file,
/// ties broken by name, so the choice does not depend on the order in the archive. A layer is read within limits on
/// what it unpacks to, not only on its compressed size: gzip turns a few kilobytes into gigabytes.
/// </summary>
internal static class DescriptorTarball
{
    /// <exception cref="FormatException">Not a gzip tarball, no YAML file in it, or a limit passed.</exception>
    public static (string Path, string Yaml) Extract(byte[] layer, Limits limits)
    {
        var candidates = new List<(string Path, byte[] Content)>();
        var entries = 0;
        try
        {
            using var unpacked = new UnpackLimit(new GZipStream(new MemoryStream(layer), CompressionMode.Decompress), limits.MaxUnpackedBytes);
            using var tar = new TarReader(unpacked);
            while (tar.GetNextEntry() is { } entry)
            {
                if (++entries > limits.MaxEntries)
                {
                    throw new FormatException($"the layer holds more than {limits.MaxEntries} entries ({OciOptions.Section}:MaxLayerEntries)");
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !IsYaml(entry.Name))
                {
                    continue;
                }

                if (entry.Length > limits.MaxDescriptorBytes)
                {
                    throw new FormatException($"{entry.Name} is {entry.Length} bytes, more than the {limits.MaxDescriptorBytes}-byte limit ({OciOptions.Section}:MaxDescriptorBytes)");
                }

                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                candidates.Add((entry.Name, content.ToArray()));
            }
        }
        catch (UnpackLimit.ExceededException)
        {
            throw new FormatException($"the layer unpacks to more than {limits.MaxUnpackedBytes} bytes ({OciOptions.Section}:MaxLayerUnpackedBytes)");
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or ArgumentException)
        {
            throw new FormatException("the layer is not a gzip-compressed tar archive", exception);
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

    /// <summary>What one layer may hold.</summary>
    public sealed record Limits(long MaxDescriptorBytes, long MaxUnpackedBytes, int MaxEntries)
    {
        public static Limits From(OciOptions options) => new(options.MaxDescriptorBytes, options.MaxLayerUnpackedBytes, options.MaxLayerEntries);
    }

    /// <summary>A read-only stream that fails once more than a set number of bytes have come out of it.</summary>
    private sealed class UnpackLimit(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            _read += read;
            return _read > limit ? throw new ExceededException() : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public sealed class ExceededException : Exception;
    }
}
