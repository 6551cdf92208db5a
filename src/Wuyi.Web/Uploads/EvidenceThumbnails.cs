using Microsoft.Extensions.Caching.Memory;
using SkiaSharp;

namespace Wuyi.Web.Uploads;

/// <summary>
/// The small picture a page shows for an evidence photo (缩略图): a JPEG no larger than <see cref="MaxSide"/> pixels a
/// side, made once per evidence file and kept in memory (a file never changes: it is the same picture until the process
/// ends). The full photo stays one click away (<c>inline=true</c>). A photo that cannot be made smaller (too many pixels
/// to decode safely, see <see cref="MaxPixels"/>, or a picture the decoder refuses although the upload's own check took
/// it) has no thumbnail: the endpoint then serves the photo itself.
/// </summary>
public sealed class EvidenceThumbnails : IDisposable
{
    /// <summary>The longest side of a thumbnail, in pixels: an 8rem tile at twice the screen's density, with room.</summary>
    public const int MaxSide = 320;

    /// <summary>
    /// The most pixels decoded for one thumbnail (100 MB of memory): a JPEG decodes at 1/2, 1/4 or 1/8 of its size, so a
    /// phone's photo stays far below; a PNG decodes whole, and a 20 MB PNG can hold a huge canvas.
    /// </summary>
    public const long MaxPixels = 25_000_000;

    private const int Quality = 80;

    // Thumbnails are ~10–30 KB; the cache holds at most this many bytes of them, the least used going first.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });

    /// <summary>
    /// The thumbnail of the evidence file <paramref name="id"/>, from the cache or made from <paramref name="photo"/> (read
    /// only then, not closed); null when it cannot be made.
    /// </summary>
    public async Task<byte[]?> GetAsync(Guid id, Stream photo, CancellationToken ct)
    {
        if (cache.TryGetValue(id, out byte[]? cached)) return cached;
        using var buffer = new MemoryStream();
        await photo.CopyToAsync(buffer, ct);
        var thumbnail = Make(buffer.ToArray());
        if (thumbnail is not null) cache.Set(id, thumbnail, new MemoryCacheEntryOptions { Size = thumbnail.Length });
        return thumbnail;
    }

    /// <summary>A JPEG of at most <see cref="MaxSide"/> a side, on white (a PNG's transparent parts), or null.</summary>
    public static byte[]? Make(byte[] photo)
    {
        using var data = SKData.CreateCopy(photo);
        using var codec = SKCodec.Create(data);
        if (codec is null) return null;
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) return null;

        // A JPEG decodes straight at a fraction of its size (1/2, 1/4, 1/8) when that is still at least the thumbnail's.
        var scale = Math.Min(1f, Math.Min((float)MaxSide / width, (float)MaxSide / height));
        var decoded = codec.GetScaledDimensions(scale);
        if (decoded.Width < (int)(width * scale) || decoded.Height < (int)(height * scale)) decoded = codec.Info.Size;
        if ((long)decoded.Width * decoded.Height > MaxPixels) return null;
        using var bitmap = new SKBitmap(new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return null;

        var fit = Math.Min(1d, Math.Min((double)MaxSide / decoded.Width, (double)MaxSide / decoded.Height));
        var size = new SKSizeI(Math.Max(1, (int)Math.Round(decoded.Width * fit)), Math.Max(1, (int)Math.Round(decoded.Height * fit)));
        using var surface = SKSurface.Create(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (surface is null) return null;
        surface.Canvas.Clear(SKColors.White);
        using (var image = SKImage.FromBitmap(bitmap))
            surface.Canvas.DrawImage(image, new SKRect(0, 0, size.Width, size.Height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, Quality);
        return jpeg?.ToArray();
    }

    public void Dispose() => cache.Dispose();
}
