using System.Text.Json.Nodes;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests;

public class ScaleVersionParsingTests
{
    // ---- the real file ----

    [Fact]
    public void Parse_RealBeijingFile_ReadsHeader()
    {
        var scale = Scales.Beijing();

        scale.Id.ShouldBe("beijing-2022-06");
        scale.Name.ShouldBe("北京市无疫社区（村）创建工作量表");
        scale.EffectiveFrom.ShouldBe(new DateOnly(2022, 6, 14));
        scale.Total.ShouldBe(100m);
        scale.PassMark.ShouldBe(85m);
    }

    [Fact]
    public void Parse_RealBeijingFile_HasThreePartsOf50And25And25()
    {
        var scale = Scales.Beijing();

        scale.Parts.Select(p => (p.Code, p.Name, p.Points)).ShouldBe(
        [
            ("A", "严格卡口管理", 50m),
            ("B", "夯实基层基础", 25m),
            ("C", "强化社区治理", 25m),
        ]);
        foreach (var part in scale.Parts)
            part.Indicators.Sum(i => i.Points).ShouldBe(part.Points, $"part {part.Code}");
    }

    [Fact]
    public void Parse_RealBeijingFile_Has14IndicatorsInScaleOrder()
    {
        var scale = Scales.Beijing();

        scale.Indicators.Select(i => i.Code).ShouldBe(
            ["A1", "A2", "A3", "A4", "A5", "A6", "B1", "B2", "B3", "C1", "C2", "C3", "C4", "C5"]);
        scale.Indicators.Sum(i => i.Points).ShouldBe(100m);
    }

    [Theory]
    [InlineData("A1", "A", 15, "坚持24小时卡口值守")]
    [InlineData("A2", "A", 10, "严格落实“四件套”查验措施")]
    [InlineData("A3", "A", 5, "改善卡口设施设备")]
    [InlineData("A4", "A", 8, "加强服务行业人员出入管理")]
    [InlineData("A5", "A", 6, "规范卡口区域消毒消杀")]
    [InlineData("A6", "A", 6, "强化值守人员防护")]
    [InlineData("B1", "B", 10, "动态更新辖区人员信息台账")]
    [InlineData("B2", "B", 10, "规范管理居家隔离和健康监测人员")]
    [InlineData("B3", "B", 5, "加强宣传引导")]
    [InlineData("C1", "C", 5, "垃圾分类处置")]
    [InlineData("C2", "C", 5, "公共区域清洁消毒")]
    [InlineData("C3", "C", 5, "社区（村）物业管理")]
    [InlineData("C4", "C", 5, "做实党建工作协调委员会")]
    [InlineData("C5", "C", 5, "完善疫情防控应急体系")]
    public void Parse_RealBeijingFile_IndicatorHasDefaultPointsNameAndPart(string code, string part, int points, string name)
    {
        var indicator = Scales.Beijing().Find(code);

        indicator.ShouldNotBeNull();
        indicator.Code.ShouldBe(code);
        indicator.PartCode.ShouldBe(part);
        indicator.Points.ShouldBe(points);
        indicator.Name.ShouldBe(name);
    }

    [Fact]
    public void Parse_RealBeijingFile_A1IsTheOnlyHardIndicator()
    {
        var scale = Scales.Beijing();

        scale.HardIndicators.Select(i => i.Code).ShouldBe(["A1"]);
        scale.Find("A1")!.Hard.ShouldBeTrue();
    }

    [Fact]
    public void Parse_RealBeijingFile_EveryIndicatorHasStandardAndGuidance()
    {
        foreach (var indicator in Scales.Beijing().Indicators)
        {
            indicator.Standard.ShouldNotBeNullOrWhiteSpace(indicator.Code);
            indicator.Guidance.ShouldNotBeNullOrWhiteSpace(indicator.Code);
        }
        Scales.Beijing().Find("A1")!.Guidance.ShouldContain("硬性指标");
    }

    [Fact]
    public void Parse_RealBeijingFile_HasDefaultHotlineRule()
    {
        var scale = Scales.Beijing();

        scale.Hotline.ShouldBe(new HotlineDeductionRule(30, 1m, 1m, 10m));
        scale.Hotline.ShouldBe(HotlineDeductionRule.Default);
    }

