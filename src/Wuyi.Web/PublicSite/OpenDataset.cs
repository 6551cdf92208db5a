using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wuyi.Domain.Common;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.PublicSite;

/// <summary>The formats the open dataset is published in.</summary>
public enum DatasetFormat
{
    Json,
    Csv,
    Xlsx,
}

/// <summary>One file of the dataset: its bytes, media type, extension and SHA-256 (lower-case hex), which the page publishes.</summary>
public sealed record DatasetFile(byte[] Bytes, string Type, string Extension, string Sha256)
{
    public static DatasetFile Of(byte[] bytes, DatasetFormat format)
    {
        var (type, extension) = OpenDataset.Describe(format);
        return new(bytes, type, extension, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}

/// <summary>
/// The dataset's JSON (数据集 JSON 格式): a stable envelope around the rows. Each row is an object keyed by the schema's field
/// names (<see cref="OpenDataset.Fields"/>), in the schema's order.
/// </summary>
/// <param name="Dataset">The dataset's identifier, <c>certified-communities</c>.</param>
/// <param name="SchemaVersion">The version of the field list the rows follow (<see cref="OpenDataset.SchemaVersion"/>).</param>
/// <param name="Date">The day the list is of, Beijing time: a snapshot's day (the list at its end), or today for the current list.</param>
/// <param name="Snapshot">Whether this is a daily snapshot (frozen) rather than the list as it stands.</param>
/// <param name="GeneratedAt">When the file was made, Beijing time.</param>
public sealed record DatasetDocument(string Dataset, string Title, string Publisher, int SchemaVersion, DateOnly Date, bool Snapshot,
    DateTimeOffset GeneratedAt, int Count, IReadOnlyList<Dictionary<string, object?>> Rows);

/// <summary>
/// 开放数据: the certified list (认定名单) as a dataset anyone may take away and re-use — CSV (UTF-8 with a BOM), .xlsx and
/// JSON, all three written from one column definition (<see cref="PublicExport"/>'s certified columns, headed by their field
/// names), so that the formats and the page's own export never disagree (docs/decisions/0014-open-data.md).
/// </summary>
public static class OpenDataset
{
    public const string Id = "certified-communities";

    /// <summary>
    /// The schema's version: within a version no field is renamed, dropped, reordered or given another type. Any such change
    /// is a new version; snapshots keep the version they were taken with.
    /// </summary>
    public const int SchemaVersion = 1;

    public const string JsonType = "application/json; charset=utf-8";

    /// <summary>The certified list's columns headed by their stable field names: the one table the three formats are written from.</summary>
    public static TableExport<CertifiedCommunity> Table { get; } = PublicExport.Certified.AsDataset("开放数据：认定名单", "certified");

    /// <summary>The published schema, in column order.</summary>
    public static IEnumerable<(DatasetField Field, string Meaning, CellKind Kind)> Fields =>
        PublicExport.Certified.Columns.Where(c => c.Field is not null).Select(c => (c.Field!, c.Header, c.Kind));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // Chinese as text, not \u escapes
    };

    /// <summary>The format a request names (<c>json</c>, the default, <c>csv</c> or <c>xlsx</c>), or a refusal (400 export-format-invalid).</summary>
    public static DatasetFormat FormatOf(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "json" => DatasetFormat.Json,
        "csv" => DatasetFormat.Csv,
        "xlsx" => DatasetFormat.Xlsx,
        _ => throw DomainException.Invalid("export-format-invalid", $"不支持的数据格式“{format}”，请选择 json、csv 或 xlsx",
            new Dictionary<string, string[]> { ["format"] = ["请选择 json、csv 或 xlsx"] }),
    };

    public static string Name(DatasetFormat format) => format.ToString().ToLowerInvariant();

    public static (string Type, string Extension) Describe(DatasetFormat format) => format switch
    {
        DatasetFormat.Csv => (TableWriter.CsvType, ".csv"),
        DatasetFormat.Xlsx => (TableWriter.XlsxType, ".xlsx"),
        _ => (JsonType, ".json"),
    };

    /// <summary>The file name people save: 无疫社区（村）认定名单-2022-06-18.csv, or without the day for the current list.</summary>
    public static string FileName(DateOnly? snapshot, DatasetFormat format) =>
        "无疫社区（村）认定名单" + (snapshot is { } d ? "-" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "") + Describe(format).Extension;

    /// <summary>The rows written as one file of the dataset.</summary>
    public static async Task<DatasetFile> WriteAsync(DatasetFormat format, IReadOnlyList<CertifiedCommunity> rows, DateOnly date, bool snapshot,
        DateTimeOffset generatedAt, string city, CancellationToken ct)
    {
        using var output = new MemoryStream();
        if (format == DatasetFormat.Json)
            await JsonSerializer.SerializeAsync(output, Document(rows, date, snapshot, generatedAt, city), Json, ct);
        else
            await Table.WriteAsync(output, format == DatasetFormat.Csv ? ExportFormat.Csv : ExportFormat.Xlsx, Exports.From(rows), ct);
        return DatasetFile.Of(output.ToArray(), format);
    }

    private static DatasetDocument Document(IReadOnlyList<CertifiedCommunity> rows, DateOnly date, bool snapshot, DateTimeOffset generatedAt, string city) =>
        new(Id, $"{city}无疫社区（村）认定名单", Publisher(city), SchemaVersion, date, snapshot, generatedAt.ToOffset(ProgrammeClock.Offset), rows.Count,
            [.. rows.Select(row => Table.Columns.ToDictionary(c => c.Header, c => c.Value(row)))]);

    /// <summary>Who publishes the list: the body that signs the batches and issues the certificates.</summary>
    public static string Publisher(string city) => IssuingBody.CommunityPreventionGroup(city);
}
