using System.Globalization;

namespace Wuyi.Domain.Supervision;

/// <summary>
/// What is known of one community when its inspections are planned: the counts behind each signal. A signal the
/// platform cannot count yet is listed in <see cref="RiskRanking.Rank"/>'s <c>unavailable</c> and adds nothing.
/// </summary>
/// <param name="Margin">Its total less the pass mark in force (null when it has no total to compare).</param>
/// <param name="PreviousFindings">Failed items of its last submitted inspection (null when never inspected).</param>
/// <param name="DaysSinceInspection">Days since its last inspection (null when never inspected).</param>
public sealed record RiskFacts(string CommunityCode, int EpidemicComplaints, int LateAnswers, int DissatisfiedFollowUps, decimal PointsDeducted,
    decimal? Margin, int? PreviousFindings, int? DaysSinceInspection, int DutyRosterGaps, int ResidentReports);

/// <summary>One reason a community ranks where it does: the signal, what was found, and the points it adds (e.g. 近30天涉疫诉求3件（+12）).</summary>
public sealed record RiskReason(RiskSignal Signal, string Text, decimal Points)
{
    public override string ToString() => $"{Text}（+{RiskModel.Points(Points)}）";
}

/// <summary>A community's place on the risk-ranked list: its score and its reasons, largest first.</summary>
public sealed record RankedCommunity(string CommunityCode, decimal Score, IReadOnlyList<RiskReason> Reasons)
{
    public string ReasonsText => Reasons.Count == 0 ? "无风险信号" : string.Join("；", Reasons);
}

/// <summary>
/// The risk ranking (风险排序) of a district's or the city's communities for spot checks (督导检查): each signal counts
/// units × its weight, at most its cap; the score is their sum. Highest score first; a tie goes by division code.
/// </summary>
public static class RiskRanking
{
    public static IReadOnlyList<RankedCommunity> Rank(RiskModel model, IEnumerable<RiskFacts> communities, IReadOnlySet<RiskSignal>? unavailable = null)
    {
        unavailable ??= new HashSet<RiskSignal>();
        return communities
            .Select(c => Score(model, c, unavailable))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.CommunityCode, StringComparer.Ordinal)
            .ToList();
    }

    public static RankedCommunity Score(RiskModel model, RiskFacts facts, IReadOnlySet<RiskSignal> unavailable)
    {
        var reasons = new List<RiskReason>();
        void Add(RiskSignal signal, decimal units, string text)
        {
            if (unavailable.Contains(signal) || units <= 0) return;
            var weight = model.WeightOf(signal);
            var points = Math.Min(units * weight.PerUnit, weight.Cap);
            if (points > 0) reasons.Add(new RiskReason(signal, text, points));
        }

        var window = model.WindowDays.ToString(CultureInfo.InvariantCulture);
        Add(RiskSignal.EpidemicComplaints, facts.EpidemicComplaints, $"近{window}天涉疫诉求{facts.EpidemicComplaints}件");
        Add(RiskSignal.LateAnswers, facts.LateAnswers, $"答复不及时{facts.LateAnswers}件");
        Add(RiskSignal.DissatisfiedFollowUps, facts.DissatisfiedFollowUps, $"回访不满意{facts.DissatisfiedFollowUps}件");
        Add(RiskSignal.PointsDeducted, facts.PointsDeducted, $"12345扣{RiskModel.Points(facts.PointsDeducted)}分");
        if (facts.Margin is { } margin && margin < model.MarginThreshold)
            Add(RiskSignal.NarrowMargin, model.MarginThreshold - Math.Max(margin, 0), margin < 0
                ? $"得分低于达标线{RiskModel.Points(-margin)}分"
                : $"得分高出达标线仅{RiskModel.Points(margin)}分");
        if (facts.PreviousFindings is { } found)
            Add(RiskSignal.PreviousFindings, found, $"上次检查发现问题{found}项");
        if (facts.DaysSinceInspection is not { } days)
            Add(RiskSignal.SinceLastInspection, 1, "从未检查");
        else if (days >= model.InspectionDueDays)
            Add(RiskSignal.SinceLastInspection, 1, $"{days}天未检查");
        Add(RiskSignal.DutyRosterGaps, facts.DutyRosterGaps, $"近{window}天值守排班有缺口{facts.DutyRosterGaps}天");
        Add(RiskSignal.ResidentReports, facts.ResidentReports, $"近{window}天群众举报{facts.ResidentReports}件");

        var ordered = reasons.OrderByDescending(r => r.Points).ThenBy(r => r.Signal).ToList();
        return new RankedCommunity(facts.CommunityCode, ordered.Sum(r => r.Points), ordered);
    }
}
