using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Scales;

/// <summary>
/// The city's changes to the rules: a new pass mark (调整达标分数线) or a new scale version (发布新版量表), each from a
/// date no earlier than today, so that no decision already made is judged again under it. Past decisions keep the
/// explanation they were made on; standing titles are judged again as they will stand on the day the change takes effect.
/// </summary>
public static class RuleChanges
{
    /// <summary>
    /// A new pass mark for <paramref name="scale"/> from <paramref name="effectiveFrom"/> on: within the scale's total, with
    /// a reason, and no second change of the same scale on the same date (<paramref name="datesOnRecord"/>).
    /// </summary>
    public static PassMarkChanged ChangePassMark(Actor actor, ScaleVersion scale, IReadOnlyCollection<DateOnly> datesOnRecord,
        decimal value, DateOnly effectiveFrom, string? reason, DateTimeOffset now)
    {
        Permissions.Require(actor, Permission.ChangePassMark);
        var mark = PassMarkSchedule.RequireValidChange(value, effectiveFrom, ProgrammeClock.DateOf(now), scale.Total);
        var text = TextLimits.PassMarkReason.Required(reason, "请填写调整理由");
        if (datesOnRecord.Contains(effectiveFrom))
            throw DomainException.Conflict("pass-mark-duplicate-date", $"{effectiveFrom:yyyy-MM-dd} 已有一条达标分数线调整");
        var id = Guid.CreateVersion7(now);
        var recorded = ProgrammeEvent.Of(ProgrammeEventKind.PassMarkChanged, null, actor, now,
            $"量表“{scale.Name}”的达标分数线自 {effectiveFrom:yyyy-MM-dd} 起调整为 {ScaleVersion.Format(value)} 分：{text}", id);
        return new PassMarkChanged(id, scale, mark, text, JudgedAsOf(effectiveFrom, now), recorded);
    }

    /// <summary>
    /// A new scale version from its file: valid, effective from today or later, under a version id not on record
    /// (<paramref name="versionsOnRecord"/>): a published version never changes.
    /// </summary>
    public static ScalePublished PublishScale(Actor actor, string? definition, IReadOnlyCollection<string> versionsOnRecord, DateTimeOffset now)
    {
        Permissions.Require(actor, Permission.PublishScale);
        ScaleVersion scale;
        try
        {
            scale = ScaleVersion.Parse(definition ?? "");
        }
        catch (ScaleDefinitionException ex)
        {
            throw DomainException.Invalid("scale-invalid", ex.Message, new Dictionary<string, string[]> { ["definition"] = [.. ex.Faults] });
        }
        if (scale.EffectiveFrom < ProgrammeClock.DateOf(now))
            throw DomainException.Invalid("scale-effective-past", "新版量表的生效日期不能早于今天：已作出的评定不受新版量表影响",
                new Dictionary<string, string[]> { ["effectiveFrom"] = ["生效日期不能早于今天"] });
        if (versionsOnRecord.Contains(scale.Id))
            throw DomainException.Conflict("scale-exists", $"量表版本 {scale.Id} 已存在：已发布的版本不能修改，请使用新的版本编号");
        var recorded = ProgrammeEvent.Of(ProgrammeEventKind.ScalePublished, null, actor, now,
            $"发布量表“{scale.Name}”（{scale.Id}），自 {scale.EffectiveFrom:yyyy-MM-dd} 起施行，达标分数线 {ScaleVersion.Format(scale.PassMark)} 分");
        return new ScalePublished(scale, definition!, JudgedAsOf(scale.EffectiveFrom, now), recorded);
    }

    /// <summary>A change is judged as things will stand on the day it takes effect (now, if that is today).</summary>
    private static DateTimeOffset JudgedAsOf(DateOnly effectiveFrom, DateTimeOffset now) =>
        effectiveFrom > ProgrammeClock.DateOf(now) ? ProgrammeClock.StartOf(effectiveFrom) : now;
}

/// <summary>A pass-mark change the city made, checked; <see cref="Recorded"/> is its entry in the programme's history.</summary>
public sealed record PassMarkChanged(Guid Id, ScaleVersion Scale, PassMark Mark, string Reason, DateTimeOffset JudgedAsOf, ProgrammeEvent Recorded)
{
    /// <summary>
    /// Why a standing title of this scale, certified on <paramref name="certifyingScores"/>, will fall below the new
    /// mark; null while it still passes. <paramref name="passMarks"/> is the scale's schedule before the change.
    /// </summary>
    public Finding? Recheck(PassMarkSchedule passMarks, string communityCode, IReadOnlyDictionary<string, decimal> certifyingScores,
        IReadOnlyCollection<HotlineComplaint> complaints)
    {
        var schedule = new PassMarkSchedule(passMarks.Marks.Where(m => m.EffectiveFrom != Mark.EffectiveFrom).Append(Mark));
        var e = DynamicRules.Recheck(Scale, schedule, communityCode, certifyingScores, complaints, JudgedAsOf);
        return e.Passes || !e.FailureReasons.Contains(FailureReason.BelowPassMark) ? null
            : new(e, $"达标分数线自 {Mark.EffectiveFrom:yyyy-MM-dd} 起调整为 {ScaleVersion.Format(Mark.Value)} 分，按认定时的区级评分计总分 {ScaleVersion.Format(e.Total)} 分，将低于新达标线");
    }

