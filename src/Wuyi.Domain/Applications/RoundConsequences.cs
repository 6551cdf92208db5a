using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Applications;

/// <summary>
/// What a step of the round will do (issue 11), from <see cref="Application"/>'s <c>Preview…</c> methods: who has the
/// application next, the scores it goes on with and the rules' verdict on them, and what can no longer be undone.
/// </summary>
/// <param name="Step">The step previewed.</param>
/// <param name="Verdict">The rules' answer on the scores the step is taken on: the self-assessment for submitting and
/// recommending, the district's scores for the decision and the filing; null when they are not complete.</param>
/// <param name="Reason">The reason given for a return or a rejection.</param>
public sealed record RoundConsequences(ApplicationAction Step, string CommunityCode, Explanation? Verdict, string? Reason)
{
    /// <summary>Withdrawal: the application waits for the street's review now (it was submitted), which it will no longer get.</summary>
    public bool AwaitingStreet { get; init; }

    public string StreetCode => DivisionCode.StreetOf(CommunityCode);

    public string DistrictCode => DivisionCode.DistrictOf(CommunityCode);

    /// <summary>The consequences in Chinese; <paramref name="nameOf"/> names a division by its code.</summary>
    public StepConsequences Describe(Func<string, string> nameOf)
    {
        var community = nameOf(CommunityCode);
        var street = nameOf(StreetCode);
        var district = nameOf(DistrictCode);
        var reason = $"（理由：{Reason}）";
        return Step switch
        {
            ApplicationAction.Submit => new(
                $"将提交 {community} 的申报（{Scores("自评")}），提交后由 {street} 审核推荐，提交后不能再修改自评（审核前可以撤回）",
                $"已提交 {community} 的申报（总分 {Total}），等待 {street} 审核推荐"),
            ApplicationAction.Withdraw => new(
                $"将撤回 {community} 的申报{(AwaitingStreet ? $"，{street} 将不再审核" : "")}，本次申报就此结束，撤回后不能恢复；{community} 可以另行发起新的申报（可以本次自评为起点），提交后重新由 {street} 审核推荐",
                $"已撤回 {community} 的申报，本次申报已结束；可以另行发起新的申报（可以本次自评为起点）"),
            ApplicationAction.Recommend => new(
                $"将推荐 {community} 的申报（{Scores("自评")}），推荐后由 {district} 社区防控组复核评定，街道不能再退回",
                $"已推荐 {community} 的申报（总分 {Total}），等待 {district} 社区防控组复核评定"),
            ApplicationAction.ReturnByStreet => new(
                $"将把 {community} 的申报退回社区（村）修改{reason}，社区（村）修改后须重新提交，再由 {street} 审核",
                $"已退回 {community} 的申报{reason}，等待社区（村）修改后重新提交"),
            ApplicationAction.Approve => new(
                $"将评定 {community} 通过（{Scores("区级评分")}），报市社区防控组备案，评定后不能再修改评分",
                $"已评定通过：{community} 总分 {Total}，已报市社区防控组备案"),
            ApplicationAction.Reject => new(
                $"将评定 {community} 不通过（{(Verdict is null ? "区级评分未完成" : Scores("区级评分"))}）{reason}，本次申报就此结束，{community} 须另行发起申报",
                $"已评定不通过：{community} 的本次申报已结束{reason}"),
            ApplicationAction.ReturnByDistrict => new(
                $"将把 {community} 的申报退回社区（村）补充{reason}，社区（村）修改后须重新提交，经 {street} 推荐后再由 {district} 社区防控组评定",
                $"已退回 {community} 的申报补充{reason}，等待社区（村）修改后重新提交"),
            ApplicationAction.File => new(
                $"将备案 {community} 的申报（{Scores("区级评分")}），备案后待市社区防控组公布，公布前不出现在公开名单上",
                $"已备案 {community} 的申报（总分 {Total}），待公布"),
            _ => throw new ArgumentOutOfRangeException(nameof(Step), Step, "该步骤没有确认环节"),
        };
    }

    private string Total => Verdict is { } v ? $"{ScaleVersion.Format(v.Total)} 分" : "未评分";

    /// <summary>自评 92 分，12345 扣 3 分，总分 89 分，达到达标线 85 分.</summary>
    private string Scores(string whose)
    {
        if (Verdict is not { } v) return $"{whose}未完成";
        var mark = ScaleVersion.Format(v.PassMark.Value);
        List<string> said =
        [
            $"{whose} {ScaleVersion.Format(v.Subtotal)} 分",
            $"12345 扣 {ScaleVersion.Format(v.DeductionTotal)} 分",
            $"总分 {ScaleVersion.Format(v.Total)} 分",
            v.GapToPassMark == 0 ? $"达到达标线 {mark} 分" : $"低于达标线 {mark} 分（差 {ScaleVersion.Format(v.GapToPassMark)} 分）",
        ];
        if (!v.HardIndicatorsMet) said.Add("硬性指标未满分");
        if (v.Vetoes.Count > 0) said.Add($"有 {v.Vetoes.Count} 项一票否决事项");
        return string.Join("，", said);
    }
}

/// <summary>What filing several district approvals at once (市级备案) will do, from <see cref="Preview"/>.</summary>
public sealed record FilingConsequences(IReadOnlyList<string> CommunityCodes)
{
    /// <summary>How many communities the confirmation names; the rest are counted.</summary>
    public const int Named = 5;

    /// <summary>Each application must be one the actor may file now (the same refusals as filing it); nothing changes.</summary>
    public static FilingConsequences Preview(Actor actor, IReadOnlyCollection<Application> applications)
    {
        if (applications.Count == 0) throw DomainException.Invalid("nothing-selected", "请选择要备案的申报");
        foreach (var a in applications) a.PreviewFile(actor, null);
        return new(applications.Select(a => a.CommunityCode).ToList());
    }

    /// <summary>The consequences in Chinese; <paramref name="nameOf"/> names a community by its code.</summary>
    public StepConsequences Describe(Func<string, string> nameOf)
    {
        var count = CommunityCodes.Count;
        var names = string.Join("、", CommunityCodes.Take(Named).Select(nameOf)) + (count > Named ? $" 等 {count} 个" : "");
        return new($"将对 {count} 件区级评定通过的申报作市级备案：{names}；备案后列入待公布名单，公布前不出现在公开名单上",
            $"已备案 {count} 件：{names}，已列入待公布名单");
    }
}
