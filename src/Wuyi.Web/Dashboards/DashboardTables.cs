using System.Globalization;
using Wuyi.Domain.Statistics;
using Wuyi.Web.Applications;

namespace Wuyi.Web.Dashboards;

/// <summary>A cell of a figures table: its text, its number when it is one (right-aligned, a number in Excel), and a link.</summary>
public sealed record FigureCell(string Text, decimal? Number = null, string? Href = null)
{
    public static FigureCell Of(int n) => new(n.ToString(CultureInfo.InvariantCulture), n);

    public static FigureCell Of(decimal n, string format = "0.##") => new(n.ToString(format, CultureInfo.InvariantCulture), n);

    /// <summary>A rate, shown as 12.3% and kept as the fraction.</summary>
    public static FigureCell Rate(decimal? r) => new(UnitFunnel.Percent(r), r is { } x ? Math.Round(x, 4) : null);
}

/// <summary>
/// A chart's figures as a table — under the chart on the page (for screen readers and printing) and in the download:
/// one definition for both, so that the file says what the page says.
/// </summary>
public sealed record FigureTable(string Key, string Title, string Caption, IReadOnlyList<string> Header,
    IReadOnlyList<IReadOnlyList<FigureCell>> Rows, IReadOnlyList<FigureCell>? Footer = null);

/// <summary>The tables of a dashboard, in page order.</summary>
public static class DashboardTables
{
    /// <summary>Where a unit's row leads: the dashboard of a street or district, the story of a community.</summary>
    public static string Link(DivisionRef unit) => unit.Code.Length == 12 ? $"/communities/{unit.Code}/story" : $"/dashboards?within={unit.Code}";