    /// <summary>What the change will do and did: the mark against <paramref name="current"/>, and the titles it fails.</summary>
    public StepConsequences Describe(decimal current, int failing)
    {
        var change = Mark.Value > current ? "提高到" : Mark.Value < current ? "降低到" : "仍为";
        var what = $"“{Scale.Name}”的达标线自 {Said.Date(Mark.EffectiveFrom)} 起{change} {ScaleVersion.Format(Mark.Value)} 分（现为 {ScaleVersion.Format(current)} 分）";
        return new($"达标线{change} {ScaleVersion.Format(Mark.Value)} 分：{failing} 个已认定社区（村）将进入重新评定。{what}",
            $"已调整达标线：{what}；{failing} 个已认定社区（村）按新达标线不达标，已列入所在区的重新评定");
    }
}

/// <summary>A scale version the city published, checked, with its file as sent; <see cref="Recorded"/> is its history entry.</summary>
public sealed record ScalePublished(ScaleVersion Scale, string Definition, DateTimeOffset JudgedAsOf, ProgrammeEvent Recorded)
{
    /// <summary>
    /// Why a standing title certified on <paramref name="certifyingScores"/> (under any version) needs a new decision:
    /// its scores do not fit the new version's indicators, or they fail under it; null while they pass.
    /// </summary>
    public Finding? Recheck(string communityCode, IReadOnlyDictionary<string, decimal> certifyingScores, IReadOnlyCollection<HotlineComplaint> complaints)
    {
        if (Scale.CheckScores(certifyingScores, complete: true).Count > 0)
            return new(null, $"认定时的区级评分与新版量表“{Scale.Name}”的指标或分值不一致，需按新版量表重新评定");
        var e = DynamicRules.Recheck(Scale, PassMarkSchedule.For(Scale), communityCode, certifyingScores, complaints, JudgedAsOf);
        return e.Passes ? null
            : new(e, $"按新版量表“{Scale.Name}”，认定时的区级评分计总分 {ScaleVersion.Format(e.Total)} 分，未达标：{string.Join("；", e.Reasons())}");
    }

    /// <summary>
    /// What publishing will do and did: how the version differs from <paramref name="inForce"/> (the one in force now, if
    /// any) — pass mark, indicators, hard indicators, 12345 deductions — and the titles it sends to re-evaluation.
    /// </summary>
    public StepConsequences Describe(ScaleVersion? inForce, int failing)
    {
        var changes = new List<string> { $"自 {Said.Date(Scale.EffectiveFrom)} 起用于新的申报" };
        var mark = ScaleVersion.Format(Scale.PassMark);
        var hard = string.Join("、", Scale.HardIndicators.Select(i => i.Code));
        if (inForce is null)
            changes.Add($"达标线 {mark} 分，{Scale.Indicators.Count} 项指标");
        else
        {
            changes.Add(inForce.PassMark == Scale.PassMark ? $"达标线仍为 {mark} 分" : $"达标线 {ScaleVersion.Format(inForce.PassMark)} 分 → {mark} 分");
            var added = Scale.Indicators.Select(i => i.Code).Except(inForce.Indicators.Select(i => i.Code)).ToList();
            var removed = inForce.Indicators.Select(i => i.Code).Except(Scale.Indicators.Select(i => i.Code)).ToList();
            var repointed = Scale.Indicators.Where(i => inForce.Find(i.Code) is { } old && old.Points != i.Points).Select(i => i.Code).ToList();
            changes.Add($"{Scale.Indicators.Count} 项指标" + (added.Count + removed.Count + repointed.Count == 0 ? "，指标与分值不变"
                : string.Concat(added.Count > 0 ? $"，新增 {string.Join("、", added)}" : "", removed.Count > 0 ? $"，删去 {string.Join("、", removed)}" : "",
                    repointed.Count > 0 ? $"，{string.Join("、", repointed)} 分值调整" : "")));
            if (hard != string.Join("、", inForce.HardIndicators.Select(i => i.Code)))
                changes.Add(hard.Length == 0 ? "不再设硬性指标" : $"硬性指标改为 {hard}");
            if (Scale.Hotline != inForce.Hotline)
                changes.Add($"12345 扣分规则改为：{Scale.Hotline.WindowDays} 天内每件超时答复扣 {ScaleVersion.Format(Scale.Hotline.PerLateAnswer)} 分、" +
                            $"每件回访不满意扣 {ScaleVersion.Format(Scale.Hotline.PerDissatisfiedFollowUp)} 分，最多扣 {ScaleVersion.Format(Scale.Hotline.Maximum)} 分");
        }
        var what = string.Join("，", changes);
        return new($"将发布量表“{Scale.Name}”（{Scale.Id}）：{what}；{failing} 个已认定社区（村）按新版量表不达标或需重新评定，将进入重新评定",
            $"已发布量表“{Scale.Name}”（{Scale.Id}）：{what}；{failing} 个已认定社区（村）已列入所在区的重新评定");
    }
}
