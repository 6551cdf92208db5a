using System.Security.Cryptography;
using Wuyi.Domain.Common;

namespace Wuyi.Web.Hotline;

/// <summary>
/// An uploaded file copied to a private temporary file (deleted when disposed), with its SHA-256 and length, so
/// that it is read from disk and not held in memory, and an XLSX can be opened (zip needs to seek).
/// </summary>
public sealed class Upload : IAsyncDisposable
{
    /// <summary>A month of Beijing's hotline export is a few MB; a year of the whole city stays well under this.</summary>
    public const long MaxBytes = 200L * 1024 * 1024;

    private Upload(FileStream file, string sha256, long length, string? fileName)
    {
        File = file;
        Sha256 = sha256;
        Length = length;
        FileName = fileName;
    }

    public FileStream File { get; }
    public string Sha256 { get; }
    public long Length { get; }
    public string? FileName { get; }

    public static async Task<Upload> BufferAsync(Stream source, string? fileName, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"wuyi-upload-{Guid.NewGuid():N}");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            long length = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                length += read;
                if (length > MaxBytes) throw TooLarge();
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            if (length == 0) throw DomainException.Invalid("hotline-file-invalid", "文件是空的", Field("文件是空的"));
            await file.FlushAsync(ct);
            file.Position = 0;
            return new Upload(file, Convert.ToHexStringLower(hash.GetHashAndReset()), length, Clean(fileName));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>The types a file may be sent as the whole body (besides a multipart form's file part).</summary>
    public static readonly string[] BodyTypes = ["text/csv", "application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];

    /// <summary>
    /// The request's file: the first file part of a multipart form, or the whole body (text/csv, an XLSX type, or
    /// octet-stream) with its name in <c>?fileName=</c>. Read as a stream, never buffered in memory.
    /// </summary>
    public static Task<Upload> FromRequestAsync(HttpContext http, CancellationToken ct) =>
        Infrastructure.RequestFile.ReadAsync(http, MaxBytes + (1 << 20), (body, name) => BufferAsync(body, name, ct), TooLarge,
            () => DomainException.Invalid("hotline-file-invalid", "表单中没有文件：请选择 12345 导出的 .xlsx 或 .csv 文件", Field("请选择文件")));

    private static DomainException TooLarge() =>
        DomainException.Invalid("hotline-file-too-large", $"文件超过 {MaxBytes / (1024 * 1024)} MB 的上限，请按月份分开导出后分别导入", Field("文件过大"));

    private static Dictionary<string, string[]> Field(string message) => new() { ["file"] = [message] };

    private static string? Clean(string? name)
    {
        var n = Infrastructure.RequestFile.SafeName(name);
        return string.IsNullOrWhiteSpace(n) ? null : n.Length <= 200 ? n : n[..200];
    }

    public ValueTask DisposeAsync() => File.DisposeAsync();
}
