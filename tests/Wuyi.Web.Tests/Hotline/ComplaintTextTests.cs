using Wuyi.Domain.Rules;
using Wuyi.Web.Hotline;

namespace Wuyi.Web.Tests.Hotline;

/// <summary>How the cells of a hotline export are read: times, yes/no, follow-ups, headers and community names.</summary>
public sealed class ComplaintTextTests
{
    [Theory]
    [InlineData("2022-06-01 09:30:00", "2022-06-01T01:30:00Z")]
    [InlineData("2022-06-01 09:30", "2022-06-01T01:30:00Z")]
    [InlineData("2022/6/1 9:30", "2022-06-01T01:30:00Z")]
    [InlineData("2022-6-1 9:30:15", "2022-06-01T01:30:15Z")]
    [InlineData("2022年6月1日 9:30", "2022-06-01T01:30:00Z")]
    [InlineData("2022-06-01T09:30:00", "2022-06-01T01:30:00Z")]
    [InlineData("2022-06-01T09:30:00+08:00", "2022-06-01T01:30:00Z")]
    [InlineData("2022-06-01T01:30:00Z", "2022-06-01T01:30:00Z")]
    [InlineData("2022-06-01", "2022-05-31T16:00:00Z")]
    [InlineData(" 2022-06-01 09:30:00 ", "2022-06-01T01:30:00Z")]
    public void Times_WithoutAnOffset_AreBeijingTime(string text, string utc)
    {
        ComplaintText.TryInstant(text, out var value).ShouldBeTrue();
        value.UtcDateTime.ShouldBe(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
    }

    [Theory]
    [InlineData("2022-13-01 09:30:00")]
    [InlineData("2022-02-30 09:30:00")]
    [InlineData("2022-06-01 24:00:00")]
    [InlineData("1999-06-01 09:30:00")]
    [InlineData("昨天")]
    [InlineData("44713")]
    [InlineData("=NOW()")]
    public void ImpossibleTimes_AreNotRead(string text) => ComplaintText.TryInstant(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("是", true)]
    [InlineData("涉疫", true)]
    [InlineData("Y", true)]
    [InlineData("1", true)]
    [InlineData("否", false)]
    [InlineData("非涉疫", false)]
    [InlineData("no", false)]
    [InlineData("也许", null)]
    public void YesAndNo(string text, bool? expected) => ComplaintText.TryYesNo(text).ShouldBe(expected);

    [Theory]
    [InlineData("满意", FollowUpResult.Satisfied)]
    [InlineData("基本满意", FollowUpResult.Satisfied)]
    [InlineData("不满意", FollowUpResult.Dissatisfied)]
    [InlineData("非常不满意", FollowUpResult.Dissatisfied)]
    [InlineData("未回访", FollowUpResult.None)]
    [InlineData("还行", null)]
    public void FollowUps(string text, FollowUpResult? expected) => ComplaintText.TryFollowUp(text).ShouldBe(expected);

    [Fact]
    public void Headers_AreFoundByAnyOfTheirNames_InAnyOrder_AndOthersIgnored()
    {
        var map = ComplaintText.MapHeader(["诉求内容", "回访满意度", "工单号", "来电时间", "社区（村）编码", "涉疫诉求", "办理时限", "答复时间"]);
        map[(int)ComplaintColumn.Number].ShouldBe(2);
        map[(int)ComplaintColumn.ReceivedAt].ShouldBe(3);
        map[(int)ComplaintColumn.CommunityCode].ShouldBe(4);
        map[(int)ComplaintColumn.FollowUp].ShouldBe(1);
        map[(int)ComplaintColumn.Street].ShouldBe(-1);
    }

    [Fact]
    public void AHeaderWithoutACommunity_OrWithAColumnTwice_CannotBeRead()
    {
        Should.Throw<ImportFileException>(() => ComplaintText.MapHeader(["工单编号", "受理时间", "是否涉疫", "答复时限", "街道"]))
            .Message.ShouldContain("社区编码（或街道（乡镇）与社区（村）名称）");
        Should.Throw<ImportFileException>(() => ComplaintText.MapHeader(["工单编号", "受理时间", "社区编码", "是否涉疫", "答复时限", "诉求编号"]))
            .Message.ShouldContain("出现了两次");
    }

    [Theory]
    [InlineData("翠微路社区居委会", "翠微路")]
    [InlineData("翠微路社区", "翠微路")]
    [InlineData("翠微路", "翠微路")]
    [InlineData("星岛社区社区居委会", "星岛")]
    [InlineData("东村村委会", "东村")]
    [InlineData("东村村民委员会", "东村")]
    [InlineData("社区", "社区")]
    public void CommunityNames_AsTheHotlineWritesThem_MatchTheTree(string name, string key)
    {
        CommunityMatcher.CommunityName(name).ShouldBe(key);
        CommunityMatcher.CommunityName(CommunityMatcher.CommunityName(name)).ShouldBe(key);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public void AFileThatTakesLongerThanItsBudget_IsRefused(string kind)
    {
        var rows = new[] { HotlineFiles.Row("a1", "110108001001", 5) };
        var file = kind == "csv" ? HotlineFiles.Csv(rows) : HotlineFiles.Xlsx([[.. HotlineFiles.Header.Split(',')], [.. rows[0].Split(',')]]);
        using var stream = new MemoryStream(file);
        var refusal = Should.Throw<ImportFileException>(() => ComplaintFile.Read(stream, TimeSpan.Zero).ToList());
        refusal.Message.ShouldContain("未导入任何数据");
        stream.Position = 0;
        ComplaintFile.Read(stream, TimeSpan.FromMinutes(1)).ShouldHaveSingleItem();
    }
}
