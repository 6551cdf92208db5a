using System.Net;
using System.Net.Http.Json;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Publication;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// 督促整改: a revocation opens a task with a deadline; the community reports, the district sends back or
/// accepts; only after acceptance may the community apply again, and then it runs the whole round.
/// Tests that move the clock put it back. Each test takes its own district.
/// </summary>
public abstract class RectificationTests(WuyiApp app)
{
    private static readonly DateTimeOffset Start = new(2022, 6, 16, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Revocation_Rectification_ReturnedThenAccepted_ThenTheWholeRoundAgain_AndTheStoryInOrder()
    {
        var round = await Round.StartAsync(app, "110101");
        var code = round.CommunityCode;
        void Later() => app.Clock.Advance(TimeSpan.FromMinutes(2)); // each step at its own time, as in life (within the tokens' hour)
        try
        {
            var (first, firstBatch) = await round.CertifiedAsync();
            Later();
            var veto = await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock, rectificationDeadline: new DateOnly(2022, 6, 30));
            await app.ShouldBeOnPublicList(code, false);
            var task = await round.Community.OpenTaskAsync(code);
            task.Deadline.ShouldBe(new DateOnly(2022, 6, 30));
            task.State.ShouldBe(RectificationState.Open);
            task.Reason.ShouldContain("一票否决");

            // Only the community itself reports, and it must say what it fixed.
            Later();
            (await (await round.Community.TaskStep(task.Id, "report", new { report = " " })).ChineseProblem(HttpStatusCode.BadRequest, "reason-required"))
                .GetProperty("errors").GetProperty("report").GetArrayLength().ShouldBe(1);
            await (await round.Street.TaskStep(task.Id, "report", new { report = "已整改" })).Problem(HttpStatusCode.Forbidden);
            await (await round.District.TaskStep(task.Id, "report", new { report = "已整改" })).Problem(HttpStatusCode.Forbidden);
            await (await round.District.TaskStep(task.Id, "accept", new { comment = "同意" })).ChineseProblem(HttpStatusCode.Conflict, "illegal-transition");
            var reported = await (await round.Community.TaskStep(task.Id, "report", new { report = "卡口恢复24小时值守，排班表已公示", evidence = "排班表照片", version = task.Version })).Read<RectificationView>();
            reported.State.ShouldBe(RectificationState.Reported);
            reported.Report.ShouldBe("卡口恢复24小时值守，排班表已公示");
            reported.Evidence.ShouldBe("排班表照片");
            await (await round.Community.TaskStep(task.Id, "report", new { report = "再报一次" })).ChineseProblem(HttpStatusCode.Conflict, "illegal-transition");

            // The district sends it back with a reason (and a later deadline); the community reports again.
            Later();
            await (await round.District.TaskStep(task.Id, "return", new { comment = "" })).ChineseProblem(HttpStatusCode.BadRequest, "reason-required");
            await (await round.Street.TaskStep(task.Id, "return", new { comment = "不够" })).Problem(HttpStatusCode.Forbidden);
            var returned = await (await round.District.TaskStep(task.Id, "return", new { comment = "夜间值守记录不全", deadline = "2022-07-10", version = reported.Version })).Read<RectificationView>();
            returned.State.ShouldBe(RectificationState.Open);
            returned.Returns.ShouldBe(1);
            returned.Deadline.ShouldBe(new DateOnly(2022, 7, 10));
            returned.DecisionComment.ShouldBe("夜间值守记录不全");
            await (await round.Community.Start(Scores())).ChineseProblem(HttpStatusCode.Conflict, "rectification-pending");
            Later();
            await (await round.Community.TaskStep(task.Id, "report", new { report = "补齐夜间值守记录" })).ShouldBe(HttpStatusCode.OK);
            await (await round.Community.Start(Scores())).ChineseProblem(HttpStatusCode.Conflict, "rectification-pending"); // reported is not accepted

            Later();
            var accepted = await (await round.District.TaskStep(task.Id, "accept", new { comment = "整改到位" })).Read<RectificationView>();
            accepted.State.ShouldBe(RectificationState.Accepted);
            accepted.ClosedAtUtc.ShouldNotBeNull();
            (await (await round.District.GetAsync($"/api/v1/vetoes/{veto.Id}")).Read<VetoView>()).StatusName.ShouldBe("已整改验收");
            await app.ShouldBeOnPublicList(code, false); // acceptance restores nothing: it only lets the community apply again

            // A new application runs the whole round and lands in a new batch.
            Later();
            var again = await (await round.Community.Start(Scores())).ReadApplication();
            again.Id.ShouldNotBe(first);
            await app.ShouldBeOnPublicList(code, false);
            Later();
            await (await round.Community.Step(again.Id, "submit")).ShouldBe(HttpStatusCode.OK);
            (await app.PublicStatusAsync(code)).ShouldBe(PublicStatus.Applying);
            await (await round.City.Step(again.Id, "file")).ChineseProblem(HttpStatusCode.Conflict, "illegal-transition"); // no short cut
            Later();
            await (await round.Street.Step(again.Id, "recommend", new { comment = "整改后推荐" })).ShouldBe(HttpStatusCode.OK);
            Later();
            await (await round.District.Step(again.Id, "approve", new { scores = Scores(), findings = "复核整改到位" })).ShouldBe(HttpStatusCode.OK);
            Later();
            await (await round.City.Step(again.Id, "file")).ShouldBe(HttpStatusCode.OK);
            Later();
            var batch = await (await round.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = new[] { again.Id } }, Json)).Read<PublicationApi.BatchView>();
            batch.Number.ShouldBeGreaterThan(firstBatch);

