using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.Tests;

/// <summary>The statistical division codes: levels, subtrees by prefix, parents, and 社区 vs 村.</summary>
public sealed class DivisionCodeTests
{
    [Theory]
    [InlineData("11", DivisionLevel.Province)]
    [InlineData("1101", DivisionLevel.Prefecture)]
    [InlineData("110108", DivisionLevel.District)]
    [InlineData("110108001", DivisionLevel.Street)]
    [InlineData("110108001001", DivisionLevel.Community)]
    public void LevelOf_ReadsTheLevelFromTheLength(string code, DivisionLevel level) => DivisionCode.LevelOf(code).ShouldBe(level);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("11010")]
    [InlineData("11010800100")]
    [InlineData("1101080010011")]
    [InlineData("11a108")]
    [InlineData("１１")] // full-width digits are not codes
    public void LevelOf_RefusesWhatIsNotACode(string? code)
    {
        DivisionCode.LevelOf(code).ShouldBeNull();
        DivisionCode.IsValid(code).ShouldBeFalse();
    }

    [Theory]
    [InlineData("11", "110108001001", true)]
    [InlineData("110108", "110108001001", true)]
    [InlineData("110108001", "110108001001", true)]
    [InlineData("110108001001", "110108001001", true)]
    [InlineData("110105", "110108001001", false)]
    [InlineData("110108002", "110108001001", false)]
    [InlineData("110108001001", "110108001", false)] // a child never covers its parent
    [InlineData("12", "110108001001", false)]
    [InlineData("", "110108001001", false)]
    [InlineData("1101080", "110108001001", false)] // not a code, even though a prefix
    public void Covers_IsThePrefixOfAValidCode(string scope, string code, bool covers) => DivisionCode.Covers(scope, code).ShouldBe(covers);

    [Fact]
    public void ParentOf_WalksUpTheTree()
    {
        DivisionCode.ParentOf("110108001001").ShouldBe("110108001");
        DivisionCode.ParentOf("110108001").ShouldBe("110108");
        DivisionCode.ParentOf("110108").ShouldBe("1101");
        DivisionCode.ParentOf("1101").ShouldBe("11");
        DivisionCode.ParentOf("11").ShouldBeNull();
        Should.Throw<ArgumentException>(() => DivisionCode.ParentOf("1101080")).Message.ShouldContain("无效");
    }

    [Fact]
    public void DistrictAndStreetOf_TakeTheirPrefixes()
    {
        DivisionCode.DistrictOf("110108001001").ShouldBe("110108");
        DivisionCode.StreetOf("110108001001").ShouldBe("110108001");
        DivisionCode.ProvinceOf("110108001001").ShouldBe("11");
        Should.Throw<ArgumentException>(() => DivisionCode.StreetOf("110108"));
    }

    [Theory]
    [InlineData("多福巷社区居委会", CommunityKind.Community)]
    [InlineData("翠微路社区居委会", CommunityKind.Community)]
    [InlineData("东方红生活区居委会", CommunityKind.Community)]
    [InlineData("某某居民委员会", CommunityKind.Community)]
    [InlineData("小营村社区居委会", CommunityKind.Community)] // a community named after a village is still a community
    [InlineData("楼梓庄村委会", CommunityKind.Village)]
    [InlineData("某某村民委员会", CommunityKind.Village)]
    [InlineData("大庄村", CommunityKind.Village)]
    [InlineData("XX村委会", CommunityKind.Village)]
    [InlineData("XX村民委员会", CommunityKind.Village)]
    [InlineData("XX庄村", CommunityKind.Village)]
    [InlineData("XX生活区", CommunityKind.Community)]
    [InlineData("清河生活区", CommunityKind.Community)]
    [InlineData("西二旗社区", CommunityKind.Community)]
    [InlineData("  马家庄村委会  ", CommunityKind.Village)] // surrounding blanks do not matter
    public void KindFromName_TellsACommunityFromAVillage(string name, CommunityKind kind) => DivisionCode.KindFromName(name).ShouldBe(kind);

    [Theory]
    [InlineData("110108001001", "11")]
    [InlineData("110108", "11")]
    [InlineData("11", "11")]
    public void ProvinceOf_IsTheFirstTwoDigits(string code, string province) => DivisionCode.ProvinceOf(code).ShouldBe(province);

    [Theory]
    [InlineData("1101")]
    [InlineData("11")]
    [InlineData("abcdefghijkl")]
    public void DistrictOf_ACodeAboveOrNotACode_Throws(string code) =>
        Should.Throw<ArgumentException>(() => DivisionCode.DistrictOf(code)).Message.ShouldContain(code);

    [Theory]
    [InlineData("110108001")]
    [InlineData("110108")]
    public void StreetOf_ItselfForAStreet_ElseThrowsAbove(string code)
    {
        if (code.Length == 9) DivisionCode.StreetOf(code).ShouldBe(code);
        else Should.Throw<ArgumentException>(() => DivisionCode.StreetOf(code));
    }

    [Fact]
    public void EveryCode_IsCoveredByEachOfItsAncestors()
    {
        var code = Codes.Community;
        for (var parent = DivisionCode.ParentOf(code); parent is not null; parent = DivisionCode.ParentOf(parent))
            DivisionCode.Covers(parent, code).ShouldBeTrue(parent);
    }

    // ---- actors: each role is bound to one node ----

    [Theory]
    [InlineData(ProgrammeRole.Community, DivisionLevel.Community)]
    [InlineData(ProgrammeRole.Street, DivisionLevel.Street)]
    [InlineData(ProgrammeRole.District, DivisionLevel.District)]
    [InlineData(ProgrammeRole.City, DivisionLevel.Province)]
    public void Actor_LevelFor_IsTheNodeLevelOfTheRole(ProgrammeRole role, DivisionLevel level)
    {
        Actor.LevelFor(role).ShouldBe(level);
        DivisionCode.LevelOf(Actors.Covering(role).DivisionCode).ShouldBe(level); // the test actors are well-formed
    }

    [Fact]
    public void Actor_LevelFor_UnknownRole_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Actor.LevelFor((ProgrammeRole)99));

    [Theory]
    [InlineData("110108", null, "110108")]              // no filter: the subtree
    [InlineData("110108", " ", "110108")]
    [InlineData("110108", "11", "110108")]              // wider than the subtree: the subtree
    [InlineData("110108", "110108001", "110108001")]    // inside: narrowed
    [InlineData("110108", " 110108001001 ", "110108001001")]
    [InlineData("110108", "110105", Actor.NoDivision)]  // outside: nothing, never the whole subtree
    [InlineData("110108", "110105001001", Actor.NoDivision)]
    public void Actor_Narrow_KeepsAListInsideTheSubtree(string node, string? within, string expected) =>
        new Actor("u", "测试", ProgrammeRole.District, node).Narrow(within).ShouldBe(expected);

    [Theory]
    [InlineData(ProgrammeRole.Community, "社区（村）")]
    [InlineData(ProgrammeRole.Street, "街道（乡镇）")]
    [InlineData(ProgrammeRole.District, "区社区防控组")]
    [InlineData(ProgrammeRole.City, "市社区防控组")]
    public void Actor_RoleName_IsChinese(ProgrammeRole role, string name) => Actor.RoleName(role).ShouldBe(name);

    [Theory]
    [InlineData(ProgrammeRole.Community)]
    [InlineData(ProgrammeRole.Street)]
    [InlineData(ProgrammeRole.District)]
    [InlineData(ProgrammeRole.City)]
    public void Actor_Covers_CommunitiesBelowItsNodeOnly(ProgrammeRole role)
    {
        Actors.Covering(role).Covers(Codes.Community).ShouldBeTrue();
        Actors.OutOfScope(role).Covers(Codes.Community).ShouldBeFalse();
    }

    [Fact]
    public void Actor_Covers_DoesNotLookSideways()
    {
        Actors.Street().Covers(Codes.OtherStreetCommunity).ShouldBeFalse();
        Actors.District().Covers(Codes.ChaoyangCommunity).ShouldBeFalse();
        Actors.City().Covers(Codes.ChaoyangCommunity).ShouldBeTrue();
        Actors.Community().Covers(Codes.Neighbour).ShouldBeFalse();
    }
}
