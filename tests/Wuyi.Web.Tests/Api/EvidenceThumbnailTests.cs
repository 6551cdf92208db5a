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

    private static byte[] Png(int width, int height) => Pngs.Make(width, height);
}
