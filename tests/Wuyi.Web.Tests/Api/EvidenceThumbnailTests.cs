using System.Buffers.Binary;
using System.Text;
using SkiaSharp;
using Wuyi.Web.Tests.Hotline;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Tests.Api;

/// <summary>Thumbnails of evidence photos (缩略图), made without the app: bounded, proportional, and never a huge decode.</summary>
public sealed class EvidenceThumbnailTests
{
    [Fact]
    public void APortraitPhoto_FitsTheBound_InItsProportions()
    {
        using var bitmap = new SKBitmap(600, 1000);
        bitmap.Erase(SKColors.SteelBlue);
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);

        var thumbnail = EvidenceThumbnails.Make(png.ToArray());

        using var decoded = SKBitmap.Decode(thumbnail.ShouldNotBeNull());
        (decoded.Width, decoded.Height).ShouldBe((192, EvidenceThumbnails.MaxSide));
    }

    [Fact]
    public void ASmallPhoto_IsNotEnlarged()
    {
        using var bitmap = new SKBitmap(40, 30);
        bitmap.Erase(SKColors.White);
        using var image = SKImage.FromBitmap(bitmap);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 90);

        using var decoded = SKBitmap.Decode(EvidenceThumbnails.Make(jpeg.ToArray()).ShouldNotBeNull());
        (decoded.Width, decoded.Height).ShouldBe((40, 30));
    }

    [Fact]
    public void APngThatClaimsAHugeCanvas_HasNoThumbnail_AndIsNotDecoded()
    {
        // 20,000 × 20,000 pixels claimed by a file of a few bytes: decoding it would take 1.6 GB.
        EvidenceThumbnails.Make(Png(20_000, 20_000)).ShouldBeNull();
    }

    [Fact]
    public void WhatIsNotAPicture_HasNoThumbnail() => EvidenceThumbnails.Make("%PDF-1.7\n"u8.ToArray()).ShouldBeNull();

    private static byte[] Png(int width, int height)
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
        Chunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01]);
        Chunk("IEND", []);
        return output.ToArray();
    }
}
