using Wuyi.Domain.Common;

namespace Wuyi.Domain.Dynamic;

/// <summary>
/// The words of each notice (通知书), composed once when it is issued and then stored: what happened (the facts it cites),
/// what is decided, and what follows — the deadline, how to report, when the community may apply again. One line per
/// paragraph: a line break inside Chinese text prints as a space.
/// </summary>
public static class NoticeWriter
{
    public static NoticeText Compose(NoticeDraft draft, string number, NoticeParties to, DateOnly on, IReadOnlyDictionary<NoticeKind, string> numbers)
    {
        var you = "你" + to.KindName;
        var (items, paragraphs) = draft switch
        {
            RevocationDraft d => ([], Revocation(d, you, to, on, numbers.GetValueOrDefault(NoticeKind.Rectification))),
            RectificationDraft d => (d.Matters.Select(Sentence).ToList(), Rectification(d, you, to)),
            AcceptanceDraft d => ([Sentence(d.Matters)], Acceptance(d, you, to)),
            ReturnDraft d => ([], Return(d, you)),
            AppealDecisionDraft d => (d.Follows.Select(Sentence).ToList(), AppealDecision(d, you)),
            _ => throw new ArgumentOutOfRangeException(nameof(draft)),
        };
        return new NoticeText(Notice.Name(draft.Kind), number, to.Addressee, paragraphs, items, to.Issuer, on);
    }

    private static List<string> Revocation(RevocationDraft d, string you, NoticeParties to, DateOnly on, string? rectificationNotice)
    {
        var paragraphs = new List<string>
        {
            $"{you}于{FormalDate.Of(d.CertifiedOn)}经{to.Programme}认定为无疫{to.KindName}（第 {d.BatchNumber} 批，证书编号：{d.CertificateNumber}）。",
        };
        if (d.Veto is { } v)
        {
            var document = string.IsNullOrWhiteSpace(v.DocumentReference) ? "" : $"，{v.DocumentReference}";
            paragraphs.Add($"{FormalDate.Of(v.OccurredOn)}，{you}发生“{v.KindName}”情形（{v.Source}{document}）：{Sentence(v.Description)}。"
                           + "依据创建活动关于一票否决的规定，出现该情形的，取消认定。");
        }
        else if (d.ReEvaluation is { } r)
        {
            var reasons = r.Reasons.Count == 0 ? "" : $"{string.Join("；", r.Reasons.Select(Sentence))}，";
            paragraphs.Add($"经重新评定（{r.CauseName}），{reasons}未达到无疫{to.KindName}标准。评定意见：{Sentence(r.Comment)}。");
        }
        paragraphs.Add($"经研究，决定自{FormalDate.Of(on)}起取消{you}的无疫{to.KindName}认定，原认定证书（{d.CertificateNumber}）同时作废，"
                       + "并从公布名单中移除。");
        var notice = rectificationNotice is null ? "整改通知书" : $"整改通知书（{rectificationNotice}）";
        paragraphs.Add($"请{you}按照{notice}的要求，于{FormalDate.Of(d.RectificationDeadline)}前完成整改并报告整改情况。"
                       + $"整改验收合格后，{you}可重新自评申报。");
        return paragraphs;
    }

    private static List<string> Rectification(RectificationDraft d, string you, NoticeParties to)
    {
        var paragraphs = new List<string>
        {
            d.Earlier is null
                ? $"根据{to.Programme}动态管理的要求，{you}存在以下问题，须立即整改："
                : $"根据{to.Programme}动态管理的要求，{you}新增以下问题，并入正在进行的整改一并整改：",
        };
        if (d.Earlier is { } earlier) paragraphs.Add($"原整改事项：{Sentence(earlier)}。");
        paragraphs.Add($"整改期限：{FormalDate.Of(d.Until)}前。");
        paragraphs.Add($"整改完成后，请登录无疫社区（村）创建平台，在“整改任务”中如实报告整改情况，可附照片等佐证材料，由区社区防控组组织验收。"
                       + $"整改验收合格前，{you}不得重新申报。");
        return paragraphs;
    }

    private static List<string> Acceptance(AcceptanceDraft d, string you, NoticeParties to)
    {
        var reported = d.ReportedOn is { } r ? $"于{FormalDate.Of(r)}" : "";
        var paragraphs = new List<string> { $"{you}{reported}报告的整改情况已收悉。经验收，以下整改事项已整改到位，验收合格：" };
        if (d.Comment is { } comment) paragraphs.Add($"验收意见：{Sentence(comment)}。");
        var cleared = d.VetoesCleared > 0 ? $"相关一票否决事项（{d.VetoesCleared} 项）随之消除。" : "";
        paragraphs.Add($"{cleared}{you}可重新开展自评，自愿申报无疫{to.KindName}。请继续落实各项防控措施，巩固整改成果。");
        return paragraphs;
    }

    private static List<string> Return(ReturnDraft d, string you)
    {
        var reported = d.ReportedOn is { } r ? $"于{FormalDate.Of(r)}" : "";
        return
        [
            $"{you}{reported}报告的整改情况已收悉。经验收，整改尚未到位，现予退回（第 {d.Return} 次）。整改事项：{Sentence(d.Matters)}。",
            $"退回理由：{Sentence(d.Reason)}。",
            $"请{you}继续整改，于{FormalDate.Of(d.Until)}前在无疫社区（村）创建平台重新报告整改情况。",
        ];
    }

    private static List<string> AppealDecision(AppealDecisionDraft d, string you) =>
    [
        $"{you}于{FormalDate.Of(d.FiledOn)}对“{Sentence(d.Label)}”（{d.SubjectName}）提出的申诉已收悉。经复核，"
        + (d.Upheld ? "申诉成立，决定如下：" : "申诉理由不成立，予以驳回："),
        $"复核意见：{Sentence(d.Reasons)}。",
        "本决定自作出之日起生效。",
    ];

    /// <summary>A text the notice ends with its own 。: without the one the writer may have typed.</summary>
    private static string Sentence(string text) => text.Trim().TrimEnd('。', '；', ';', '，', ',', '.').Trim();
}