    [Fact]
    public void Find_UnknownOrWrongCaseCode_ReturnsNull()
    {
        var scale = Scales.Beijing();

        scale.Find("D1").ShouldBeNull();
        scale.Find("a1").ShouldBeNull();
        scale.Find("A").ShouldBeNull(); // a part is not an indicator
    }

    [Fact]
    public void Parse_FileRoundTrippedThroughJsonNode_StillParses()
    {
        // Guards the variant builder below: an unmutated variant is the real scale.
        var scale = Scales.Variant(_ => { });

        scale.Id.ShouldBe("beijing-2022-06");
        scale.Indicators.Count.ShouldBe(14);
    }

    [Fact]
    public void Parse_WithoutHotlineSection_UsesDefaultRule()
    {
        var scale = Scales.Variant(root => root.Remove("hotlineDeductions"));

        scale.Hotline.ShouldBe(HotlineDeductionRule.Default);
    }

    [Fact]
    public void Parse_ChangedHotlineRule_IsRead()
    {
        var scale = Scales.Variant(root =>
            root["hotlineDeductions"] = new JsonObject { ["windowDays"] = 7, ["perLateAnswer"] = 2, ["perDissatisfiedFollowUp"] = 0.5, ["maximum"] = 3 });

        scale.Hotline.ShouldBe(new HotlineDeductionRule(7, 2m, 0.5m, 3m));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(88.5)]
    public void Parse_PassMarkWithinZeroToTotal_IsAccepted(double passMark)
    {
        var scale = Scales.Variant(root => root["passMark"] = passMark);

        scale.PassMark.ShouldBe((decimal)passMark);
    }

    [Fact]
    public void Parse_PropertyNamesInOtherCase_AreAccepted()
    {
        var json = Scales.BeijingJson().Replace("\"passMark\": 85", "\"PASSMARK\": 90", StringComparison.Ordinal);

        ScaleVersion.Parse(json).PassMark.ShouldBe(90m);
    }

    [Fact]
    public void Parse_TrimsCodesAndNames()
    {
        var scale = Scales.Variant(root =>
        {
            root["id"] = "  beijing-2022-07  ";
            var a2 = root.Indicator("A2");
            a2["code"] = " A2 ";
            a2["name"] = "  四件套  ";
        });

        scale.Id.ShouldBe("beijing-2022-07");
        scale.Find("A2")!.Name.ShouldBe("四件套");
    }

    // ---- faults ----

    private static ScaleDefinitionException Refused(Action<JsonObject> mutate) =>
        Should.Throw<ScaleDefinitionException>(() => Scales.Variant(mutate));

    private static void ShouldNameFault(ScaleDefinitionException ex, params string[] fragments)
    {
        ex.Faults.ShouldContain(f => fragments.All(fragment => f.Contains(fragment, StringComparison.Ordinal)),
            $"expected a fault naming {string.Join(" + ", fragments)}; faults were: {string.Join(" | ", ex.Faults)}");
        ex.Message.ShouldStartWith("量表文件无效：");
    }

    [Fact]
    public void Parse_DuplicateIndicatorCode_IsRefused()
    {
        var ex = Refused(root => root.Indicator("B1")["code"] = "A1");

        ShouldNameFault(ex, "A1", "重复");
    }

    [Fact]
    public void Parse_IndicatorCodeEqualToAPartCode_IsRefused()
    {
        var ex = Refused(root => root.Indicator("C5")["code"] = "B");

        ShouldNameFault(ex, "编号 B 重复");
    }

    [Fact]
    public void Parse_IndicatorPointsNotAddingUpToPart_IsRefused()
    {
        var ex = Refused(root => root.Indicator("A2")["points"] = 11);

        ShouldNameFault(ex, "部分 A", "51", "50");
        ex.Faults.Count.ShouldBe(1);
    }

    [Fact]
    public void Parse_PartsNotAddingUpToTotal_IsRefused()
    {
        // Part C and its indicators both one point short: the part is consistent, the scale is not.
        var ex = Refused(root =>
        {
            root.Part("C")["points"] = 24;
            root.Indicator("C5")["points"] = 4;
        });

        ShouldNameFault(ex, "各部分分值合计 99 分", "总分 100 分");
    }

