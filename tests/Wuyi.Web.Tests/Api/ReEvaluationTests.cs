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
/// 撤销误录的否决事项 and 重新评定: the city annuls a veto with a reason; nothing it caused is undone silently,
/// the district gets a re-evaluation and decides to restore or keep. Each test takes its own district.
/// </summary>
public abstract class ReEvaluationTests(WuyiApp app)
{
    private static Task<HttpResponseMessage> Annul(HttpClient client, Guid veto, string? reason) =>
        client.PostAsJsonAsync($"/api/v1/vetoes/{veto}/annul", new { reason }, Json);

    [Fact]
    public async Task TwoMistakenVetoes_AnnulledOldestFirst_OneDecisionRestoresTheTitle()
    {
        var round = await Round.StartAsync(app, "110119");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var first = await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var second = await round.City.VetoAsync(code, VetoKind.MediaExposure, app.Clock);

        await (await Annul(round.City, first.Id, "通报所指为相邻社区")).ShouldBe(HttpStatusCode.OK);
        await (await Annul(round.City, second.Id, "报道所指为相邻社区")).ShouldBe(HttpStatusCode.OK);

        var item = (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={code}")).Read<Paged<ReEvaluationView>>()).Items.ShouldHaveSingleItem();
        item.Detail.ShouldContain("相邻社区");
        item.Detail.ShouldContain("也已撤销");
        await (await round.District.Decide(item.Id, "Restore", "两项均系误录，恢复认定", item.Version)).ShouldBe(HttpStatusCode.OK);
        await app.ShouldBeOnPublicList(code, true);
    }

    [Fact]
    public async Task Annul_RestoresNothingSilently_TheDistrictRestores_AndThePublicListHasItBack()
    {
        var round = await Round.StartAsync(app, "110101");
        var code = round.CommunityCode;
        var (_, batch) = await round.CertifiedAsync();
        var veto = await round.District.VetoAsync(code, VetoKind.MediaExposure, app.Clock);
        await app.ShouldBeOnPublicList(code, false);

        // A reason is owed, and only the city annuls.
        (await (await Annul(round.City, veto.Id, "  ")).ChineseProblem(HttpStatusCode.BadRequest, "reason-required"))
            .GetProperty("errors").GetProperty("reason").GetArrayLength().ShouldBe(1);
        await (await Annul(round.District, veto.Id, "误录")).Problem(HttpStatusCode.Forbidden);
        await (await Annul(round.Street, veto.Id, "误录")).Problem(HttpStatusCode.Forbidden);
        var annulled = await (await Annul(round.City, veto.Id, "经核实，曝光的卡口不属于本社区")).Read<VetoView>();
        annulled.StatusName.ShouldBe("已撤销");
        annulled.AnnulmentReason.ShouldBe("经核实，曝光的卡口不属于本社区");
        await (await Annul(round.City, veto.Id, "再次撤销")).ChineseProblem(HttpStatusCode.Conflict, "veto-annulled");

        // Nothing comes back by itself: still off the list, the task still open, a re-evaluation waits for the district.
        await app.ShouldBeOnPublicList(code, false);
        (await round.District.OpenTaskAsync(code)).State.ShouldBe(RectificationState.Open);
        var queue = await (await round.District.GetAsync("/api/v1/re-evaluations?open=true")).Read<Paged<ReEvaluationView>>();
        var item = queue.Items.ShouldHaveSingleItem();
        item.Place.Community.Code.ShouldBe(code);
        item.Cause.ShouldBe(ReEvaluationCause.VetoAnnulled);
        item.State.ShouldBe(ReEvaluationState.Open);
        item.Decisions.ShouldBe([ReEvaluationDecision.Restore, ReEvaluationDecision.Keep]);
        item.Detail.ShouldContain("取消了认定");
        item.Detail.ShouldContain("经核实，曝光的卡口不属于本社区");
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110102");
        await (await otherDistrict.GetAsync($"/api/v1/re-evaluations/{item.Id}")).ChineseProblem(HttpStatusCode.NotFound);
        (await (await otherDistrict.GetAsync("/api/v1/re-evaluations")).Read<Paged<ReEvaluationView>>()).Items.ShouldNotContain(r => r.Id == item.Id);
        await (await otherDistrict.Decide(item.Id, "Restore", "恢复")).ChineseProblem(HttpStatusCode.NotFound);
        await (await round.Street.Decide(item.Id, "Restore", "恢复")).Problem(HttpStatusCode.Forbidden);
        await (await round.Community.Decide(item.Id, "Restore", "恢复")).Problem(HttpStatusCode.Forbidden);

        // Bad decisions change nothing.
        await (await round.District.Decide(item.Id, "Restore", "")).ChineseProblem(HttpStatusCode.BadRequest, "reason-required");
        await (await round.District.Decide(item.Id, "Revoke", "取消")).ChineseProblem(HttpStatusCode.BadRequest, "decision-invalid");
        await (await round.District.Decide(item.Id, "Restore", "恢复", version: item.Version - 1)).ChineseProblem(HttpStatusCode.Conflict, "stale");
        await app.ShouldBeOnPublicList(code, false);

        var restored = await (await round.District.Decide(item.Id, "Restore", "否决事项系误录，恢复认定", version: item.Version)).Read<ReEvaluationView>();
        restored.State.ShouldBe(ReEvaluationState.Restored);
        restored.Comment.ShouldBe("否决事项系误录，恢复认定");
        await (await round.District.Decide(item.Id, "Keep", "维持")).ChineseProblem(HttpStatusCode.Conflict, "illegal-transition");

        // Back on the public list at once, in its old batch; the adjustments show the restoration after the revocation.
        await app.ShouldBeOnPublicList(code, true);
        var entry = (await (await app.CreateClient().GetAsync($"/api/v1/public/certified?q={code}")).Read<Paged<CertifiedCommunity>>()).Items.ShouldHaveSingleItem();
        entry.BatchNumber.ShouldBe(batch);
        var adjustments = (await app.AdjustmentsAsync()).Items.Where(a => a.Place.Community.Code == code).ToList();
        adjustments.Select(a => a.What).ShouldBe(["恢复认定", "取消认定"], ignoreOrder: true);
        adjustments.Single(a => a.What == "恢复认定").Reason.ShouldContain("误录");
        // The task it caused is withdrawn; certified again, the community has nothing to apply for.
        var tasks = await (await round.Community.GetAsync($"/api/v1/rectifications?community={code}")).Read<Paged<RectificationView>>();
        tasks.Items.ShouldHaveSingleItem().State.ShouldBe(RectificationState.Cancelled);
        await (await round.Community.Start(Scores())).ChineseProblem(HttpStatusCode.Conflict, "already-certified");
        (await (await round.District.GetAsync("/api/v1/re-evaluations?open=true")).Read<Paged<ReEvaluationView>>()).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Annul_ThenKeep_LeavesTheTitleRevoked_AndTheTaskOpen()
    {
        var round = await Round.StartAsync(app, "110105");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var veto = await round.City.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        await (await Annul(round.City, veto.Id, "通报文号录错")).ShouldBe(HttpStatusCode.OK);
        var item = (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={code}")).Read<Paged<ReEvaluationView>>()).Items.ShouldHaveSingleItem();

        var kept = await (await round.City.Decide(item.Id, "Keep", "现场复核发现卡口确有问题，维持取消认定")).Read<ReEvaluationView>();
        kept.State.ShouldBe(ReEvaluationState.Kept);
        await app.ShouldBeOnPublicList(code, false);
        (await round.Community.OpenTaskAsync(code)).State.ShouldBe(RectificationState.Open);
        await (await round.Community.Start(Scores())).ChineseProblem(HttpStatusCode.Conflict, "rectification-pending");
    }

    [Fact]
    public async Task Annul_OfAVetoThatSuspendedAnApplication_Restore_ResumesItWhereItStood()
    {
        var round = await Round.StartAsync(app, "110106");
        var code = round.CommunityCode;
        var id = await round.RecommendedAsync();
        var veto = await round.District.VetoAsync(code, VetoKind.CaseWithManagementLapse, app.Clock);
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Suspended);

        await (await Annul(round.City, veto.Id, "病例系外区输入，无漏管失管")).ShouldBe(HttpStatusCode.OK);
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Suspended); // nothing silently
        var item = (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={code}")).Read<Paged<ReEvaluationView>>()).Items.ShouldHaveSingleItem();
        item.Detail.ShouldContain("中止了申报");

        await (await round.District.Decide(item.Id, "Restore", "恢复办理")).ShouldBe(HttpStatusCode.OK);
        var resumed = await (await round.District.Get(id)).ReadApplication();
        resumed.State.ShouldBe(ApplicationState.Recommended);
        resumed.History[^1].Action.ShouldBe(ApplicationAction.Resume);
        (await app.PublicStatusAsync(code)).ShouldBe(PublicStatus.Applying);
        // …and it runs on to the public list.
        await (await round.District.Step(id, "approve", new { scores = Scores(), findings = "复核属实" })).ShouldBe(HttpStatusCode.OK);
        await (await round.City.Step(id, "file")).ShouldBe(HttpStatusCode.OK);
        await (await round.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = new[] { id } }, Json)).ShouldBe(HttpStatusCode.Created);
        await app.ShouldBeOnPublicList(code, true);
    }