            await app.ShouldBeOnPublicList(code, true);
            var entry = (await (await app.CreateClient().GetAsync($"/api/v1/public/certified?q={code}")).Read<Paged<CertifiedCommunity>>()).Items.ShouldHaveSingleItem();
            entry.BatchNumber.ShouldBe(batch.Number);

            // The whole story, in order, for the officials; the public part for everyone.
            string Step(ApplicationAction a) => ApplicationStates.Name(a);
            string Event(ProgrammeEventKind k) => ProgrammeEvent.Name(k);
            string[] round1 = [Step(ApplicationAction.Create), Step(ApplicationAction.Submit), Step(ApplicationAction.Recommend), Step(ApplicationAction.Approve), Step(ApplicationAction.File), Step(ApplicationAction.Publish)];
            var story = await (await round.Street.GetAsync($"/api/v1/communities/{code}/story")).Read<List<StoryEntry>>();
            story.Select(s => s.What).ShouldBe([
                .. round1,
                Event(ProgrammeEventKind.VetoRecorded), Event(ProgrammeEventKind.TitleRevoked), Event(ProgrammeEventKind.RectificationOpened),
                Event(ProgrammeEventKind.RectificationReported), Event(ProgrammeEventKind.RectificationReturned),
                Event(ProgrammeEventKind.RectificationReported), Event(ProgrammeEventKind.RectificationAccepted),
                .. round1,
            ]);
            story.Select(s => s.AtUtc).ShouldBeInOrder();
            story.ShouldAllBe(s => s.ActorName != null);
            story.Single(s => s.What == Event(ProgrammeEventKind.RectificationReturned)).Summary!.ShouldContain("夜间值守记录不全");
            story.Where(s => s.Subject == "application").Select(s => s.SubjectId).Distinct().ShouldBe([first, again.Id]);

            var publicStory = await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{code}/story")).Read<List<StoryEntry>>();
            publicStory.Select(s => s.What).ShouldBe([Step(ApplicationAction.Publish), Event(ProgrammeEventKind.TitleRevoked), Step(ApplicationAction.Publish)]);
            publicStory.ShouldAllBe(s => s.ActorName == null);
            publicStory.ShouldNotContain(s => s.Summary!.Contains("夜间值守记录不全"));

            var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110102");
            await (await otherDistrict.GetAsync($"/api/v1/communities/{code}/story")).ChineseProblem(HttpStatusCode.NotFound);

