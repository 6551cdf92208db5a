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
}