    [Theory]
    [InlineData(90)]
    [InlineData(120)]
    public void Parse_TotalNot100_IsRefused(int total)
    {
        var ex = Refused(root => root["total"] = total);

        ShouldNameFault(ex, $"量表总分为 {total} 分", "应为 100 分");
    }

    [Fact]
    public void Parse_MissingTotal_IsRefused()
    {
        var ex = Refused(root => root.Remove("total"));

        ShouldNameFault(ex, "量表总分为 0 分");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-0.5)]
    [InlineData(100.5)]
    [InlineData(101)]
    public void Parse_PassMarkOutsideZeroToTotal_IsRefused(double passMark)
    {
        var ex = Refused(root => root["passMark"] = passMark);

        ShouldNameFault(ex, "达标分数线", ScaleVersion.Format((decimal)passMark), "0 到总分 100 分");
    }

    [Fact]
    public void Parse_MissingPassMark_IsRefused()
    {
        var ex = Refused(root => root.Remove("passMark"));

        ShouldNameFault(ex, "passMark");
    }

    [Fact]
    public void Parse_NoHardIndicator_IsRefused()
    {
        var ex = Refused(root => root.Indicator("A1")["hard"] = false);

        ShouldNameFault(ex, "硬性指标", "hard");
    }

    [Fact]
    public void Parse_HardOmittedEverywhere_IsRefused()
    {
        var ex = Refused(root => root.Indicator("A1").Remove("hard"));

        ShouldNameFault(ex, "硬性指标");
    }

    [Fact]
    public void Parse_SecondHardIndicator_IsAccepted()
    {
        var scale = Scales.Variant(root => root.Indicator("B1")["hard"] = true);

        scale.HardIndicators.Select(i => i.Code).ShouldBe(["A1", "B1"]);
    }

    [Theory]
    [InlineData("standard", "创建标准")]
    [InlineData("guidance", "评分说明")]
    public void Parse_MissingStandardOrGuidance_IsRefused(string property, string chinese)
    {
        var ex = Refused(root => root.Indicator("A3").Remove(property));

        ShouldNameFault(ex, "指标 A3", chinese, property);
    }

    [Theory]
    [InlineData("standard", "")]
    [InlineData("standard", "   ")]
    [InlineData("guidance", "")]
    [InlineData("guidance", " \t ")]
    public void Parse_BlankStandardOrGuidance_IsRefused(string property, string value)
    {
        var ex = Refused(root => root.Indicator("C2")[property] = value);

        ShouldNameFault(ex, "指标 C2", property);
    }

    [Fact]
    public void Parse_UnknownTopLevelProperty_IsRefusedNamingIt()
    {
        var ex = Refused(root => root["weighting"] = 1);

        ShouldNameFault(ex, "不是有效的 JSON", "weighting");
    }

    [Fact]
    public void Parse_UnknownIndicatorProperty_IsRefusedNamingIt()
    {
        var ex = Refused(root => root.Indicator("B2")["evidenceRequired"] = true);

        ShouldNameFault(ex, "evidenceRequired");
    }

    [Fact]
    public void Parse_UnknownHotlineProperty_IsRefusedNamingIt()
    {
        var ex = Refused(root => root.Hotline()["perRepeatCall"] = 1);

        ShouldNameFault(ex, "perRepeatCall");
    }

    [Theory]
    [InlineData("{ \"id\": ")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{ \"total\": \"一百\" }")]
    public void Parse_InvalidJson_IsRefused(string json)
    {
        var ex = Should.Throw<ScaleDefinitionException>(() => ScaleVersion.Parse(json));

        ShouldNameFault(ex, "不是有效的 JSON");
        ShouldNotLeakInternals(ex);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\": 1}")]
    [InlineData("{ \"total\": \"一百\" }")]
    public void Parse_BadJson_SaysWhereInChinese_NeverTheSerializersText(string json)
    {
        var ex = Should.Throw<ScaleDefinitionException>(() => ScaleVersion.Parse(json));

        ex.Faults.ShouldHaveSingleItem().ShouldContain("第 1 行");
        ShouldNotLeakInternals(ex);
    }

    private static void ShouldNotLeakInternals(ScaleDefinitionException ex)
    {
        foreach (var leak in new[] { ".NET", "Wuyi.", "ScaleFile", "could not", "System.", "Path:" })
            ex.Message.ShouldNotContain(leak, Case.Insensitive);
    }

    [Fact]
    public void Parse_JsonNull_IsRefusedAsEmpty()
    {
        var ex = Should.Throw<ScaleDefinitionException>(() => ScaleVersion.Parse("null"));

        ShouldNameFault(ex, "量表文件为空");
    }

    [Fact]
    public void Parse_MissingEffectiveFrom_IsRefused()
    {
        var ex = Refused(root => root.Remove("effectiveFrom"));

        ShouldNameFault(ex, "生效日期", "effectiveFrom");
    }

    [Fact]
    public void Parse_EffectiveFromNotADate_IsRefused()
    {
        var ex = Refused(root => root["effectiveFrom"] = "6月14日");

        ShouldNameFault(ex, "不是有效的 JSON");
    }

    [Theory]
    [InlineData("id", "id")]
    [InlineData("name", "name")]
    public void Parse_MissingIdOrName_IsRefused(string property, string named)
    {
        var ex = Refused(root => root.Remove(property));

        ShouldNameFault(ex, named);
    }

    [Theory]
    [InlineData("perLateAnswer")]
    [InlineData("perDissatisfiedFollowUp")]
    [InlineData("maximum")]
    public void Parse_NegativeDeductionNumber_IsRefused(string property)
    {
        var ex = Refused(root => root.Hotline()[property] = -1);

        ShouldNameFault(ex, "热线扣分", "不能为负数");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void Parse_NonPositiveWindow_IsRefused(int days)
    {
        var ex = Refused(root => root.Hotline()["windowDays"] = days);

        ShouldNameFault(ex, "windowDays");
    }

    [Fact]
    public void Parse_ZeroDeductions_AreAccepted()
    {
        var scale = Scales.Variant(root =>
        {
            root.Hotline()["perLateAnswer"] = 0;
            root.Hotline()["maximum"] = 0;
        });

        scale.Hotline.PerLateAnswer.ShouldBe(0m);
        scale.Hotline.Maximum.ShouldBe(0m);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Parse_IndicatorWithoutPositivePoints_IsRefused(int points)
    {
        var ex = Refused(root => root.Indicator("B3")["points"] = points);

        ShouldNameFault(ex, "指标 B3 的分值应大于 0");
    }

    [Fact]
    public void Parse_IndicatorWithoutCode_IsRefused()
    {
        var ex = Refused(root => root.Indicator("C4").Remove("code"));

        ShouldNameFault(ex, "部分 C", "缺少编号", "做实党建工作协调委员会");
    }

    [Fact]
    public void Parse_IndicatorWithoutName_IsRefused()
    {
        var ex = Refused(root => root.Indicator("C4")["name"] = " ");

        ShouldNameFault(ex, "指标 C4 缺少名称");
    }

    [Fact]
    public void Parse_NoParts_IsRefused()
    {
        var ex = Refused(root => root["parts"] = new JsonArray());

        ShouldNameFault(ex, "parts");
    }

    [Fact]
    public void Parse_PartWithoutIndicators_IsRefused()
    {
        var ex = Refused(root => root.Part("B")["indicators"] = new JsonArray());

        ShouldNameFault(ex, "部分 B 没有指标");
    }

    [Fact]
    public void Parse_SeveralFaults_AreAllNamed()
    {
        var ex = Refused(root =>
        {
            root.Remove("effectiveFrom");
            root["passMark"] = 101;
            root.Indicator("A1")["hard"] = false;
            root.Indicator("C1").Remove("guidance");
            root.Hotline()["maximum"] = -10;
        });

        ShouldNameFault(ex, "effectiveFrom");
        ShouldNameFault(ex, "达标分数线 101 分");
        ShouldNameFault(ex, "硬性指标");
        ShouldNameFault(ex, "指标 C1", "guidance");
        ShouldNameFault(ex, "不能为负数");
        ex.Faults.Count.ShouldBe(5);
    }
}
