namespace Wuyi.Domain.Common;

/// <summary>Who signs the programme's documents: a level's community-prevention group, named after its division.</summary>
public static class IssuingBody
{
    /// <summary>e.g. 北京市新冠肺炎疫情防控工作领导小组社区防控组, 海淀区新冠肺炎疫情防控工作领导小组社区防控组.</summary>
    public static string CommunityPreventionGroup(string divisionName) => $"{divisionName}新冠肺炎疫情防控工作领导小组社区防控组";

    /// <summary>The programme as documents name it, after its city: 北京市无疫社区（村）创建活动.</summary>
    public static string Programme(string cityName) => $"{cityName}无疫社区（村）创建活动";
}
