using System.Buffers.Binary;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using Wuyi.Domain.Common;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Uploads;

/// <summary>The kinds of file a rectification's evidence may be (整改佐证材料).</summary>
public enum EvidenceKind { Jpeg = 1, Png = 2, Pdf = 3, Xlsx = 4, Csv = 5 }

/// <summary>
/// Tells what an uploaded file is by its content (magic bytes, then a parse), never by its name or the type the
/// browser claims, and returns the bytes to store: photos without their metadata (EXIF with the place and the
/// phone that took them, comments, embedded text), everything else as it came.
/// </summary>
public static class EvidenceContent
{
    public static (EvidenceKind Kind, byte[] Bytes) Check(byte[] file)
    {
        ReadOnlySpan<byte> s = file;
        if (s.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return (EvidenceKind.Jpeg, StripJpeg(file));
        if (s.StartsWith(PngSignature)) return (EvidenceKind.Png, StripPng(file));
        if (s.StartsWith("%PDF-"u8)) return (EvidenceKind.Pdf, CheckPdf(file));
        if (s.StartsWith("PK\x03\x04"u8)) return (EvidenceKind.Xlsx, CheckXlsx(file));
        return (EvidenceKind.Csv, CheckCsv(file));
    }

    public static string ContentType(EvidenceKind kind) => kind switch
    {
        EvidenceKind.Jpeg => "image/jpeg",
        EvidenceKind.Png => "image/png",
        EvidenceKind.Pdf => "application/pdf",
        EvidenceKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/csv",
    };

    /// <summary>A photo, which a page may show (as a thumbnail) rather than only offer for download.</summary>
    public static bool IsImage(EvidenceKind kind) => kind is EvidenceKind.Jpeg or EvidenceKind.Png;

    public static string Extension(EvidenceKind kind) => kind switch
    {
        EvidenceKind.Jpeg => ".jpg",
        EvidenceKind.Png => ".png",
        EvidenceKind.Pdf => ".pdf",
        EvidenceKind.Xlsx => ".xlsx",
        _ => ".csv",
    };

    internal static DomainException Invalid(string reason) =>
        DomainException.Invalid("evidence-file-invalid", reason, new Dictionary<string, string[]> { ["file"] = [reason] });

    private const string Accepted = "只接受 JPEG、PNG 图片，PDF 文件，以及 .xlsx、.csv 表格";

    /// <summary>
    /// Walks the JPEG's segments up to the image data and drops APP1..APP15 (EXIF, XMP, ICC, maker notes) and comments;
    /// APP0 (JFIF) and APP14 (Adobe: how the colours are stored) are kept, as is the image itself.
    /// </summary>
    private static byte[] StripJpeg(byte[] file)
    {
        using var output = new MemoryStream(file.Length);
        output.Write(file, 0, 2); // SOI
        var at = 2;
        var frame = false;
        while (true)
        {
            if (at + 4 > file.Length || file[at] != 0xFF) throw Invalid("JPEG 图片已损坏，无法读取");
            var marker = file[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            var length = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at + 2));
            if (length < 2 || at + 2 + length > file.Length) throw Invalid("JPEG 图片已损坏，无法读取");
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC)) frame = true;
            if (marker == 0xDA) // start of scan: the rest is image data, copied as it is (with any segment between the scans of a progressive JPEG)
            {
                if (!frame || file.Length < 2 || file[^2] != 0xFF || file[^1] != 0xD9) throw Invalid("JPEG 图片不完整，无法读取");
                output.Write(file, at, file.Length - at);
                return output.ToArray();
            }
            var metadata = marker is (>= 0xE1 and <= 0xEF) and not 0xEE || marker == 0xFE;
            if (!metadata) output.Write(file, at, 2 + length);
            at += 2 + length;
        }
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>What a PNG needs to be drawn as it was; text, EXIF, times and anything unknown are dropped.</summary>
    private static readonly HashSet<string> PngKept = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "pHYs", "bKGD"];

    private static byte[] StripPng(byte[] file)
    {
        using var output = new MemoryStream(file.Length);
        output.Write(PngSignature);
        var at = PngSignature.Length;
        var first = true;
        while (true)
        {
            if (at + 12 > file.Length) throw Invalid("PNG 图片不完整，无法读取");
            var length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            if (length > int.MaxValue || at + 12L + length > file.Length) throw Invalid("PNG 图片已损坏，无法读取");
            var chunk = file.AsSpan(at, 12 + (int)length);
            var type = System.Text.Encoding.ASCII.GetString(chunk.Slice(4, 4));
            if (Crc32(chunk[4..^4]) != BinaryPrimitives.ReadUInt32BigEndian(chunk[^4..])) throw Invalid("PNG 图片已损坏（校验和不符），无法读取");
            if (first && (type != "IHDR" || length != 13)) throw Invalid("PNG 图片已损坏，无法读取");
            first = false;
            if (PngKept.Contains(type)) output.Write(chunk);
            else if (char.IsAsciiLetterUpper(type[0])) throw Invalid("PNG 图片含有无法识别的关键数据块，无法读取");
            at += chunk.Length;
            if (type == "IEND") return output.ToArray();
        }
    }

    private static byte[] CheckPdf(byte[] file)
    {
        ReadOnlySpan<byte> s = file;
        var tail = s[Math.Max(0, s.Length - 2048)..];
        if (s.Length < 16 || s[5] is < (byte)'1' or > (byte)'2' || s[6] != '.' || tail.IndexOf("%%EOF"u8) < 0 || tail.IndexOf("startxref"u8) < 0)
            throw Invalid("PDF 文件不完整或已损坏，无法读取");
        return file;
    }

    private static byte[] CheckXlsx(byte[] file)
    {
        using var stream = new MemoryStream(file, writable: false);
        try
        {
            // A workbook of evidence (a duty roster, a checklist) is small: 1,000 parts and 200 MB unpacked at most;
            // the inflate ratio and DTDs are checked as for the hotline's exports.
            ComplaintFile.CheckZip(stream, maxUnpackedBytes: 200L << 20, maxEntries: 1_000);
            using var document = SpreadsheetDocument.Open(stream, false);
            if (document.WorkbookPart?.Workbook?.Sheets is null) throw Invalid(".xlsx 文件中没有工作表");
        }
        catch (ImportFileException ex)
        {
            throw Invalid(ex.Message);
        }
        catch (Exception ex) when (ex is not (DomainException or OperationCanceledException or OutOfMemoryException))
        {
            throw Invalid("无法打开该 .xlsx 文件：文件已损坏或不是 Excel 表格");
        }
        return file;
    }

    /// <summary>
    /// A CSV is text (UTF-8 or GB18030, no NUL) that parses as CSV; anything else is not a file we take. It is stored
    /// as the app writes its own exports (<see cref="CsvExport"/>): UTF-8, every cell quoted, a cell that begins like
    /// a formula neutralised, so that a reviewer who opens it in Excel runs nothing (<c>=cmd|' /C calc'!A0</c>).
    /// </summary>
    private static byte[] CheckCsv(byte[] file)
    {
        var records = new List<string[]>();
        using var stream = new MemoryStream(file, writable: false);
        try
        {
            var encoding = ComplaintFile.SniffEncoding(stream);
            var options = new CsvReaderOptions
            {
                HasHeader = false, Encoding = encoding.CodePage == System.Text.Encoding.UTF8.CodePage ? null : encoding,
                MaxRecordSize = ComplaintFile.MaxRecordBytes, MalformedData = CsvMalformedDataHandling.Throw,
            };
            using var csv = CsvReader.Create(stream, options, leaveOpen: true);
            while (csv.Read()) records.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
            if (records.Count == 0) throw Invalid("文件是空的");
        }
        catch (Exception ex) when (ex is ImportFileException or CsvFormatException)
        {
            throw Invalid($"无法识别该文件：{Accepted}");
        }
        return CsvExport.Build(records[0], records.Skip(1));
    }

    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    })];

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }
}
