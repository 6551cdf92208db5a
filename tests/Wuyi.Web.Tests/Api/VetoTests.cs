using System.Net;
using System.Net.Http.Json;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// 一票否决 (rule 3): each kind of veto on a certified community revokes the title at once, the public list
/// and the dynamic adjustments say so on the very next read, and the community is told to rectify.
/// A case without a management lapse is no veto. Each test takes its own district.
/// </summary>
public abstract class VetoTests(WuyiApp app)
{
    [Theory]
    [InlineData(VetoKind.InspectionNotice, "110101")]
    [InlineData(VetoKind.MediaExposure, "110102")]
    [InlineData(VetoKind.CaseWithManagementLapse, "110105")]
    public async Task Post_OnACertifiedCommunity_RevokesTheTitle_AndThePublicSeesItOnTheNextRead(VetoKind kind, string district)
    {
        var round = await Round.StartAsync(app, district);
        var code = round.CommunityCode;
        var (applicationId, _) = await round.CertifiedAsync();
        await app.ShouldBeOnPublicList(code, true); // the cached reads hold it now
        var adjustmentsBefore = (await app.AdjustmentsAsync()).Total;

        var response = await round.District.RecordVeto(code, kind, app.Clock, source: "北京日报",
            managementLapse: kind == VetoKind.CaseWithManagementLapse ? true : null);
        var veto = await response.Read<VetoView>();
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/vetoes/{veto.Id}");
        (await (await round.Street.GetAsync(response.Headers.Location)).Read<VetoView>()).Id.ShouldBe(veto.Id);
        veto.Kind.ShouldBe(kind);
        veto.KindName.ShouldBe(VetoKindNames.Of(kind));
        veto.StatusName.ShouldBe("有效");
        veto.Place.District.Code.ShouldBe(district);

        // Off the public list at once, on every public read.
        await app.ShouldBeOnPublicList(code, false);
        (await app.PublicStatusAsync(code)).ShouldBe(PublicStatus.Revoked);
        var adjustments = await app.AdjustmentsAsync();
        adjustments.Total.ShouldBe(adjustmentsBefore + 1);
        var revocation = adjustments.Items.Single(a => a.Place.Community.Code == code);
        revocation.What.ShouldBe("取消认定");
        revocation.Reason.ShouldContain(VetoKindNames.Of(kind));
        revocation.Reason.ShouldContain("北京日报");
        revocation.Reason.ShouldContain("2022年6月15日"); // the day it happened, Beijing time
        revocation.Reason.ShouldNotContain("卡口夜间无人值守"); // the internal description stays internal
        revocation.On.ShouldBe(new DateOnly(2022, 6, 16));
        var story = await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{code}/story")).Read<List<StoryEntry>>();
        story.Select(s => s.What).ShouldBe(["公布", "取消认定"], ignoreOrder: true); // same instant on the test clock: order is checked in RectificationTests
        story.ShouldAllBe(s => s.ActorName == null);

        // The application on record is not rewritten; the community is told to rectify and may not apply.
        (await round.District.StateOf(applicationId)).ShouldBe(ApplicationState.Published);
        var task = await round.Community.OpenTaskAsync(code);
        task.Deadline.ShouldBe(new DateOnly(2022, 7, 16)); // 30 days by default
        task.Reason.ShouldContain(VetoKindNames.Of(kind));
        task.Overdue.ShouldBeFalse();
        var refused = await (await round.Community.Start(Scores())).ChineseProblem(HttpStatusCode.Conflict, "rectification-pending");
        refused.GetProperty("detail").GetString()!.ShouldContain("整改");
        var vetoes = await (await round.Street.GetAsync($"/api/v1/vetoes?community={code}")).Read<Paged<VetoView>>();
        vetoes.Items.ShouldHaveSingleItem().Id.ShouldBe(veto.Id);
    }

