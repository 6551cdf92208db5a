using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests;

/// <summary>
/// The city's changes to the rules (RuleChanges): a pass mark or a scale version from today or later, with their
/// checks, their history entry and the wording of what they put on the re-evaluation queue.
/// </summary>
public sealed class RuleChangesTests
{
    private static readonly DateOnly Today = ProgrammeClock.DateOf(Times.AsOf); // 2022-06-20
    private static readonly DateOnly July1 = new(2022, 7, 1);

    private static PassMarkChanged ChangePassMark(decimal value = 88m, DateOnly? effectiveFrom = null, string? reason = "疫情形势变化",
        Actor? actor = null, params DateOnly[] onRecord) =>
        RuleChanges.ChangePassMark(actor ?? Actors.City(), Scales.Beijing(), onRecord, value, effectiveFrom ?? July1, reason, Times.AsOf);

    /// <summary>The Beijing file as a new version: another id, effective from <paramref name="effectiveFrom"/>.</summary>
    private static string NewVersion(string effectiveFrom = "2022-07-01", string id = "beijing-2022-07", Action<System.Text.Json.Nodes.JsonObject>? more = null) =>
        Scales.VariantJson(root =>
        {
            root["id"] = id;
            root["effectiveFrom"] = effectiveFrom;
            more?.Invoke(root);
        });

    private static ScalePublished PublishScale(string? definition = null, Actor? actor = null, params string[] onRecord) =>
        RuleChanges.PublishScale(actor ?? Actors.City(), definition ?? NewVersion(), onRecord.Length == 0 ? ["beijing-2022-06"] : onRecord, Times.AsOf);

    // ---- pass mark ----

    [Fact]
    public void ChangePassMark_FromALaterDate_IsTheMarkWithItsReasonAndHistoryEntry()
    {
        var changed = ChangePassMark(88m, July1, "  疫情形势变化  ");

        changed.Mark.ShouldBe(new PassMark(88m, July1));
        changed.Reason.ShouldBe("疫情形势变化");
        changed.Scale.Id.ShouldBe("beijing-2022-06");
        changed.Recorded.Kind.ShouldBe(ProgrammeEventKind.PassMarkChanged);
        changed.Recorded.SubjectId.ShouldBe(changed.Id);
        changed.Recorded.CommunityCode.ShouldBeNull();
        changed.Recorded.Summary.ShouldBe("量表“北京市无疫社区（村）创建工作量表”的达标分数线自 2022-07-01 起调整为 88 分：疫情形势变化");
    }

    [Fact]
    public void ChangePassMark_FromALaterDate_IsJudgedAsOfTheStartOfThatDay() =>
        ChangePassMark(effectiveFrom: July1).JudgedAsOf.ShouldBe(ProgrammeClock.StartOf(July1));

    [Fact]
    public void ChangePassMark_FromToday_IsJudgedAsOfNow() =>
        ChangePassMark(effectiveFrom: Today).JudgedAsOf.ShouldBe(Times.AsOf);

