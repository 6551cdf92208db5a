using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Publication;

namespace Wuyi.Domain.Tests;

/// <summary>Who signs (IssuingBody), and the batch notice's 文号 and names, written once (decisions 0013, 0015).</summary>
public sealed class ProgrammeDocumentsTests
{
    [Fact]
    public void TheIssuer_IsTheCommunityPreventionGroup_OfTheCityOrDistrict()
    {
        IssuingBody.CommunityPreventionGroup("北京市").ShouldBe("北京市新冠肺炎疫情防控工作领导小组社区防控组");
        IssuingBody.CommunityPreventionGroup("海淀区").ShouldBe("海淀区新冠肺炎疫情防控工作领导小组社区防控组");
        IssuingBody.Programme("北京市").ShouldBe("北京市无疫社区（村）创建活动");
    }

    [Theory]
    [InlineData("北京市新冠肺炎疫情防控工作领导小组社区防控组", "北京市新冠肺炎疫情防控工作领导小组", "社区防控组")]
    [InlineData("海淀区新冠肺炎疫情防控工作领导小组社区防控组", "海淀区新冠肺炎疫情防控工作领导小组", "社区防控组")]
    [InlineData("某区防控领导小组办公室", "某区防控领导小组", "办公室")] // another wording frozen in a stored notice: still after 领导小组
    [InlineData("北京市社区防控组", "北京市社区防控组", "")] // no leading group: one part
    [InlineData("", "", "")]
    public void AStoredIssuer_SplitsAfterTheLeadingGroup(string issuer, string group, string office)
    {
        IssuingBody.Split(issuer).ShouldBe((group, office));
        var (g, o) = IssuingBody.Split(issuer);
        (g + o).ShouldBe(issuer);
    }

    [Fact]
    public void TheIssuerAsComposed_SplitsIntoItsTwoParts() =>
        IssuingBody.Split(IssuingBody.CommunityPreventionGroup("朝阳区")).ShouldBe(("朝阳区新冠肺炎疫情防控工作领导小组", "社区防控组"));

    [Theory]
    [InlineData("11", 2022, 1, "京无疫公〔2022〕1号")]
    [InlineData("11", 2023, 12, "京无疫公〔2023〕12号")]
    [InlineData("31", 2022, 3, "沪无疫公〔2022〕3号")]
    public void TheNoticeNumber_IsTheProvinceTheYearOfPublicationAndTheBatch(string province, int year, int batch, string expected) =>
        ProgrammeDocuments.BatchNoticeNumber(province, new DateOnly(year, 6, 18), batch).ShouldBe(expected);

    [Fact]
    public void ANoticeNumber_NeedsAProvinceAndABatchFromOne()
    {
        Should.Throw<DomainException>(() => ProgrammeDocuments.BatchNoticeNumber("99", new DateOnly(2022, 6, 18), 1)).Code.ShouldBe("province-code-invalid");
        Should.Throw<DomainException>(() => ProgrammeDocuments.BatchNoticeNumber("11", new DateOnly(2022, 6, 18), 0)).Code.ShouldBe("batch-number-invalid");
    }

    [Fact]
    public void TheNoticeTitle_NamesTheCityOnce()
    {
        ProgrammeDocuments.BatchNoticeTitle("北京市", "第1批无疫社区（村）名单").ShouldBe("关于公布北京市第1批无疫社区（村）名单的通知");
        ProgrammeDocuments.BatchNoticeTitle("北京市", "北京市第一批无疫社区（村）名单").ShouldBe("关于公布北京市第一批无疫社区（村）名单的通知");
        ProgrammeDocuments.BatchListName("北京市", "北京市第一批无疫社区（村）名单").ShouldBe("北京市第一批无疫社区（村）名单");
        ProgrammeDocuments.BatchListName("北京市", "第2批无疫社区（村）名单").ShouldBe("北京市第2批无疫社区（村）名单");
    }

    [Fact]
    public void ProvinceAbbreviations_GoBothWays()
    {
        ProvinceAbbreviation.Of("11").ShouldBe("京");
        ProvinceAbbreviation.CodeOf("京").ShouldBe("11");
        ProvinceAbbreviation.Of("99").ShouldBeNull();
        ProvinceAbbreviation.CodeOf("X").ShouldBeNull();
    }
}