    [Fact]
    public async Task Post_CaseWithoutManagementLapse_IsNoVeto_AndRevokesNothing()
    {
        var round = await Round.StartAsync(app, "110106");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var adjustmentsBefore = (await app.AdjustmentsAsync()).Total;

        var problem = await (await round.District.RecordVeto(code, VetoKind.CaseWithManagementLapse, app.Clock, managementLapse: false))
            .ChineseProblem(HttpStatusCode.BadRequest, "not-a-veto");
        problem.GetProperty("errors").GetProperty("managementLapse").GetArrayLength().ShouldBe(1);
        // A case says nothing either way unless a lapse is named: no lapse given means none.
        await (await round.District.RecordVeto(code, VetoKind.CaseWithManagementLapse, app.Clock))
            .ChineseProblem(HttpStatusCode.BadRequest, "not-a-veto");

        await app.ShouldBeOnPublicList(code, true);
        (await app.AdjustmentsAsync()).Total.ShouldBe(adjustmentsBefore);
        (await (await round.City.GetAsync($"/api/v1/vetoes?community={code}")).Read<Paged<VetoView>>()).Total.ShouldBe(0);
        (await (await round.City.GetAsync($"/api/v1/rectifications?community={code}")).Read<Paged<RectificationView>>()).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Post_OnAnOpenApplication_SuspendsIt_AndNoNewApplicationMayStart()
    {
        var round = await Round.StartAsync(app, "110107");
        var code = round.CommunityCode;
        var id = await round.RecommendedAsync();
        (await app.PublicStatusAsync(code)).ShouldBe(PublicStatus.Applying);

        await round.City.VetoAsync(code, VetoKind.MediaExposure, app.Clock); // the city records too

        var suspended = await (await round.District.Get(id)).ReadApplication();
        suspended.State.ShouldBe(ApplicationState.Suspended);
        suspended.History[^1].Action.ShouldBe(ApplicationAction.Suspend);
        suspended.History[^1].Comment!.ShouldContain("一票否决");
        (await app.PublicStatusAsync(code)).ShouldBe(PublicStatus.NotCertified);
        await (await round.District.Step(id, "approve", new { scores = Scores() })).ChineseProblem(HttpStatusCode.Conflict, "illegal-transition");
        await (await round.Community.Start(Scores())).ChineseProblem(HttpStatusCode.Conflict, "rectification-pending");
        await app.ShouldBeOnPublicList(code, false);
        (await app.AdjustmentsAsync()).Items.ShouldNotContain(a => a.Place.Community.Code == code); // nothing was revoked
    }

    [Fact]
    public async Task Post_OnACommunityWithNothingOnRecord_BlocksItsFirstApplication()
    {
        var round = await Round.StartAsync(app, "110111");
        await round.District.VetoAsync(round.CommunityCode, VetoKind.InspectionNotice, app.Clock);
        await (await round.Community.Start(Scores())).ChineseProblem(HttpStatusCode.Conflict, "rectification-pending");
        (await (await round.Community.GetAsync("/api/v1/applications")).Read<Paged<ApplicationSummary>>()).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Post_OutsideScope_Returns404_WrongRole_Returns403_AndChangesNothing()
    {
        var round = await Round.StartAsync(app, "110109");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110112");

        await (await otherDistrict.RecordVeto(code, VetoKind.InspectionNotice, app.Clock)).ChineseProblem(HttpStatusCode.NotFound);
        await (await round.Street.RecordVeto(code, VetoKind.InspectionNotice, app.Clock)).Problem(HttpStatusCode.Forbidden);
        await (await round.Community.RecordVeto(code, VetoKind.InspectionNotice, app.Clock)).Problem(HttpStatusCode.Forbidden);
        await (await app.CreateClient().PostAsJsonAsync("/api/v1/vetoes", new { communityCode = code, kind = "MediaExposure" }, Json)).Problem(HttpStatusCode.Unauthorized);
        await app.ShouldBeOnPublicList(code, true);
        (await (await round.City.GetAsync($"/api/v1/vetoes?community={code}")).Read<Paged<VetoView>>()).Total.ShouldBe(0);

        // Recorded by its own district: the other district neither sees nor annuls it; only the city annuls.
        var veto = await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        await (await otherDistrict.GetAsync($"/api/v1/vetoes/{veto.Id}")).ChineseProblem(HttpStatusCode.NotFound);
        (await (await otherDistrict.GetAsync($"/api/v1/vetoes?community={code}")).Read<Paged<VetoView>>()).Items.ShouldNotContain(v => v.Id == veto.Id);
        (await (await otherDistrict.GetAsync("/api/v1/vetoes")).Read<Paged<VetoView>>()).Items.ShouldNotContain(v => v.Id == veto.Id);
        await (await round.District.PostAsJsonAsync($"/api/v1/vetoes/{veto.Id}/annul", new { reason = "误录" }, Json)).Problem(HttpStatusCode.Forbidden);
        (await (await round.Community.GetAsync($"/api/v1/vetoes/{veto.Id}")).Read<VetoView>()).StatusName.ShouldBe("有效");
    }

    [Fact]
    public async Task Lists_FilteredOnACommunityOutsideScope_AreEmpty_NotTheCallersWholeSubtree()
    {
        var mine = await Round.StartAsync(app, "110114");
        var theirs = await Round.StartAsync(app, "110115");
        await mine.District.VetoAsync(mine.CommunityCode, VetoKind.InspectionNotice, app.Clock);
        await theirs.District.VetoAsync(theirs.CommunityCode, VetoKind.MediaExposure, app.Clock);

        foreach (var list in new[] { "vetoes", "rectifications", "re-evaluations?open=false&" })
        {
            var url = $"/api/v1/{(list.Contains('?') ? list : list + "?")}community={theirs.CommunityCode}";
            (await (await mine.District.GetAsync(url)).Read<System.Text.Json.JsonElement>()).GetProperty("total").GetInt32().ShouldBe(0, url);
            (await (await mine.Community.GetAsync(url)).Read<System.Text.Json.JsonElement>()).GetProperty("total").GetInt32().ShouldBe(0, url);
        }
        (await (await mine.District.GetAsync($"/api/v1/vetoes?community={mine.CommunityCode}")).Read<Paged<VetoView>>()).Total.ShouldBe(1);
        // A filter wider than the caller's subtree is the subtree.
        (await (await mine.District.GetAsync("/api/v1/vetoes?community=11")).Read<Paged<VetoView>>()).Items.ShouldAllBe(v => v.Place.District.Code == "110114");
        (await (await mine.City.GetAsync("/api/v1/vetoes?community=110115")).Read<Paged<VetoView>>()).Items.ShouldAllBe(v => v.Place.District.Code == "110115");
    }

    [Fact]
    public async Task Post_BadInput_Returns400ProblemInChinese_AndRecordsNothing()
    {
        var round = await Round.StartAsync(app, "110113");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var district = round.District;

        var badCode = await (await district.RecordVeto("1101", VetoKind.InspectionNotice, app.Clock)).ChineseProblem(HttpStatusCode.BadRequest, "community-code-invalid");
        badCode.GetProperty("errors").GetProperty("communityCode").GetArrayLength().ShouldBe(1);
        await (await district.RecordVeto(code[..9], VetoKind.InspectionNotice, app.Clock)).ChineseProblem(HttpStatusCode.BadRequest, "community-code-invalid");
        (await (await district.RecordVeto(code, VetoKind.InspectionNotice, app.Clock, source: " ")).ChineseProblem(HttpStatusCode.BadRequest, "reason-required"))
            .GetProperty("errors").GetProperty("source").GetArrayLength().ShouldBe(1);
        (await (await district.RecordVeto(code, VetoKind.MediaExposure, app.Clock, description: "")).ChineseProblem(HttpStatusCode.BadRequest, "reason-required"))
            .GetProperty("errors").GetProperty("description").GetArrayLength().ShouldBe(1);
        await (await district.RecordVeto(code, (VetoKind)9, app.Clock)).ChineseProblem(HttpStatusCode.BadRequest, "veto-kind-invalid");
        await (await district.RecordVeto(code, VetoKind.InspectionNotice, app.Clock, rectificationDeadline: new DateOnly(2022, 6, 15)))
            .ChineseProblem(HttpStatusCode.BadRequest, "deadline-past");
        await (await district.PostAsJsonAsync("/api/v1/vetoes", new { communityCode = code, kind = "InspectionNotice", occurredAt = app.Clock.GetUtcNow().AddDays(1), source = "通报", description = "未值守" }, Json))
            .ChineseProblem(HttpStatusCode.BadRequest, "occurred-in-future");
        await (await district.PostAsJsonAsync("/api/v1/vetoes", new { communityCode = code, kind = "Rumour", source = "通报", description = "未值守" }, Json))
            .ChineseProblem(HttpStatusCode.BadRequest);
        await (await district.PostAsync("/api/v1/vetoes", new StringContent("{\"communityCode\": ", System.Text.Encoding.UTF8, "application/json")))
            .ChineseProblem(HttpStatusCode.BadRequest);

        await app.ShouldBeOnPublicList(code, true);
        (await (await round.City.GetAsync($"/api/v1/vetoes?community={code}")).Read<Paged<VetoView>>()).Total.ShouldBe(0);
        (await (await round.City.GetAsync($"/api/v1/rectifications?community={code}")).Read<Paged<RectificationView>>()).Total.ShouldBe(0);
    }
}

public sealed class VetoTests_Sqlite(SqliteApp app) : VetoTests(app), IClassFixture<SqliteApp>;

public sealed class VetoTests_Postgres(PostgresApp app) : VetoTests(app), IClassFixture<PostgresApp>;
