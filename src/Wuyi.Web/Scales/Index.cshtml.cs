using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Scales;

/// <summary>
/// 量表版本 (city): the versions on record, each downloadable as its file; a new version is published by uploading
/// its file (the current one edited: new id, new effective date). A version on record never changes.
/// </summary>
[AuthorizeFor(Permission.PublishScale)]
public sealed class IndexModel(WuyiDbContext db, ScalePublishing publishing, TimeProvider time) : StepPageModel
{
    private const int MaxBytes = 1 << 20;

    [BindProperty] public IFormFile? Definition { get; set; }

    public IReadOnlyList<ScaleVersionView> Versions { get; private set; } = [];

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["definition"] = nameof(Definition),
        ["effectiveFrom"] = nameof(Definition),
    };

    public async Task OnGetAsync(CancellationToken ct) => Versions = await LoadAsync(ct);

    /// <summary>A version's file; without an id, the version in force today (the usual starting point of a new one).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string? id, CancellationToken ct)
    {
        id ??= await ScaleCatalog.InForceIdAsync(db, Wuyi.Domain.Common.ProgrammeClock.DateOf(time.GetUtcNow()), ct);
        var version = await db.ScaleVersions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return version is null ? NotFound() : File(Encoding.UTF8.GetBytes(version.Definition), "application/json; charset=utf-8", $"{version.Id}.json");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        string? text = null;
        if (Definition is null || Definition.Length == 0) ModelState.AddModelError(nameof(Definition), "请选择量表文件（.json）");
        else if (Definition.Length > MaxBytes) ModelState.AddModelError(nameof(Definition), "量表文件不能超过 1 MB");
        else
        {
            using var reader = new StreamReader(Definition.OpenReadStream(), Encoding.UTF8);
            text = await reader.ReadToEndAsync(ct);
        }
        var queued = 0;
        return await StepAsync(async () =>
            {
                (var record, queued) = await publishing.PublishScaleAsync(Actor, text, ct);
                TempData["Flash"] = $"已发布量表“{record.Name}”（{record.Id}），自 {record.EffectiveFrom:yyyy-MM-dd} 起施行；" +
                                    $"{queued} 个已认定社区（村）按新量表不达标或需重新评定，已列入重新评定";
            }, "", () => Redirect("/scales"));
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        Versions = await LoadAsync(ct);
        return Page();
    }

    private async Task<List<ScaleVersionView>> LoadAsync(CancellationToken ct) =>
        (await ScaleCatalog.VersionsAsync(db, ct)).AsEnumerable().Reverse().ToList(); // newest first
}
