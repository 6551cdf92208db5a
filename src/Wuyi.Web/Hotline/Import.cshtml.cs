using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Hotline;

/// <summary>
/// 导入12345诉求: a city or district official uploads the hotline's export. By default a file with any bad row imports
/// nothing and lists every bad row; ticking "只导入有效行" imports exactly the valid ones and keeps the list on record.
/// </summary>
[AuthorizeFor(Permission.ImportHotline)]
[RequestSizeLimit(Upload.MaxBytes + (1 << 20))]
[RequestFormLimits(MultipartBodyLengthLimit = Upload.MaxBytes + (1 << 20))]
public sealed class ImportModel(HotlineImporter importer, HotlineQueries queries, Data.WuyiDbContext db, TimeProvider time) : StepPageModel
{
    public const int RejectionsShown = 200;

    [BindProperty] public IFormFile? Spreadsheet { get; set; }
    [BindProperty] public bool SkipInvalid { get; set; }

    public ImportReport? Report { get; private set; }
    public Paged<ImportView> Recent { get; private set; } = null!;

    /// <summary>A refused file is told beside the file input.</summary>
    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string> { [Message] = nameof(Spreadsheet) };

    public async Task OnGetAsync(CancellationToken ct) => Recent = await queries.ImportsAsync(Actor, 1, 10, ct);

    /// <summary>The template: the columns the import reads, two example rows on a community of the official's area.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(string? format, CancellationToken ct) =>
        await ComplaintTemplate.FileAsync(db, Actor, time, format, ct) is var (bytes, type, name) ? File(bytes, type, name) : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Spreadsheet is null || Spreadsheet.Length == 0)
            ModelState.AddModelError(nameof(Spreadsheet), "请选择 12345 系统导出的 .xlsx 或 .csv 文件");
        else
        {
            await using var upload = await Upload.BufferAsync(Spreadsheet.OpenReadStream(), Spreadsheet.FileName, ct);
            Report = await HotlineApi.Guard(() => importer.ImportFileAsync(Actor, upload.File, upload.FileName, upload.Sha256, SkipInvalid, ct));
        }
        if (Report is { Imported: true } done)
        {
            TempData["Flash"] = $"已导入 {done.FileName}：新增 {done.Inserted} 条，更新 {done.Updated} 条，未变 {done.Unchanged} 条" +
                                (done.Rejected > 0 ? $"，{done.Rejected} 行有问题未导入" : "") +
                                (done.ReEvaluationsQueued > 0 ? $"；{done.ReEvaluationsQueued} 个已认定社区（村）因扣分低于达标线，已列入重新评定" : "");
            return Redirect($"/hotline/imports/{done.ImportId}");
        }
        return await ReshowAsync(ct);
    }

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        Recent = await queries.ImportsAsync(Actor, 1, 10, ct);
        return Page();
    }
}
