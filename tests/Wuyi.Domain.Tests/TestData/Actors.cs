using Wuyi.Domain.Applications;

namespace Wuyi.Domain.Tests;

/// <summary>Real Beijing division codes used throughout the tests.</summary>
public static class Codes
{
    public const string Beijing = "11";
    public const string Tianjin = "12";
    public const string Haidian = "110108";           // 海淀区
    public const string Chaoyang = "110105";          // 朝阳区
    public const string Street = "110108001";         // a street of Haidian
    public const string OtherStreet = "110108002";    // another street of Haidian
    public const string Community = "110108001001";   // a community of Street
    public const string Neighbour = "110108001002";   // another community of the same street
    public const string OtherStreetCommunity = "110108002001";
    public const string ChaoyangCommunity = "110105001001";
}

public static class Actors
{
    public static Actor Community(string code = Codes.Community) =>
        new($"community-{code}", "社区工作人员", ProgrammeRole.Community, code);

    public static Actor Street(string code = Codes.Street) =>
        new($"street-{code}", "街道干部", ProgrammeRole.Street, code);

    public static Actor District(string code = Codes.Haidian) =>
        new($"district-{code}", "区防控组成员", ProgrammeRole.District, code);

    public static Actor City(string code = Codes.Beijing) =>
        new($"city-{code}", "市防控组成员", ProgrammeRole.City, code);

    /// <summary>An actor of <paramref name="role"/> whose node covers <see cref="Codes.Community"/>.</summary>
    public static Actor Covering(ProgrammeRole role) => role switch
    {
        ProgrammeRole.Community => Community(),
        ProgrammeRole.Street => Street(),
        ProgrammeRole.District => District(),
        ProgrammeRole.City => City(),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>An actor of <paramref name="role"/> whose node does not cover <see cref="Codes.Community"/>.</summary>
    public static Actor OutOfScope(ProgrammeRole role) => role switch
    {
        ProgrammeRole.Community => Community(Codes.Neighbour),
        ProgrammeRole.Street => Street(Codes.OtherStreet),
        ProgrammeRole.District => District(Codes.Chaoyang),
        ProgrammeRole.City => City(Codes.Tianjin),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
