using System.IO.Compression;
using System.Text;

namespace Wuyi.Web.Tests.Hotline;

/// <summary>
/// A zip written by hand, so that a test can say what a zip must never say: sizes that lie, data that inflates to
/// gigabytes from a few kilobytes, thousands of entries. Entries are stored or deflated; CRCs are real unless given.
/// </summary>
public sealed class HostileZip
{
    private readonly List<(string Name, byte[] Data, ushort Method, uint Crc, uint Size)> _entries = [];

    /// <summary>An entry deflated from its text or bytes, with true sizes and CRC.</summary>
    public HostileZip Add(string name, string text) => Add(name, Encoding.UTF8.GetBytes(text));

    public HostileZip Add(string name, byte[] content)
    {
        using var packed = new MemoryStream();
        using (var deflate = new DeflateStream(packed, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(content);
        _entries.Add((name, packed.ToArray(), 8, Crc32(content), (uint)content.Length));
        return this;
    }

    /// <summary>An entry stored without compression.</summary>
    public HostileZip AddStored(string name, byte[] content)
    {
        _entries.Add((name, content, 0, Crc32(content), (uint)content.Length));
        return this;
    }

    /// <summary>An entry whose deflated data and declared size are given as they are (a bomb; CRC left 0).</summary>
    public HostileZip AddRaw(string name, byte[] deflated, uint declaredSize)
    {
        _entries.Add((name, deflated, 8, 0, declaredSize));
        return this;
    }

    public byte[] ToArray()
    {
        using var zip = new MemoryStream();
        using var w = new BinaryWriter(zip);
        var offsets = new List<uint>();
        foreach (var e in _entries)
        {
            offsets.Add((uint)zip.Position);
            var name = Encoding.UTF8.GetBytes(e.Name);
            w.Write(0x04034b50u); w.Write((ushort)20); w.Write((ushort)0x0800); w.Write(e.Method); w.Write(0x21u); // 1980-01-01
            w.Write(e.Crc); w.Write((uint)e.Data.Length); w.Write(e.Size); w.Write((ushort)name.Length); w.Write((ushort)0);
            w.Write(name); w.Write(e.Data);
        }
        var directory = (uint)zip.Position;
        for (var i = 0; i < _entries.Count; i++)
        {
            var e = _entries[i];
            var name = Encoding.UTF8.GetBytes(e.Name);
            w.Write(0x02014b50u); w.Write((ushort)20); w.Write((ushort)20); w.Write((ushort)0x0800); w.Write(e.Method); w.Write(0x21u);
            w.Write(e.Crc); w.Write((uint)e.Data.Length); w.Write(e.Size); w.Write((ushort)name.Length); w.Write((ushort)0); w.Write((ushort)0);
            w.Write((ushort)0); w.Write((ushort)0); w.Write(0u); w.Write(offsets[i]); w.Write(name);
        }
        var size = (uint)zip.Position - directory;
        w.Write(0x06054b50u); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)_entries.Count); w.Write((ushort)_entries.Count);
        w.Write(size); w.Write(directory); w.Write((ushort)0);
        w.Flush();
        return zip.ToArray();
    }

    /// <summary>
    /// Deflated data of <paramref name="prefix"/>, <paramref name="unit"/> repeated until about <paramref name="bytes"/>,
    /// then <paramref name="suffix"/>, without ever holding or compressing the whole: one compressed chunk (which refers
    /// only to itself) is repeated. 1 GB costs about 1 MB.
    /// </summary>
    public static byte[] Bomb(string prefix, string unit, string suffix, long bytes)
    {
        const int chunkUnits = 1 << 16;
        var unitBytes = Encoding.UTF8.GetBytes(unit);
        var chunk = new byte[unitBytes.Length * chunkUnits];
        for (var i = 0; i < chunkUnits; i++) unitBytes.CopyTo(chunk, i * unitBytes.Length);
        var packedChunk = Flushed(chunk);
        var repeats = Math.Max(1, bytes / chunk.Length);
        using var result = new MemoryStream();
        result.Write(Flushed(Encoding.UTF8.GetBytes(prefix)));
        for (long i = 0; i < repeats; i++) result.Write(packedChunk);
        using (var last = new DeflateStream(result, CompressionLevel.Optimal, leaveOpen: true)) last.Write(Encoding.UTF8.GetBytes(suffix));
        return result.ToArray();
    }

    /// <summary>Deflated without a final block, ending on a byte boundary (a sync flush), so that pieces concatenate.</summary>
    private static byte[] Flushed(byte[] data)
    {
        var packed = new MemoryStream();
        var deflate = new DeflateStream(packed, CompressionLevel.Optimal, leaveOpen: true);
        deflate.Write(data);
        deflate.Flush();
        var bytes = packed.ToArray(); // taken before Dispose, which would add the final block
        return bytes;
    }

    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }
}