    [Fact]
    public async Task Annul_OfAVetoThatOnlyOpenedATask_Restore_WithdrawsTheTask_AndTheCommunityMayApply()
    {
        var round = await Round.StartAsync(app, "110109");
        var code = round.CommunityCode;
        var veto = await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        await (await Annul(round.City, veto.Id, "通报对象系同名社区")).ShouldBe(HttpStatusCode.OK);
        await (await round.Community.Start(Scores())).ChineseProblem(HttpStatusCode.Conflict, "rectification-pending"); // not silently

        var item = (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={code}")).Read<Paged<ReEvaluationView>>()).Items.ShouldHaveSingleItem();
        item.Detail.ShouldContain("整改任务尚未完成");
        await (await round.District.Decide(item.Id, "Restore", "撤销整改任务")).ShouldBe(HttpStatusCode.OK);
        (await (await round.Community.GetAsync($"/api/v1/rectifications?community={code}")).Read<Paged<RectificationView>>())
            .Items.ShouldHaveSingleItem().State.ShouldBe(RectificationState.Cancelled);
        (await (await round.Community.Start(Scores())).ReadApplication()).State.ShouldBe(ApplicationState.Draft);
        (await app.AdjustmentsAsync()).Items.ShouldNotContain(a => a.Place.Community.Code == code); // no title was involved
    }

    [Fact]
    public async Task Restore_WhileAnotherVetoStands_IsRefused()
    {
        var round = await Round.StartAsync(app, "110107");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var first = await round.District.VetoAsync(code, VetoKind.MediaExposure, app.Clock);
        await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        await (await Annul(round.City, first.Id, "媒体报道对象有误")).ShouldBe(HttpStatusCode.OK);

        var items = (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={code}")).Read<Paged<ReEvaluationView>>()).Items;
        var item = items.ShouldHaveSingleItem();
        await (await round.District.Decide(item.Id, "Restore", "恢复")).ChineseProblem(HttpStatusCode.Conflict, "veto-still-live");
        await app.ShouldBeOnPublicList(code, false);
        (await (await round.District.GetAsync($"/api/v1/re-evaluations/{item.Id}")).Read<ReEvaluationView>()).State.ShouldBe(ReEvaluationState.Open);
    }
}

public sealed class ReEvaluationTests_Sqlite(SqliteApp app) : ReEvaluationTests(app), IClassFixture<SqliteApp>;

public sealed class ReEvaluationTests_Postgres(PostgresApp app) : ReEvaluationTests(app), IClassFixture<PostgresApp>;
