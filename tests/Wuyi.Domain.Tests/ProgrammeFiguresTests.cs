using Wuyi.Domain.Rules;
using Wuyi.Domain.Statistics;

namespace Wuyi.Domain.Tests;

/// <summary>The statistics' own rules: coverage, the age bands, where points are lost, and rule 4 summed on its own.</summary>
public class ProgrammeFiguresTests
{
    [Theory]
    [InlineData(200, 17, "8.5%")]
    [InlineData(3, 1, "33.3%")]
    [InlineData(3, 2, "66.7%")]
    [InlineData(8, 1, "12.5%")] // half a tenth rounds away from zero
    [InlineData(5, 5, "100.0%")]
    [InlineData(5, 0, "0.0%")]
    public void Coverage_IsCertifiedOverCommunities_ShownToATenthOfAPercent(int communities, int certified, string shown)
    {
        var unit = UnitFunnel.Zero with { Communities = communities, Certified = certified };
        unit.Coverage.ShouldBe((decimal)certified / communities);
        UnitFunnel.Percent(unit.Coverage).ShouldBe(shown);
    }

    [Fact]
    public void AUnitWithoutCommunities_HasNoCoverage_NotZero()
    {
        UnitFunnel.Zero.Coverage.ShouldBeNull();
        UnitFunnel.Zero.Participation.ShouldBeNull();
        UnitFunnel.Percent(null).ShouldBe("—");
    }

    [Fact]
    public void TheTotal_IsTheSumOfTheRows_StageByStage()
    {
        var a = new UnitFunnel(10, 5, 4, 3, 1, 3, 2, 1, 1, 0);
        var b = new UnitFunnel(20, 2, 2, 2, 0, 2, 2, 0, 0, 1);
        var total = UnitFunnel.Sum([a, b]);
        total.ShouldBe(new UnitFunnel(30, 7, 6, 5, 1, 5, 4, 1, 1, 1));
        total.StageCounts().Select(s => s.Name).ShouldBe(["社区（村）", "已申报", "街道已推荐", "区级评定通过", "评定未通过", "市级已备案", "已认定", "已取消认定", "整改中", "再次认定"]);
        total.StageCounts().Select(s => s.Count).ShouldBe([30, 7, 6, 5, 1, 5, 4, 1, 1, 1]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(7, 0)]
    [InlineData(8, 1)]
    [InlineData(30, 1)]
    [InlineData(31, 2)]
    [InlineData(90, 2)]
    [InlineData(91, 3)]
    [InlineData(4000, 3)]
    public void AgeBands_AreAWeekAMonthAQuarterAndMore(int days, int band)
    {
        AgeBands.Of(days).ShouldBe(band);
        AgeBands.Names.Count.ShouldBe(4);
    }

    [Fact]
    public void IndicatorLosses_UseTheDistrictsScoreWhereItScored_AndCompareIt()
    {
        var scale = Scales.Beijing();
        var a1 = scale.Indicators.Single(i => i.Code == "A1");
        var b1 = scale.Indicators.Single(i => i.Code == "B1");
        var losses = new IndicatorLosses(scale);

        losses.Add(Scores.Perfect(scale, ("B1", b1.Points - 4)), district: null); // not yet evaluated: the self-assessment counts
        losses.Add(Scores.Perfect(scale), Scores.Perfect(scale, ("B1", b1.Points - 2))); // the district lowered B1 by 2
        losses.Add(Scores.Perfect(scale), Scores.Perfect(scale));

        losses.Applications.ShouldBe(3);
        var weakest = losses.Weakest();
        weakest[0].Code.ShouldBe("B1");
        weakest[0].Scored.ShouldBe(3);
        weakest[0].AverageLost.ShouldBe(2m); // (4 + 2 + 0) / 3
        weakest[0].BelowFullShare.ShouldBe(Math.Round(2m / 3, 4));
        weakest[0].Compared.ShouldBe(2);
        weakest[0].Differing.ShouldBe(1);
        weakest[0].AverageDifference.ShouldBe(-1m); // (−2 + 0) / 2
        var hard = weakest.Single(x => x.Code == a1.Code);
        hard.AverageLost.ShouldBe(0m);
        hard.BelowFullShare.ShouldBe(0m);
        weakest.Count.ShouldBe(scale.Indicators.Count);
    }

    [Fact]
    public void IndicatorLosses_NeverCountAnOutOfRangeValue_NorAnUnfinishedForm()
    {
        var scale = Scales.Beijing();
        var a1 = scale.Indicators.Single(i => i.Code == "A1");
        var losses = new IndicatorLosses(scale);
        losses.Add(new Dictionary<string, decimal> { ["A1"] = a1.Points + 1 }, null); // A1 = 16 is an error, not "full marks"
        losses.Add(new Dictionary<string, decimal>(), null);
        losses.Applications.ShouldBe(0);
        losses.Weakest().ShouldAllBe(x => x.Scored == 0 && x.AverageLost == 0);
    }

    [Fact]
    public void HotlineDeduction_IsWhatTheEngineSubtracts_CapAndWindowIncluded()
    {
        var scale = Scales.Beijing();
        HotlineComplaint[] complaints =
        [
            .. Evaluations.LateComplaints(12),
            Evaluations.Complaint("D1", dissatisfied: true),
            Evaluations.Complaint("OLD", received: Times.AsOf.AddDays(-45), late: true),   // before the window
            Evaluations.Complaint("OTHER", late: true, community: "110108001002"),        // another community's
        ];
        var engine = Evaluations.Perfect(scale).With(complaints).Evaluate();
        var alone = CertificationEngine.HotlineDeduction(scale.Hotline, Codes.Community, complaints, Times.AsOf);
        alone.ShouldBe(engine.DeductionTotal);
        alone.ShouldBe(scale.Hotline.Maximum); // 13 points capped at 10

        CertificationEngine.HotlineDeduction(scale.Hotline, Codes.Community, [Evaluations.Complaint("D1", dissatisfied: true)], Times.AsOf)
            .ShouldBe(scale.Hotline.PerDissatisfiedFollowUp);
        CertificationEngine.HotlineDeduction(scale.Hotline, Codes.Community, [], Times.AsOf).ShouldBe(0m);
    }
}
