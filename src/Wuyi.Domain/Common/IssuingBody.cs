namespace Wuyi.Domain.Common;

/// <summary>Who signs the programme's documents: a level's community-prevention group, named after its division.</summary>
public static class IssuingBody
{
    // The leading group (领导小组) whose community-prevention group (社区防控组) signs.
    private const string LeadingGroupEnd = "领导小组";
    private const string LeadingGroup = "新冠肺炎疫情防控工作" + LeadingGroupEnd;
    private const string PreventionGroup = "社区防控组";

    /// <summary>e.g. 北京市新冠肺炎疫情防控工作领导小组社区防控组, 海淀区新冠肺炎疫情防控工作领导小组社区防控组.</summary>
    public static string CommunityPreventionGroup(string divisionName) => $"{divisionName}{LeadingGroup}{PreventionGroup}";

    /// <summary>
    /// An issuer's name in its two parts, where a long name may break: the leading group (…领导小组) and its office
    /// (社区防控组). Works on an issuer as a stored document froze it; a name without the leading group is all
    /// <c>Group</c>, with an empty <c>Office</c>.
    /// </summary>
    public static (string Group, string Office) Split(string issuer)
    {
        var at = issuer.IndexOf(LeadingGroupEnd, StringComparison.Ordinal);
        var cut = at > 0 ? at + LeadingGroupEnd.Length : issuer.Length;
        return (issuer[..cut], issuer[cut..]);
    }

    /// <summary>The programme as documents name it, after its city: 北京市无疫社区（村）创建活动.</summary>
    public static string Programme(string cityName) => $"{cityName}无疫社区（村）创建活动";
}
