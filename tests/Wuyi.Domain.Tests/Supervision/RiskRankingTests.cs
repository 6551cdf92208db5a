using Wuyi.Domain.Supervision;

namespace Wuyi.Domain.Tests.Supervision;

/// <summary>
/// 风险排序: each signal counts units × weight up to its cap, the score is their sum, the highest first and a tie by
/// division code; every reason says what was found and what it added; a signal not yet available adds nothing.
/// </summary>
public sealed class RiskRankingTests
{
    private static readonly RiskModel Model = new("test-model", "测试模型", new DateOnly(2022, 6, 1), WindowDays: 30, MarginThreshold: 6,
        InspectionDueDays: 90, new Dictionary<RiskSignal, SignalWeight>
        {
            [RiskSignal.EpidemicComplaints] = new(4, 20),
            [RiskSignal.LateAnswers] = new(3, 15),
            [RiskSignal.DissatisfiedFollowUps] = new(3, 15),
            [RiskSignal.PointsDeducted] = new(2, 10),
            [RiskSignal.NarrowMargin] = new(2, 12),
            [RiskSignal.PreviousFindings] = new(3, 15),
            [RiskSignal.SinceLastInspection] = new(5, 5),
            [RiskSignal.DutyRosterGaps] = new(3, 15),
            [RiskSignal.ResidentReports] = new(3, 15),
        });

    /// <summary>Nothing to report: a big margin, inspected ten days ago with nothing found.</summary>
    private static RiskFacts Quiet(string code) => new(code, 0, 0, 0, 0, Margin: 10, PreviousFindings: 0, DaysSinceInspection: 10, 0, 0);

    [Fact]
    public void Score_SumsEachSignal_WithItsReasonAndPoints_LargestFirst()
    {
        var facts = Quiet(Codes.Community) with { EpidemicComplaints = 3, LateAnswers = 1, Margin = 2 };

        var ranked = RiskRanking.Score(Model, facts, new HashSet<RiskSignal>());

        ranked.Score.ShouldBe(12 + 8 + 3);
        ranked.Reasons.Select(r => r.ToString()).ShouldBe(["近30天涉疫诉求3件（+12）", "得分高出达标线仅2分（+8）", "答复不及时1件（+3）"]);
        ranked.ReasonsText.ShouldBe("近30天涉疫诉求3件（+12）；得分高出达标线仅2分（+8）；答复不及时1件（+3）");
    }

    [Fact]
    public void Score_CapsEverySignal()
    {
        var facts = new RiskFacts(Codes.Community, EpidemicComplaints: 50, LateAnswers: 40, DissatisfiedFollowUps: 30, PointsDeducted: 10m, Margin: -3,
            PreviousFindings: 9, DaysSinceInspection: 400, DutyRosterGaps: 20, ResidentReports: 20);

        var ranked = RiskRanking.Score(Model, facts, new HashSet<RiskSignal>());

        ranked.Reasons.ToDictionary(r => r.Signal, r => r.Points).ShouldBe(new Dictionary<RiskSignal, decimal>
        {
            [RiskSignal.EpidemicComplaints] = 20,
            [RiskSignal.LateAnswers] = 15,
            [RiskSignal.DissatisfiedFollowUps] = 15,
            [RiskSignal.PointsDeducted] = 10,
            [RiskSignal.NarrowMargin] = 12,
            [RiskSignal.PreviousFindings] = 15,
            [RiskSignal.SinceLastInspection] = 5,
            [RiskSignal.DutyRosterGaps] = 15,
            [RiskSignal.ResidentReports] = 15,
        }, ignoreOrder: true);
        ranked.Score.ShouldBe(122);
        ranked.Reasons.Single(r => r.Signal == RiskSignal.NarrowMargin).Text.ShouldBe("得分低于达标线3分");
        ranked.Reasons.Single(r => r.Signal == RiskSignal.SinceLastInspection).Text.ShouldBe("400天未检查");
    }

    [Fact]
    public void Rank_HighestScoreFirst_TiesByDivisionCode()
    {
        var ranked = RiskRanking.Rank(Model,
        [
            Quiet(Codes.Neighbour) with { LateAnswers = 1 },          // 3
            Quiet(Codes.OtherStreetCommunity) with { EpidemicComplaints = 2 }, // 8
            Quiet(Codes.Community) with { LateAnswers = 1 },          // 3, a lower code than the neighbour
            Quiet(Codes.ChaoyangCommunity),                           // 0
        ]);

        ranked.Select(r => r.CommunityCode).ShouldBe([Codes.OtherStreetCommunity, Codes.Community, Codes.Neighbour, Codes.ChaoyangCommunity]);
        ranked.Select(r => r.Score).ShouldBe([8m, 3m, 3m, 0m]);
        ranked[^1].ReasonsText.ShouldBe("无风险信号");
    }

