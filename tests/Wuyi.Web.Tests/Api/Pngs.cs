using System.Buffers.Binary;
using System.Text;
using Wuyi.Web.Tests.Hotline;

namespace Wuyi.Web.Tests.Api;

/// <summary>PNG files made byte by byte for the evidence tests: a header of any size, extra chunks, one tiny image datum.</summary>
public static class Pngs
{
    /// <summary>A PNG that says it is <paramref name="width"/>×<paramref name="height"/> (RGBA, 8 bits), with <paramref name="extra"/> chunks before its image data.</summary>
    public static byte[] Make(int width, int height, params (string Type, byte[] Data)[] extra)
    {
        var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        void Chunk(string type, byte[] data)
        {
            Span<byte> four = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(four, (uint)data.Length);
            output.Write(four);
            byte[] body = [.. Encoding.ASCII.GetBytes(type), .. data];
            output.Write(body);
            BinaryPrimitives.WriteUInt32BigEndian(four, HostileZip.Crc32(body));
            output.Write(four);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        Chunk("IHDR", header);
        foreach (var (type, data) in extra) Chunk(type, data);
        Chunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01]);
        Chunk("IEND", []);
        return output.ToArray();
    }
}
