using System.Net;
using System.Net.Http.Json;
using Wuyi.Domain.Applications;
using Wuyi.Web.Publication;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// The whole round with the README's demo accounts, on a database of its own:
/// self-assessment → application → recommendation → evaluation → filing → batch 1 → the public list.
/// </summary>
public abstract class FullRoundTests(WuyiApp app)
{
    [Fact]
    public async Task DemoAccounts_PlayTheRound_CommunityIsOnThePublicListInBatchOne()
    {
        var community = await app.SignInAsync("community");
        var street = await app.SignInAsync("street");
        var district = await app.SignInAsync("district");
        var city = await app.SignInAsync("city");
        var anonymous = app.CreateClient();
        const string code = "110108001001"; // 翠微路社区居委会, 万寿路街道, 海淀区

        // Self-assessment, saved as a draft first, then completed and submitted.
        var draft = await (await community.Start(new Dictionary<string, decimal> { ["A1"] = 15 })).ReadApplication();
        draft.State.ShouldBe(ApplicationState.Draft);
        draft.Community.ShouldBe(new Wuyi.Web.Applications.DivisionRef(code, "翠微路社区居委会"));
        draft.SelfAssessment.ShouldBeNull(); // incomplete: no verdict yet
        var saved = await (await community.PutAsJsonAsync($"/api/v1/applications/{draft.Id}/self-assessment",
            new { scores = Scores(("C5", 3)), note = "自评完成", version = draft.Version }, Json)).ReadApplication();
        saved.SelfAssessment!.Total.ShouldBe(98m);
        saved.SelfAssessment.Passes.ShouldBeTrue();
        (await (await anonymous.GetAsync($"/api/v1/public/communities/{code}")).Read<CommunityStatus>()).Status.ShouldBe(PublicStatus.NotCertified);

        var submitted = await (await community.Step(draft.Id, "submit", new { version = saved.Version })).ReadApplication();
        submitted.State.ShouldBe(ApplicationState.Submitted);
        (await (await anonymous.GetAsync($"/api/v1/public/communities/{code}")).Read<CommunityStatus>()).Status.ShouldBe(PublicStatus.Applying);

        // The street sees it in its queue and recommends it.
        var queue = await (await street.GetAsync("/api/v1/applications?state=Submitted")).Read<Wuyi.Web.Applications.Paged<Wuyi.Web.Applications.ApplicationSummary>>();
        queue.Items.ShouldContain(i => i.Id == draft.Id && i.CommunityName == "翠微路社区居委会" && i.StreetName == "万寿路街道");
        var recommended = await (await street.Step(draft.Id, "recommend", new { version = submitted.Version, comment = "卡口值守规范，推荐" })).ReadApplication();
        recommended.State.ShouldBe(ApplicationState.Recommended);

        // The district scores it itself and approves on the engine's pass.
        var evaluated = await (await district.PutAsJsonAsync($"/api/v1/applications/{draft.Id}/evaluation",
            new
            {
                scores = Scores(("C5", 4), ("A3", 4)), findings = "现场复核：卡口24小时值守，台账完整", version = recommended.Version,
                indicatorFindings = new Dictionary<string, string> { ["A3"] = "测温设备一台故障未及时更换", ["C5"] = "应急演练记录缺少一次" },
            }, Json)).ReadApplication();
        evaluated.Evaluation!.Total.ShouldBe(98m);
        var approved = await (await district.Step(draft.Id, "approve", new { version = evaluated.Version, comment = "同意" })).ReadApplication();
        approved.State.ShouldBe(ApplicationState.Approved);
        approved.Decision!.Total.ShouldBe(98m);
        approved.Decision.PassMark.Value.ShouldBe(85m);
        approved.DistrictIndicatorFindings.ShouldBe(new Dictionary<string, string> { ["A3"] = "测温设备一台故障未及时更换", ["C5"] = "应急演练记录缺少一次" },
            ignoreOrder: true); // why the community lost the points

        // The city files it and publishes the first batch.
        var filed = await (await city.Step(draft.Id, "file", new { version = approved.Version })).ReadApplication();
        filed.State.ShouldBe(ApplicationState.Filed);
        var batch = await (await city.PostAsJsonAsync("/api/v1/batches", new { applicationIds = new[] { draft.Id }, title = "第一批无疫社区（村）名单" }, Json)).Read<PublicationApi.BatchView>();
        batch.Number.ShouldBe(1);
        batch.CommunityCount.ShouldBe(1);

        // The public reads tell the truth at once.
        var list = await (await anonymous.GetAsync("/api/v1/public/certified?district=110108&q=翠微路")).Read<Wuyi.Web.Applications.Paged<CertifiedCommunity>>();
        var entry = list.Items.ShouldHaveSingleItem();
        entry.Code.ShouldBe(code);
        entry.BatchNumber.ShouldBe(1);
        entry.Street.Name.ShouldBe("万寿路街道");
        entry.District.Name.ShouldBe("海淀区");
        entry.CertifiedOn.ShouldBe(new DateOnly(2022, 6, 16));
        var status = await (await anonymous.GetAsync($"/api/v1/public/communities/{code}")).Read<CommunityStatus>();
        status.Status.ShouldBe(PublicStatus.Certified);
        status.BatchNumber.ShouldBe(1);
        var summary = await (await anonymous.GetAsync("/api/v1/public/summary")).Read<Summary>();
        summary.ShouldBe(new Summary("北京市", 16, 349, 7535, 1, 1, new DateOnly(2022, 6, 16)));

        // The history tells who did what, in order.
        var published = await (await community.Get(draft.Id)).ReadApplication();
        published.State.ShouldBe(ApplicationState.Published);
        published.BatchNumber.ShouldBe(1);
        published.History.Select(h => (h.Action, h.Actor.Role)).ShouldBe(
        [
            (ApplicationAction.Create, ProgrammeRole.Community), (ApplicationAction.Submit, ProgrammeRole.Community),
            (ApplicationAction.Recommend, ProgrammeRole.Street), (ApplicationAction.Approve, ProgrammeRole.District),
            (ApplicationAction.File, ProgrammeRole.City), (ApplicationAction.Publish, ProgrammeRole.City),
        ]);
        published.History[2].Comment.ShouldBe("卡口值守规范，推荐");
        published.History[3].Explanation!.Total.ShouldBe(98m);

        // Certified: no second application.
        (await community.Start(Scores())).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}

public sealed class FullRoundTests_Sqlite(SqliteApp app) : FullRoundTests(app), IClassFixture<SqliteApp>;

public sealed class FullRoundTests_Postgres(PostgresApp app) : FullRoundTests(app), IClassFixture<PostgresApp>;
