using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Common;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;

namespace Wuyi.Web.Scales;

/// <summary>
/// The scale versions on record and their pass marks. Versions are immutable once loaded, so parsed
/// ones are cached for the life of the process; pass-mark changes are read fresh each time.
/// </summary>
public sealed class ScaleCatalog(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, ScaleVersion> _parsed = new(StringComparer.Ordinal);

    public async Task<ScaleVersion> GetAsync(WuyiDbContext db, string id, CancellationToken ct)
    {
        if (_parsed.TryGetValue(id, out var cached)) return cached;
        var record = await db.ScaleVersions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new InvalidOperationException($"量表版本 {id} 不存在");
        return _parsed.GetOrAdd(id, _ => ScaleVersion.Parse(record.Definition));
    }

    /// <summary>The version in force on a Beijing date: the latest whose effective date has come.</summary>
    public async Task<ScaleVersion> InForceAsync(WuyiDbContext db, DateOnly date, CancellationToken ct) =>
        await GetAsync(db, await InForceIdAsync(db, date, ct), ct);

    /// <summary>The id of the version in force on a Beijing date (the first on record before any is in force).</summary>
    public static async Task<string> InForceIdAsync(WuyiDbContext db, DateOnly date, CancellationToken ct) =>
        await db.ScaleVersions.AsNoTracking()
            .Where(s => s.EffectiveFrom <= date)
            .OrderByDescending(s => s.EffectiveFrom).Select(s => s.Id).FirstOrDefaultAsync(ct)
        ?? await db.ScaleVersions.AsNoTracking().OrderBy(s => s.EffectiveFrom).Select(s => s.Id).FirstOrDefaultAsync(ct)
        ?? throw new InvalidOperationException("尚未加载任何量表版本");

    /// <summary>The versions on record, oldest first, without their files.</summary>
    public static async Task<List<ScaleVersionView>> VersionsAsync(WuyiDbContext db, CancellationToken ct) =>
        await db.ScaleVersions.AsNoTracking().OrderBy(s => s.EffectiveFrom)
            .Select(s => new ScaleVersionView(s.Id, s.Name, s.EffectiveFrom, s.LoadedAtUtc)).ToListAsync(ct);

    public async Task<PassMarkSchedule> PassMarksAsync(WuyiDbContext db, ScaleVersion scale, CancellationToken ct)
    {
        var changes = await db.PassMarkChanges.AsNoTracking()
            .Where(p => p.ScaleVersionId == scale.Id)
            .Select(p => new PassMark(p.Value, p.EffectiveFrom))
            .ToListAsync(ct);
        return PassMarkSchedule.For(scale, changes);
    }

    /// <summary>
    /// Loads the scale files shipped with the app (<c>Scales/*.json</c>) that are not on record yet.
    /// A file whose version is on record with other content is refused: a published version never changes.
    /// </summary>
    public async Task LoadShippedAsync(string folder, TimeProvider time, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var text = await File.ReadAllTextAsync(path, ct);
            ScaleVersion scale;
            try
            {
                scale = ScaleVersion.Parse(text);
            }
            catch (ScaleDefinitionException ex)
            {
                throw new InvalidOperationException($"量表文件 {Path.GetFileName(path)} 无效：{string.Join("；", ex.Faults)}", ex);
            }
            var existing = await db.ScaleVersions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == scale.Id, ct);
            if (existing is null)
            {
                db.ScaleVersions.Add(new ScaleVersionRecord
                {
                    Id = scale.Id, Name = scale.Name, EffectiveFrom = scale.EffectiveFrom, Definition = text, LoadedAtUtc = time.GetUtcNow().UtcDateTime,
                });
                await db.SaveChangesAsync(ct);
            }
            else if (existing.Definition != text)
            {
                throw new InvalidOperationException(
                    $"量表版本 {scale.Id} 已在库中且内容不同：已发布的版本不能修改，请以新的版本编号发布（文件 {Path.GetFileName(path)}）");
            }
        }
    }

    public static DateOnly Today(TimeProvider time) => ProgrammeClock.DateOf(time.GetUtcNow());
}