    [Fact]
    public void UnavailableSignals_AddNothing_AndGiveNoReason()
    {
        var facts = Quiet(Codes.Community) with { DutyRosterGaps = 4, ResidentReports = 2, LateAnswers = 1 };

        var ranked = RiskRanking.Score(Model, facts, new HashSet<RiskSignal> { RiskSignal.DutyRosterGaps, RiskSignal.ResidentReports });

        ranked.Score.ShouldBe(3);
        ranked.Reasons.ShouldHaveSingleItem().Signal.ShouldBe(RiskSignal.LateAnswers);
        // Once available they count: the seams' numbers are in the model already.
        RiskRanking.Score(Model, facts, new HashSet<RiskSignal>()).Reasons.Select(r => r.ToString())
            .ShouldContain($"近{Model.WindowDays}天值守排班有缺口4天（+12）");
    }

    [Theory]
    [InlineData(null, 5, "从未检查（+5）")]
    [InlineData(90, 5, "90天未检查（+5）")]
    [InlineData(89, 0, null)]
    public void SinceLastInspection_CountsFromTheModelsDueDays_AndNeverInspectedCounts(int? days, int points, string? reason)
    {
        var ranked = RiskRanking.Score(Model, Quiet(Codes.Community) with { DaysSinceInspection = days, PreviousFindings = days is null ? null : 0 },
            new HashSet<RiskSignal>());

        ranked.Score.ShouldBe(points);
        if (reason is null) ranked.Reasons.ShouldBeEmpty();
        else ranked.Reasons.ShouldHaveSingleItem().ToString().ShouldBe(reason);
    }

    [Theory]
    [InlineData(6, 0)]     // at the threshold: no risk
    [InlineData(5.5, 1)]   // half a point short: 0.5 × 2
    [InlineData(0, 12)]    // on the pass mark: 6 × 2 = 12, the cap
    public void NarrowMargin_CountsThePointsShortOfTheThreshold(decimal margin, decimal points) =>
        RiskRanking.Score(Model, Quiet(Codes.Community) with { Margin = margin }, new HashSet<RiskSignal>()).Score.ShouldBe(points);

    [Fact]
    public void NoMargin_NoPreviousInspection_OnlyNeverInspectedCounts() =>
        RiskRanking.Score(Model, new RiskFacts(Codes.Community, 0, 0, 0, 0, null, null, null, 0, 0), new HashSet<RiskSignal>())
            .Reasons.Select(r => r.ToString()).ShouldBe(["从未检查（+5）"]);

    [Fact]
    public void PreviousFindings_AndPointsDeducted_SayWhatWasFound()
    {
        var ranked = RiskRanking.Score(Model, Quiet(Codes.Community) with { PreviousFindings = 2, PointsDeducted = 1.5m }, new HashSet<RiskSignal>());

        ranked.Reasons.Select(r => r.ToString()).ShouldBe(["上次检查发现问题2项（+6）", "12345扣1.5分（+3）"]);
    }
}

/// <summary>The risk model is data: the shipped file parses, and a file with a fault is refused with every fault named.</summary>
public sealed class RiskModelTests
{
    private static string Shipped => File.ReadAllText(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "RiskModels"), "*.json").Single());

    [Fact]
    public void ShippedModel_Parses_WithEverySignalWeighted()
    {
        var model = RiskModel.Parse(Shipped);

        model.Id.ShouldBe("beijing-risk-2026-12");
        model.WindowDays.ShouldBe(30);
        model.Weights.Keys.Order().ShouldBe(Enum.GetValues<RiskSignal>());
        model.Weights.Values.ShouldAllBe(w => w.PerUnit > 0 && w.Cap >= w.PerUnit);
    }

    [Fact]
    public void AModelWithoutASignal_OrWithANegativeWeight_IsRefused_NamingEachFault()
    {
        var json = Shipped.Replace("\"ResidentReports\":       { \"perUnit\": 3, \"cap\": 15 }", "\"ResidentReports\": { \"perUnit\": -1, \"cap\": 15 }")
            .Replace("\"DutyRosterGaps\":        { \"perUnit\": 3, \"cap\": 15 },", "");
        json.ShouldNotBe(Shipped);

        var refused = Should.Throw<RiskModelException>(() => RiskModel.Parse(json));

        refused.Faults.ShouldContain(f => f.Contains("卡口值守排班缺口"));
        refused.Faults.ShouldContain(f => f.Contains("群众监督举报") && f.Contains("不能为负"));
    }

    [Fact]
    public void NotJson_IsRefused_InChinese() =>
        Should.Throw<RiskModelException>(() => RiskModel.Parse("{ not json")).Faults.ShouldHaveSingleItem().ShouldStartWith("不是有效的风险模型文件");
}
