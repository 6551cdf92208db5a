using System.Globalization;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Rules;

public enum Verdict
{
    Pass = 1, // 达标
    Fail = 2, // 未达标
}

/// <summary>Why a verdict is a fail; there may be several at once.</summary>
public enum FailureReason
{
    BelowPassMark = 1,
    HardIndicatorShort = 2,
    Vetoed = 3,
}

public enum DeductionKind
{
    LateAnswer = 1,           // 答复不及时
    DissatisfiedFollowUp = 2, // 回访不满意
}

public sealed record IndicatorResult(string Code, string PartCode, string Name, decimal Points, decimal Score, bool Hard)
{
    /// <summary>A hard indicator is met only in full.</summary>
    public bool Met => !Hard || Score >= Points;
}

public sealed record Deduction(string ComplaintNumber, DeductionKind Kind, decimal Points, DateTimeOffset ReceivedAt);

/// <summary>A complaint or event the engine looked at and did not count, and why (in Chinese).</summary>
public sealed record NotCounted(string Reference, string Reason);

/// <summary>
/// The engine's whole answer (rule 5, docs/rules.md): per-indicator scores, deductions with the complaints
/// behind them, vetoes with their events, the pass mark in force and the verdict with its reasons.
/// </summary>
public sealed record Explanation(
    string ScaleVersionId,
    string CommunityCode,
    DateTimeOffset AsOf,
    IReadOnlyList<IndicatorResult> Indicators,
    decimal Subtotal,
    IReadOnlyList<Deduction> Deductions,
    decimal DeductionsUncapped,
    decimal DeductionCap,
    decimal DeductionTotal,
    decimal Total,
    bool HardIndicatorsMet,
    IReadOnlyList<VetoEvent> Vetoes,
    IReadOnlyList<NotCounted> NotCounted,
    PassMark PassMark,
    Verdict Verdict,
    IReadOnlyList<FailureReason> FailureReasons)
{
    public bool Passes => Verdict == Verdict.Pass;

    /// <summary>Points short of the pass mark (0 when at or above it).</summary>
    public decimal GapToPassMark => Math.Max(0, PassMark.Value - Total);

    /// <summary>One sentence per reason, for people.</summary>
    public IEnumerable<string> Reasons()
    {
        if (Verdict == Verdict.Pass)
        {
            yield return $"总分 {ScaleVersion.Format(Total)} 分，达到 {ScaleVersion.Format(PassMark.Value)} 分的达标线，硬性指标达标，无一票否决事项";
            yield break;
        }
        foreach (var reason in FailureReasons)
        {
            yield return reason switch
            {
                FailureReason.BelowPassMark => $"总分 {ScaleVersion.Format(Total)} 分，低于 {ScaleVersion.Format(PassMark.Value)} 分的达标线（差 {ScaleVersion.Format(GapToPassMark)} 分）",
                FailureReason.HardIndicatorShort => "硬性指标未满分：" + string.Join("、", Indicators.Where(i => !i.Met).Select(i => $"{i.Code} {i.Name}（{ScaleVersion.Format(i.Score)}/{ScaleVersion.Format(i.Points)}）")),
                FailureReason.Vetoed => "一票否决：" + string.Join("、", Vetoes.Select(v => $"{v.OccurredAt.ToOffset(Common.ProgrammeClock.Offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {VetoKindNames.Of(v.Kind)}")),
                _ => reason.ToString(),
            };
        }
    }
}

public static class VetoKindNames
{
    public static string Of(VetoKind kind) => kind switch
    {
        VetoKind.InspectionNotice => "卡口点位被市级部门检查通报",
        VetoKind.MediaExposure => "卡口点位被媒体曝光",
        VetoKind.CaseWithManagementLapse => "出现病例且漏管失管",
        _ => kind.ToString(),
    };
}