    [Theory]
    [InlineData(ProgrammeRole.Community)]
    [InlineData(ProgrammeRole.Street)]
    [InlineData(ProgrammeRole.District)]
    public void ChangePassMark_NotTheCity_IsRefused(ProgrammeRole role)
    {
        var ex = Should.Throw<DomainException>(() => ChangePassMark(actor: Actors.Covering(role)));

        ex.Code.ShouldBe("wrong-role");
        ex.Message.ShouldBe("只有市社区防控组可以调整达标分数线");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ChangePassMark_WithoutReason_IsRefusedBesideTheField(string? reason)
    {
        var ex = Should.Throw<DomainException>(() => ChangePassMark(reason: reason));

        ex.Code.ShouldBe("reason-required");
        ex.Errors["reason"].ShouldBe(["请填写调整理由"]);
    }

    [Fact]
    public void ChangePassMark_EffectiveInThePast_IsRefused()
    {
        var ex = Should.Throw<DomainException>(() => ChangePassMark(effectiveFrom: Today.AddDays(-1)));

        ex.Code.ShouldBe("pass-mark-invalid");
        ex.Errors.Keys.ShouldBe(["effectiveFrom"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100.5)]
    [InlineData(86.25)]
    public void ChangePassMark_ValueOutsideTheScale_IsRefused(decimal value) =>
        Should.Throw<DomainException>(() => ChangePassMark(value)).Errors.Keys.ShouldBe(["value"]);

    [Fact]
    public void ChangePassMark_SecondChangeOnTheSameDate_IsAConflict()
    {
        var ex = Should.Throw<DomainException>(() => ChangePassMark(effectiveFrom: July1, onRecord: [new DateOnly(2022, 8, 1), July1]));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("pass-mark-duplicate-date");
        ex.Message.ShouldBe("2022-07-01 已有一条达标分数线调整");
    }

    [Fact]
    public void ChangePassMark_AnotherDateOnRecord_IsAccepted() =>
        ChangePassMark(effectiveFrom: July1, onRecord: [new DateOnly(2022, 8, 1)]).Mark.EffectiveFrom.ShouldBe(July1);

    [Fact]
    public void PassMarkRecheck_TitleBelowTheNewMark_IsFoundWithTheWording()
    {
        var changed = ChangePassMark(88m, July1);
        var scale = changed.Scale;

        var finding = changed.Recheck(PassMarkSchedule.For(scale), Codes.Community, Scores.Totalling(scale, 86m), []);

        finding.ShouldNotBeNull();
        finding.Explanation!.PassMark.Value.ShouldBe(88m);
        finding.Explanation.AsOf.ShouldBe(ProgrammeClock.StartOf(July1));
        finding.Detail.ShouldBe("达标分数线自 2022-07-01 起调整为 88 分，按认定时的区级评分计总分 86 分，将低于新达标线");
    }

    [Fact]
    public void PassMarkRecheck_TitleAtOrAboveTheNewMark_IsNotFound()
    {
        var changed = ChangePassMark(88m, July1);

        changed.Recheck(PassMarkSchedule.For(changed.Scale), Codes.Community, Scores.Totalling(changed.Scale, 88m), []).ShouldBeNull();
    }

    [Fact]
    public void PassMarkRecheck_ReplacesAMarkOnRecordForTheSameDate()
    {
        var changed = ChangePassMark(86m, July1);
        var earlier = PassMarkSchedule.For(changed.Scale, [new PassMark(95m, July1)]);

        changed.Recheck(earlier, Codes.Community, Scores.Totalling(changed.Scale, 90m), []).ShouldBeNull();
    }

    // ---- scale version ----

    [Fact]
    public void PassMarkDescribe_SaysTheChangeAndTheTitlesItFails_BeforeAndAfter()
    {
        var said = ChangePassMark(90m).Describe(current: 85m, failing: 312);
        said.Before.ShouldBe("达标线提高到 90 分：312 个已认定社区（村）将进入重新评定。“北京市无疫社区（村）创建工作量表”的达标线自 2022年7月1日 起提高到 90 分（现为 85 分）");
        said.After.ShouldBe("已调整达标线：“北京市无疫社区（村）创建工作量表”的达标线自 2022年7月1日 起提高到 90 分（现为 85 分）；312 个已认定社区（村）按新达标线不达标，已列入所在区的重新评定");
        ChangePassMark(80m).Describe(85m, 0).Before.ShouldStartWith("达标线降低到 80 分：0 个");
        ChangePassMark(85m).Describe(85m, 0).Before.ShouldStartWith("达标线仍为 85 分：0 个");
    }

    [Fact]
    public void ScaleDescribe_NamesWhatDiffersFromTheVersionInForce()
    {
        var inForce = Scales.Beijing();
        var changed = PublishScale(NewVersion(more: root =>
        {
            root["passMark"] = 90;
            var a = root["parts"]![0]!["indicators"]!.AsArray();
            a[1]!["points"] = 9;
            a[2]!["points"] = 6;
            a[0]!["hard"] = false;
            a[1]!["hard"] = true;
            root["hotlineDeductions"]!["maximum"] = 5;
        }));
        var said = changed.Describe(inForce, failing: 7);
        said.Before.ShouldBe("将发布量表“北京市无疫社区（村）创建工作量表”（beijing-2022-07）：自 2022年7月1日 起用于新的申报，达标线 85 分 → 90 分，14 项指标，A2、A3 分值调整，" +
                             "硬性指标改为 A2，12345 扣分规则改为：30 天内每件超时答复扣 1 分、每件回访不满意扣 1 分，最多扣 5 分；7 个已认定社区（村）按新版量表不达标或需重新评定，将进入重新评定");
        said.After.ShouldStartWith("已发布量表“北京市无疫社区（村）创建工作量表”（beijing-2022-07）：自 2022年7月1日 起用于新的申报");
        said.After.ShouldEndWith("；7 个已认定社区（村）已列入所在区的重新评定");

        PublishScale().Describe(inForce, 0).Before.ShouldContain("达标线仍为 85 分，14 项指标，指标与分值不变；0 个");
        PublishScale().Describe(null, 0).Before.ShouldContain("达标线 85 分，14 项指标；0 个");
    }

    [Fact]
    public void PublishScale_NewVersion_IsTheParsedScaleWithItsFileAndHistoryEntry()
    {
        var file = NewVersion();

        var published = PublishScale(file);

        published.Scale.Id.ShouldBe("beijing-2022-07");
        published.Definition.ShouldBe(file);
        published.JudgedAsOf.ShouldBe(ProgrammeClock.StartOf(July1));
        published.Recorded.Kind.ShouldBe(ProgrammeEventKind.ScalePublished);
        published.Recorded.Summary.ShouldBe("发布量表“北京市无疫社区（村）创建工作量表”（beijing-2022-07），自 2022-07-01 起施行，达标分数线 85 分");
    }

    [Fact]
    public void PublishScale_EffectiveToday_IsJudgedAsOfNow() =>
        PublishScale(NewVersion("2022-06-20")).JudgedAsOf.ShouldBe(Times.AsOf);

    [Fact]
    public void PublishScale_NotTheCity_IsRefused()
    {
        var ex = Should.Throw<DomainException>(() => PublishScale(actor: Actors.District()));

        ex.Code.ShouldBe("wrong-role");
        ex.Message.ShouldBe("只有市社区防控组可以发布量表");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{ not json")]
    public void PublishScale_UnreadableFile_IsRefusedBesideTheField(string? definition)
    {
        var ex = Should.Throw<DomainException>(() => RuleChanges.PublishScale(Actors.City(), definition, [], Times.AsOf));

        ex.Code.ShouldBe("scale-invalid");
        ex.Errors["definition"].ShouldNotBeEmpty();
    }

    [Fact]
    public void PublishScale_EffectiveInThePast_IsRefused()
    {
        var ex = Should.Throw<DomainException>(() => PublishScale(NewVersion("2022-06-19")));

        ex.Code.ShouldBe("scale-effective-past");
        ex.Errors["effectiveFrom"].ShouldBe(["生效日期不能早于今天"]);
    }

    [Fact]
    public void PublishScale_VersionOnRecord_IsAConflict()
    {
        var ex = Should.Throw<DomainException>(() => PublishScale(NewVersion(), onRecord: ["beijing-2022-06", "beijing-2022-07"]));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("scale-exists");
    }

    [Fact]
    public void ScaleRecheck_ScoresThatNoLongerFit_AreFoundWithoutAnExplanation()
    {
        var published = PublishScale(NewVersion(more: root =>
        {
            root.Indicator("A2")["points"] = 9;
            root.Indicator("A3")["points"] = 6;
        }));

        var finding = published.Recheck(Codes.Community, Scores.Perfect(Scales.Beijing()), []);

        finding.ShouldNotBeNull();
        finding.Explanation.ShouldBeNull();
        finding.Detail.ShouldBe("认定时的区级评分与新版量表“北京市无疫社区（村）创建工作量表”的指标或分值不一致，需按新版量表重新评定");
    }

    [Fact]
    public void ScaleRecheck_FailingUnderTheNewVersion_IsFoundWithTheReasons()
    {
        var published = PublishScale(NewVersion(more: root => root["passMark"] = 90));

        var finding = published.Recheck(Codes.Community, Scores.Totalling(Scales.Beijing(), 88m), []);

        finding.ShouldNotBeNull();
        finding.Explanation!.Passes.ShouldBeFalse();
        finding.Detail.ShouldStartWith("按新版量表“北京市无疫社区（村）创建工作量表”，认定时的区级评分计总分 88 分，未达标：");
    }

    [Fact]
    public void ScaleRecheck_PassingUnderTheNewVersion_IsNotFound() =>
        PublishScale().Recheck(Codes.Community, Scores.Totalling(Scales.Beijing(), 88m), []).ShouldBeNull();

    // ---- 12345 complaints ----

    [Fact]
    public void AfterComplaints_DeductionsBelowTheMark_AreFoundNamingTheComplaints()
    {
        var scale = Scales.Beijing();

        var finding = Finding.AfterComplaints(scale, PassMarkSchedule.For(scale), Codes.Community, Scores.Totalling(scale, 90m),
            Evaluations.LateComplaints(6), Times.AsOf);

        finding.ShouldNotBeNull();
        finding.Detail.ShouldBe("12345诉求扣 6 分后总分 84 分，低于 85 分的达标线（工单 L06、L05、L04、L03、L02、L01）");
    }

    [Fact]
    public void AfterComplaints_StillAtTheMark_IsNotFound()
    {
        var scale = Scales.Beijing();

        Finding.AfterComplaints(scale, PassMarkSchedule.For(scale), Codes.Community, Scores.Totalling(scale, 90m),
            Evaluations.LateComplaints(5), Times.AsOf).ShouldBeNull();
    }

    [Fact]
    public void AfterComplaints_FailingForAnotherReason_IsNotFound()
    {
        var scale = Scales.Beijing();
        var hardMissed = Scores.Perfect(scale, ("A1", 0m)); // 85 points, but a hard indicator missed: not the hotline's finding

        Finding.AfterComplaints(scale, PassMarkSchedule.For(scale), Codes.Community, hardMissed, [], Times.AsOf).ShouldBeNull();
    }
}