    public static IReadOnlyList<FigureTable> Of(Dashboard d)
    {
        var level = d.Scope.ChildLevelName;
        var at = d.AsOf.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        IReadOnlyList<FigureCell> Stages(UnitFunnel f) =>
        [
            .. f.StageCounts().Select(s => FigureCell.Of(s.Count)), FigureCell.Rate(f.Participation), FigureCell.Rate(f.Coverage),
        ];
        var funnelHeader = new List<string> { level };
        funnelHeader.AddRange(d.Total.StageCounts().Select(s => s.Name));
        funnelHeader.AddRange(["申报率", "覆盖率"]);

        return
        [
            new("funnel", "创建进度", $"按{level}，截至 {at}；覆盖率 = 已认定 ÷ 社区（村）总数，每个社区（村）只计一次",
                funnelHeader,
                d.Funnel.Select(r => (IReadOnlyList<FigureCell>)[new(r.Unit.Name, null, Link(r.Unit)), .. Stages(r.Figures)]).ToList(),
                [new("合计"), .. Stages(d.Total)]),
            new("progress", "进度（按" + d.ProgressStep + "）", $"每{d.ProgressStep}提交申报、评定通过、认定和取消认定的次数（北京时间）；图中为累计数",
                [d.ProgressStep == "周" ? "周（起始日）" : "日期", "提交申报", "评定通过", "认定", "取消认定"],
                d.Progress.Select(p => (IReadOnlyList<FigureCell>)[new(p.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    FigureCell.Of(p.Submitted), FigureCell.Of(p.Approved), FigureCell.Of(p.Certified), FigureCell.Of(p.Revoked)]).ToList()),
            new("batches", "公布批次", "每批公布的本辖区社区（村）数，以及其中至今仍保持认定的",
                ["批次", "名称", "公布日期", "认定", "仍保持认定"],
                d.Batches.Select(b => (IReadOnlyList<FigureCell>)[new($"第 {b.Number} 批", b.Number, $"/public/batches/{b.Number}"), new(b.Title),
                    new(b.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), FigureCell.Of(b.Certified), FigureCell.Of(b.StillCertified)]).ToList()),
            .. (d.Indicators.Count == 0
                ? [new FigureTable("indicators", "薄弱指标", "还没有已提交的申报", ["指标", "名称", "分值", "平均失分", "未满分占比", "两级均已打分", "区级与自评不同", "平均差值"], [])]
                : Array.Empty<FigureTable>()),
            .. d.Indicators.Select((s, i) => new FigureTable(i == 0 ? "indicators" : $"indicators-{i + 1}", "薄弱指标" + (d.Indicators.Count > 1 ? $"（{s.ScaleTitle}）" : ""),
                $"{s.ScaleTitle}，{s.Applications} 份已提交的申报；失分按区级评分计，未评定的按自评计；差值 = 区级 − 自评",
                ["指标", "名称", "分值", "平均失分", "未满分占比", "两级均已打分", "区级与自评不同", "平均差值"],
                s.Indicators.Select(x => (IReadOnlyList<FigureCell>)[new(x.Code), new(x.Name), FigureCell.Of(x.Points), FigureCell.Of(x.AverageLost),
                    FigureCell.Rate(x.BelowFullShare), FigureCell.Of(x.Compared), FigureCell.Of(x.Differing), FigureCell.Of(x.AverageDifference, "+0.##;-0.##;0")]).ToList())),
            new("hotline", "12345 接诉即办", $"{d.Hotline.From:yyyy-MM-dd} 至 {d.Hotline.AsOf:yyyy-MM-dd}（评定前 {d.Hotline.WindowDays} 天）受理的涉疫诉求；扣分按现行量表规则、每个社区（村）封顶计；重新评定为历来因 12345 扣分列入的",
                [level, "涉疫诉求", "答复不及时", "回访不满意", "扣分合计", "被扣分社区（村）", "因扣分列入重新评定"],
                d.Hotline.Rows.Select(r => (IReadOnlyList<FigureCell>)[new(r.Unit.Name, null, Link(r.Unit)), FigureCell.Of(r.Epidemic), FigureCell.Of(r.Late),
                    FigureCell.Of(r.Dissatisfied), FigureCell.Of(r.Deducted), FigureCell.Of(r.CommunitiesDeducted), FigureCell.Of(r.ReEvaluations)]).ToList(),
                [new("合计"), FigureCell.Of(d.Hotline.Rows.Sum(r => r.Epidemic)), FigureCell.Of(d.Hotline.Rows.Sum(r => r.Late)),
                    FigureCell.Of(d.Hotline.Rows.Sum(r => r.Dissatisfied)), FigureCell.Of(d.Hotline.Rows.Sum(r => r.Deducted)),
                    FigureCell.Of(d.Hotline.Rows.Sum(r => r.CommunitiesDeducted)), FigureCell.Of(d.Hotline.Rows.Sum(r => r.ReEvaluations))]),
            new("vetoes", "一票否决事项（按类型）", "历来记录的否决事项；仍有效 = 未撤销且整改未验收",
                ["类型", "记录", "仍有效", "已撤销"],
                d.Vetoes.Select(v => (IReadOnlyList<FigureCell>)[new(v.Name), FigureCell.Of(v.Recorded), FigureCell.Of(v.Live), FigureCell.Of(v.Annulled)]).ToList()),
            new("ages", "待办事项账龄", "未结的整改任务（整改中、待验收）和重新评定，按已经过的天数",
                ["账龄", "整改任务", "重新评定"],
                d.Ages.Select(a => (IReadOnlyList<FigureCell>)[new(a.Band), FigureCell.Of(a.Rectifications), FigureCell.Of(a.ReEvaluations)]).ToList()),
            new("backlog", "积压与逾期", $"按{level}：等待下一步的申报、逾期未整改、待验收的整改和待重新评定的事项；最久等待按天计",
                [level, "待街道推荐", "待区级评定", "待市级备案", "整改逾期", "整改待验收", "待重新评定", "合计", "最久等待（天）"],
                d.Backlog.Select(b => (IReadOnlyList<FigureCell>)[new(b.Unit.Name, null, Link(b.Unit)), FigureCell.Of(b.AwaitingRecommendation),
                    FigureCell.Of(b.AwaitingEvaluation), FigureCell.Of(b.AwaitingFiling), FigureCell.Of(b.RectificationsOverdue),
                    FigureCell.Of(b.RectificationsToAccept), FigureCell.Of(b.ReEvaluationsOpen), FigureCell.Of(b.Total),
                    b.OldestDays is { } days ? FigureCell.Of(days) : new("—")]).ToList()),
        ];
    }
}
