using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Hotline;

/// <summary>One column of the 12345 import as the import page explains it: whether it is required, its format, an example.</summary>
public sealed record TemplateColumn(ComplaintColumn Column, string Label, string Required, string Format, string Example);

/// <summary>
/// The 12345 import template (导入模板): the columns <see cref="ComplaintText"/> reads, under the names it reads them by,
/// in the formats it accepts, with two example rows on a real community of the official's own area — one named by its
/// code, one by its street and name — that import as they are (and, not being epidemic complaints, deduct nothing).
/// </summary>
public static class ComplaintTemplate
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    public static readonly IReadOnlyList<TemplateColumn> Columns =
    [
        new(ComplaintColumn.Number, ComplaintText.Label(ComplaintColumn.Number), "必填", "12345 工单编号：字母、数字、- 和 _，最长 64 位；同一工单再次导入时按新内容更新", "2206010001"),
        new(ComplaintColumn.ReceivedAt, ComplaintText.Label(ComplaintColumn.ReceivedAt), "必填", "北京时间，年-月-日 时:分:秒（也可 2022/6/1 9:30、2022年6月1日 9:30）；不能晚于当前时间", "2022-06-01 09:30:00"),
        new(ComplaintColumn.CommunityCode, ComplaintText.Label(ComplaintColumn.CommunityCode), "二选一", "12 位社区（村）区划代码；不填时按后两列的街道与社区名称查找", "110108001001"),
        new(ComplaintColumn.Street, ComplaintText.Label(ComplaintColumn.Street), "二选一", "街道（乡镇）名称或 9 位区划代码，与社区（村）名称一起使用", "万寿路街道"),
        new(ComplaintColumn.Community, ComplaintText.Label(ComplaintColumn.Community), "二选一", "社区（村）名称，“翠微路社区居委会”“翠微路社区”“翠微路”均可", "翠微路社区"),
        new(ComplaintColumn.EpidemicRelated, ComplaintText.Label(ComplaintColumn.EpidemicRelated), "必填", "是 或 否（涉疫诉求计入 12345 扣分）", "是"),
        new(ComplaintColumn.ResponseDeadline, ComplaintText.Label(ComplaintColumn.ResponseDeadline), "必填", "北京时间，格式同受理时间；不能早于受理时间", "2022-06-02 09:30:00"),
        new(ComplaintColumn.RespondedAt, ComplaintText.Label(ComplaintColumn.RespondedAt), "选填", "北京时间，格式同受理时间；未答复的留空", "2022-06-01 15:00:00"),
        new(ComplaintColumn.FollowUp, ComplaintText.Label(ComplaintColumn.FollowUp), "选填", "满意、基本满意、不满意 或 未回访；留空即未回访", "满意"),
    ];

    public static IReadOnlyList<string> Header => [.. Columns.Select(c => c.Label)];

    /// <summary>The template file in the format asked for (.xlsx by default, or .csv), its examples on a community of the actor's area.</summary>
    public static async Task<(byte[] Bytes, string Type, string Name)?> FileAsync(WuyiDbContext db, Actor actor, TimeProvider time, string? format, CancellationToken ct) =>
        XlsxExport.Template(format, "12345诉求导入模板", "12345诉求", Header, await ExamplesAsync(db, actor, time, ct));

    private static async Task<IReadOnlyList<IReadOnlyList<string?>>> ExamplesAsync(WuyiDbContext db, Actor actor, TimeProvider time, CancellationToken ct)
    {
        var community = await db.Divisions.AsNoTracking()
            .Under(d => d.Code, actor.DivisionCode).Where(d => d.Level == DivisionLevel.Community)
            .OrderBy(d => d.Code).Select(d => new { d.Code, d.Name, d.ParentCode }).FirstOrDefaultAsync(ct);
        var (code, street, name) = community is null ? ("110108001001", "110108001", "翠微路社区") : (community.Code, community.ParentCode ?? "", community.Name);
        // Yesterday, so that no time is later than now when the file is imported; numbers that say they are examples.
        var day = ProgrammeClock.DateOf(time.GetUtcNow()).AddDays(-1);
        string At(int hour, int minute, int days = 0) =>
            day.AddDays(days).ToDateTime(new TimeOnly(hour, minute)).ToString(TimeFormat, CultureInfo.InvariantCulture);
        var stamp = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return
        [
            [$"EXAMPLE-{stamp}-1", At(9, 30), code, null, null, "否", At(9, 30, 1), At(15, 0), "满意"],
            [$"EXAMPLE-{stamp}-2", At(10, 0), null, street, name, "否", At(10, 0, 1), null, "未回访"],
        ];
    }
}