            // Annulled after the community was certified again: the old title has nothing left to restore, so no decision opens.
            await (await round.City.PostAsJsonAsync($"/api/v1/vetoes/{veto.Id}/annul", new { reason = "通报系误发" }, Json)).ShouldBe(HttpStatusCode.OK);
            (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={code}")).Read<Paged<ReEvaluationView>>()).Total.ShouldBe(0);
            await app.ShouldBeOnPublicList(code, true);
        }
        finally
        {
            app.Clock.Set(Start);
        }
    }

    [Fact]
    public async Task PastItsDeadline_TheTaskIsOverdue_AndInTheOverdueFilter_UntilReported()
    {
        var round = await Round.StartAsync(app, "110105");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        await round.District.VetoAsync(code, VetoKind.MediaExposure, app.Clock, rectificationDeadline: new DateOnly(2022, 6, 20));
        async Task<List<Guid>> OverdueIn(HttpClient client) =>
            (await (await client.GetAsync($"/api/v1/rectifications?overdue=true&pageSize=200")).Read<Paged<RectificationView>>()).Items.Select(t => t.Id).ToList();

        var task = await round.District.OpenTaskAsync(code);
        task.Overdue.ShouldBeFalse();
        (await OverdueIn(round.District)).ShouldNotContain(task.Id);
        try
        {
            app.Clock.Set(new DateTimeOffset(2022, 6, 20, 23, 30, 0, TimeSpan.FromHours(8))); // the last day, Beijing time
            round = await Round.ForAsync(app, code);
            (await round.District.OpenTaskAsync(code)).Overdue.ShouldBeFalse();
            (await OverdueIn(round.District)).ShouldNotContain(task.Id);

            app.Clock.Set(new DateTimeOffset(2022, 6, 21, 0, 30, 0, TimeSpan.FromHours(8))); // still 20 June in UTC
            round = await Round.ForAsync(app, code); // tokens issued on the 16th have expired
            var city = await app.AsAsync(ProgrammeRole.City, "11");
            (await round.District.OpenTaskAsync(code)).Overdue.ShouldBeTrue();
            (await round.Community.OpenTaskAsync(code)).Overdue.ShouldBeTrue();
            (await (await round.District.GetAsync($"/api/v1/rectifications/{task.Id}")).Read<RectificationView>()).Overdue.ShouldBeTrue();
            (await OverdueIn(round.District)).ShouldContain(task.Id);
            (await OverdueIn(city)).ShouldContain(task.Id);
            (await OverdueIn(round.Street)).ShouldContain(task.Id);
            (await OverdueIn(await app.AsAsync(ProgrammeRole.District, "110106"))).ShouldNotContain(task.Id);

            // Reported late is reported: no longer overdue, and waiting for the district.
            var reported = await (await round.Community.TaskStep(task.Id, "report", new { report = "已整改" })).Read<RectificationView>();
            reported.Overdue.ShouldBeFalse();
            (await OverdueIn(round.District)).ShouldNotContain(task.Id);
            // A new deadline on return must not lie in the past.
            await (await round.District.TaskStep(task.Id, "return", new { comment = "不到位", deadline = "2022-06-20" })).ChineseProblem(HttpStatusCode.BadRequest, "deadline-past");
        }
        finally
        {
            app.Clock.Set(Start);
        }
    }

    [Fact]
    public async Task Step_WithAnOldVersion_Returns409_AndChangesNothing()
    {
        var round = await Round.StartAsync(app, "110106");
        var code = round.CommunityCode;
        await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var seen = await round.District.OpenTaskAsync(code);

        var reported = await (await round.Community.TaskStep(seen.Id, "report", new { report = "已整改", version = seen.Version })).Read<RectificationView>();
        reported.Version.ShouldBeGreaterThan(seen.Version);
        // The district's page was loaded before the report.
        var problem = await (await round.District.TaskStep(seen.Id, "accept", new { comment = "同意", version = seen.Version })).ChineseProblem(HttpStatusCode.Conflict, "stale");
        problem.GetProperty("detail").GetString()!.ShouldContain("刷新");
        await (await round.District.TaskStep(seen.Id, "return", new { comment = "不到位", version = seen.Version })).ChineseProblem(HttpStatusCode.Conflict, "stale");
        var now = await (await round.District.GetAsync($"/api/v1/rectifications/{seen.Id}")).Read<RectificationView>();
        now.State.ShouldBe(RectificationState.Reported);
        now.Version.ShouldBe(reported.Version);
        now.Returns.ShouldBe(0);

        // The community's old page, after the district sent it back.
        await (await round.District.TaskStep(seen.Id, "return", new { comment = "不到位", version = now.Version })).ShouldBe(HttpStatusCode.OK);
        await (await round.Community.TaskStep(seen.Id, "report", new { report = "再次整改", version = reported.Version })).ChineseProblem(HttpStatusCode.Conflict, "stale");
        (await (await round.Community.GetAsync($"/api/v1/rectifications/{seen.Id}")).Read<RectificationView>()).State.ShouldBe(RectificationState.Open);
    }

    [Fact]
    public async Task ConcurrentDecisions_OnOneTask_OneWins_TheOtherGets409()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;
        await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var task = await round.District.OpenTaskAsync(code);
        await (await round.Community.TaskStep(task.Id, "report", new { report = "已整改" })).ShouldBe(HttpStatusCode.OK);
        var secondOfficial = await app.AsAsync(ProgrammeRole.District, code[..6]);

        var responses = await Task.WhenAll(
            round.District.TaskStep(task.Id, "accept", new { comment = "同意" }),
            secondOfficial.TaskStep(task.Id, "return", new { comment = "不同意" }));
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, string.Join(", ", responses.Select(r => r.StatusCode)));
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(1);
        var story = await (await round.District.GetAsync($"/api/v1/communities/{code}/story")).Read<List<StoryEntry>>();
        story.Count(s => s.What is "整改验收通过" or "整改退回").ShouldBe(1);
    }

    [Fact]
    public async Task TwoVetoesAtOnce_OnOneCertifiedCommunity_RevokeOnce_AndOpenOneTask()
    {
        var round = await Round.StartAsync(app, "110112");
        var code = round.CommunityCode;
        await round.CertifiedAsync();

        var responses = await Task.WhenAll(
            round.District.RecordVeto(code, VetoKind.InspectionNotice, app.Clock),
            round.City.RecordVeto(code, VetoKind.MediaExposure, app.Clock, source: "北京日报"));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.Conflict);
        responses.ShouldContain(r => r.StatusCode == HttpStatusCode.Created);
        await app.ShouldBeOnPublicList(code, false);
        (await app.AdjustmentsAsync()).Items.Count(a => a.Place.Community.Code == code).ShouldBe(1);
        (await (await round.District.GetAsync($"/api/v1/rectifications?community={code}")).Read<Paged<RectificationView>>()).Total.ShouldBe(1);
    }

    [Fact]
    public async Task OutsideScope_Returns404_WrongRole_Returns403()
    {
        var round = await Round.StartAsync(app, "110107");
        var code = round.CommunityCode;
        await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var task = await round.District.OpenTaskAsync(code);
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110109");
        var neighbour = await app.AsAsync(ProgrammeRole.Community, await app.FreshCommunityAsync("110107"));

        await (await otherDistrict.GetAsync($"/api/v1/rectifications/{task.Id}")).ChineseProblem(HttpStatusCode.NotFound);
        (await (await otherDistrict.GetAsync($"/api/v1/rectifications?community={code}")).Read<Paged<RectificationView>>()).Items.ShouldNotContain(t => t.Id == task.Id);
        await (await neighbour.GetAsync($"/api/v1/rectifications/{task.Id}")).ChineseProblem(HttpStatusCode.NotFound);
        await (await neighbour.TaskStep(task.Id, "report", new { report = "代为报告" })).ChineseProblem(HttpStatusCode.NotFound);
        await (await round.Community.TaskStep(task.Id, "report", new { report = "已整改" })).ShouldBe(HttpStatusCode.OK);
        await (await otherDistrict.TaskStep(task.Id, "accept", new { comment = "同意" })).ChineseProblem(HttpStatusCode.NotFound);
        await (await otherDistrict.TaskStep(task.Id, "return", new { comment = "不同意" })).ChineseProblem(HttpStatusCode.NotFound);
        await (await round.Street.TaskStep(task.Id, "accept", new { comment = "同意" })).Problem(HttpStatusCode.Forbidden);
        await (await round.Community.TaskStep(task.Id, "accept", new { comment = "同意" })).Problem(HttpStatusCode.Forbidden);
        await (await app.CreateClient().GetAsync($"/api/v1/rectifications/{task.Id}")).Problem(HttpStatusCode.Unauthorized);
        (await (await round.District.GetAsync($"/api/v1/rectifications/{task.Id}")).Read<RectificationView>()).State.ShouldBe(RectificationState.Reported);
        // The city may accept anywhere.
        await (await (await app.AsAsync(ProgrammeRole.City, "11")).TaskStep(task.Id, "accept", new { })).ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class RectificationTests_Sqlite(SqliteApp app) : RectificationTests(app), IClassFixture<SqliteApp>;

public sealed class RectificationTests_Postgres(PostgresApp app) : RectificationTests(app), IClassFixture<PostgresApp>;
