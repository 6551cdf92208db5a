using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Hotline;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>Everything the round must refuse, and that a refusal changes nothing.</summary>
public abstract class RefusalTests(WuyiApp app)
{
    [Fact]
    public async Task Post_WrongRole_Returns403AndChangesNothing()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync();
        await (await round.Street.Step(id, "submit")).Problem(HttpStatusCode.Forbidden);
        await (await round.Community.Step(id, "submit")).ShouldBe(HttpStatusCode.OK);
        var submitted = id;
        await (await round.Community.Step(submitted, "recommend")).Problem(HttpStatusCode.Forbidden);
        await (await round.City.Step(submitted, "recommend")).Problem(HttpStatusCode.Forbidden);
        await (await round.Street.Step(submitted, "approve", new { scores = Scores() })).Problem(HttpStatusCode.Forbidden);
        await (await round.District.Step(submitted, "file")).Problem(HttpStatusCode.Forbidden);
        (await round.Community.StateOf(submitted)).ShouldBe(ApplicationState.Submitted);
    }

    [Fact]
    public async Task OtherDistrict_CannotSeeOrTouch_Returns404()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();
        var chaoyang = await app.AsAsync(ProgrammeRole.District, "110105");
        await (await chaoyang.Get(id)).Problem(HttpStatusCode.NotFound);
        await (await chaoyang.Step(id, "approve", new { scores = Scores() })).Problem(HttpStatusCode.NotFound);
        await (await chaoyang.Step(id, "return", new { comment = "不属本区" })).Problem(HttpStatusCode.NotFound);
        var list = await (await chaoyang.GetAsync("/api/v1/applications")).Read<Wuyi.Web.Applications.Paged<Wuyi.Web.Applications.ApplicationSummary>>();
        list.Items.ShouldNotContain(i => i.Id == id);
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Recommended);
    }

    [Fact]
    public async Task OtherStreetAndOtherCommunity_CannotSeeOrTouch_Returns404()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        var otherStreetCode = await app.WithDbAsync(db => Task.FromResult(
            db.Divisions.Where(d => d.ParentCode == round.CommunityCode.Substring(0, 6) && d.Code != round.CommunityCode.Substring(0, 9)).OrderBy(d => d.Code).Select(d => d.Code).First()));
        var otherStreet = await app.AsAsync(ProgrammeRole.Street, otherStreetCode);
        await (await otherStreet.Step(id, "recommend")).Problem(HttpStatusCode.NotFound);
        var neighbour = await app.AsAsync(ProgrammeRole.Community, await app.FreshCommunityAsync());
        await (await neighbour.Get(id)).Problem(HttpStatusCode.NotFound);
        await (await neighbour.Step(id, "withdraw")).Problem(HttpStatusCode.NotFound);
        (await neighbour.Start(Scores(), community: round.CommunityCode)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await round.Street.StateOf(id)).ShouldBe(ApplicationState.Submitted);
    }

    [Fact]
    public async Task IllegalTransition_Returns409AndChangesNothing()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync();
        var before = await (await round.Community.Get(id)).ReadApplication();
        var problem = await (await round.City.Step(id, "file")).Problem(HttpStatusCode.Conflict, "illegal-transition");
        problem.GetProperty("detail").GetString()!.ShouldContain("草稿");
        await (await round.Street.Step(id, "recommend")).Problem(HttpStatusCode.Conflict, "illegal-transition");
        var after = await (await round.Community.Get(id)).ReadApplication();
        after.State.ShouldBe(ApplicationState.Draft);
        after.Version.ShouldBe(before.Version);
        after.History.Count.ShouldBe(before.History.Count);
    }

    [Fact]
    public async Task Withdraw_AfterRecommendation_IsRefused_BeforeReview_IsAllowed()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();
        await (await round.Community.Step(id, "withdraw", new { comment = "不申报了" })).Problem(HttpStatusCode.Conflict, "illegal-transition");

        var round2 = await Round.StartAsync(app);
        var id2 = await round2.SubmittedAsync();
        var withdrawn = await (await round2.Community.Step(id2, "withdraw", new { comment = "材料准备不足" })).ReadApplication();
        withdrawn.State.ShouldBe(ApplicationState.Withdrawn);
        // Closed: a new application may start.
        (await round2.Community.Start(Scores())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("A1", 16, "超出范围")]
    [InlineData("A2", -1, "超出范围")]
    [InlineData("B1", 9.25, "一位小数")]
    [InlineData("Z9", 1, "没有指标")]
    public async Task BadScores_Return400WithTheFieldNamed(string code, double score, string message)
    {
        var round = await Round.StartAsync(app);
        var problem = await (await round.Community.Start(Scores((code, (decimal)score)))).Problem(HttpStatusCode.BadRequest, "scores-invalid");
        problem.GetProperty("errors").GetProperty(code)[0].GetString()!.ShouldContain(message);
        (await (await round.Community.GetAsync("/api/v1/applications")).Read<Wuyi.Web.Applications.Paged<Wuyi.Web.Applications.ApplicationSummary>>()).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Submit_IncompleteSelfAssessment_Returns400NamingTheMissingIndicators()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync(new Dictionary<string, decimal> { ["A1"] = 15 });
        var problem = await (await round.Community.Step(id, "submit")).Problem(HttpStatusCode.BadRequest, "scores-invalid");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldContain("C5");
        (await round.Community.StateOf(id)).ShouldBe(ApplicationState.Draft);
    }

    [Fact]
    public async Task Approve_WhatTheEngineFails_IsRefused()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();
        // 84.9: one tenth short of the pass mark.
        var problem = await (await round.District.Step(id, "approve", new { scores = Scores(("C5", 4.9m), ("C4", 0m), ("C3", 0m), ("C2", 0m)) })).Problem(HttpStatusCode.BadRequest, "verdict-fails");
        problem.GetProperty("detail").GetString()!.ShouldContain("84.9");
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Recommended);

        // 85.0 exactly passes.
        var approved = await (await round.District.Step(id, "approve", new { scores = Scores(("C5", 5m), ("C4", 0m), ("C3", 0m), ("C2", 0m)), indicatorFindings = Findings("C2", "C3", "C4") })).ReadApplication();
        approved.State.ShouldBe(ApplicationState.Approved);
        approved.Decision!.Total.ShouldBe(85m);
    }

    [Fact]
    public async Task Approve_HardIndicatorShort_IsRefusedWhateverTheTotal()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();
        await round.SaveEvaluationAsync(id, Scores(("A1", 14.5m)));
        var problem = await (await round.District.Step(id, "approve")).Problem(HttpStatusCode.BadRequest, "verdict-fails");
        problem.GetProperty("detail").GetString()!.ShouldContain("硬性指标");
        var view = await (await round.District.Get(id)).ReadApplication();
        view.State.ShouldBe(ApplicationState.Recommended);
        view.Evaluation!.FailureReasons.ShouldBe([FailureReason.HardIndicatorShort]);
    }

    [Fact]
    public async Task Approve_WithHotlineComplaintsOnRecord_DeductsAndRefusesBelowThePassMark()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 6; i++)
            {
                db.HotlineComplaints.Add(new HotlineComplaintRecord
                {
                    Number = $"{round.CommunityCode}-{i}", CommunityCode = round.CommunityCode, ReceivedAtUtc = now.AddDays(-5).UtcDateTime,
                    EpidemicRelated = true, ResponseDeadlineUtc = now.AddDays(-4).UtcDateTime, RespondedAtUtc = now.AddDays(-3).UtcDateTime,
                    FollowUp = FollowUpResult.Satisfied, ImportedAtUtc = now.UtcDateTime,
                });
            }
            await db.SaveChangesAsync();
        });
        // 90 points less 6 late answers = 84.
        await round.SaveEvaluationAsync(id, Scores(("C5", 0m), ("C4", 0m)));
        var problem = await (await round.District.Step(id, "approve")).Problem(HttpStatusCode.BadRequest, "verdict-fails");
        problem.GetProperty("detail").GetString()!.ShouldContain("84");
        var view = await (await round.District.Get(id)).ReadApplication();
        view.Evaluation!.Subtotal.ShouldBe(90m);
        view.Evaluation.DeductionTotal.ShouldBe(6m);
        view.Evaluation.Deductions.Count.ShouldBe(6);
        view.Evaluation.Deductions.ShouldAllBe(d => d.Kind == DeductionKind.LateAnswer && d.ComplaintNumber.StartsWith(round.CommunityCode));
    }

    [Fact]
    public async Task Approve_WithAVetoOnRecord_IsRefused()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();
        // Recorded straight in the database, as an event the workflow did not see: the engine still refuses.
        await app.WithDbAsync(async db =>
        {
            var city = new Actor("test", "测试", ProgrammeRole.City, "11");
            db.Vetoes.Add(Veto.Record(city, round.CommunityCode, VetoKind.MediaExposure, app.Clock.GetUtcNow().AddDays(-1), "北京日报", "卡口无人值守", null, true, app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        });
        var problem = await (await round.District.Step(id, "approve", new { scores = Scores() })).Problem(HttpStatusCode.BadRequest, "verdict-fails");
        problem.GetProperty("detail").GetString()!.ShouldContain("一票否决");
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Recommended);
    }

    [Fact]
    public async Task RejectAndReturn_WithoutAReason_AreRefused_WithAReason_AreRecorded()
    {
        var round = await Round.StartAsync(app);
        var id = await round.RecommendedAsync();
        var problem = await (await round.District.Step(id, "reject", new { comment = "  " })).Problem(HttpStatusCode.BadRequest, "reason-required");
        problem.GetProperty("errors").GetProperty("reason")[0].GetString()!.ShouldContain("理由");
        await (await round.District.Step(id, "return", new { })).Problem(HttpStatusCode.BadRequest, "reason-required");

        var returned = await (await round.District.Step(id, "return", new { comment = "请补充卡口排班表" })).ReadApplication();
        returned.State.ShouldBe(ApplicationState.ReturnedByDistrict);
        returned.History[^1].Comment.ShouldBe("请补充卡口排班表");

        // The community fixes it and the whole round runs again from the street.
        await (await round.Community.Step(id, "submit")).ShouldBe(HttpStatusCode.OK);
        await (await round.District.Step(id, "approve", new { scores = Scores() })).Problem(HttpStatusCode.Conflict, "illegal-transition");
        await (await round.Street.Step(id, "recommend")).ShouldBe(HttpStatusCode.OK);
        var rejected = await (await round.District.Step(id, "reject", new { scores = Scores(("A1", 0m)), indicatorFindings = Findings("A1"), comment = "卡口夜间无人值守" })).ReadApplication();
        rejected.State.ShouldBe(ApplicationState.Rejected);
        rejected.Decision!.FailureReasons.ShouldContain(FailureReason.HardIndicatorShort);
    }

    [Fact]
    public async Task SecondOpenApplication_ForTheSameCommunity_Returns409()
    {
        var round = await Round.StartAsync(app);
        await round.DraftAsync();
        await (await round.Community.Start(Scores())).Problem(HttpStatusCode.Conflict, "open-application-exists");
    }

    [Fact]
    public async Task StaleVersion_Returns409AndChangesNothing()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        var seen = (await (await round.Street.Get(id)).ReadApplication()).Version;
        await (await round.Street.Step(id, "return", new { version = seen, comment = "请补充材料" })).ShouldBe(HttpStatusCode.OK);
        await (await round.Community.Step(id, "submit")).ShouldBe(HttpStatusCode.OK);
        // The street's old page: it saw an earlier version.
        var problem = await (await round.Street.Step(id, "recommend", new { version = seen })).Problem(HttpStatusCode.Conflict, "stale");
        problem.GetProperty("detail").GetString()!.ShouldContain("刷新");
        (await round.Street.StateOf(id)).ShouldBe(ApplicationState.Submitted);
    }

    [Fact]
    public async Task ConcurrentDecisions_OnOneApplication_OneWinsTheOtherGets409()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        var secondStreetOfficial = await app.AsAsync(ProgrammeRole.Street, round.CommunityCode[..9]);
        {
            var responses = await Task.WhenAll(
                round.Street.Step(id, "recommend", new { comment = "推荐" }),
                secondStreetOfficial.Step(id, "return", new { comment = "退回" }));
            responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, string.Join(", ", responses.Select(r => r.StatusCode)));
            responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(1);
        }
        var view = await (await round.Street.Get(id)).ReadApplication();
        view.History.Count.ShouldBe(3); // create, submit, and exactly one decision
        view.State.ShouldBeOneOf(ApplicationState.Recommended, ApplicationState.ReturnedByStreet);
    }

    [Fact]
    public async Task Anonymous_OnProtectedApi_Returns401Problem_WrongPassword_Returns401Problem()
    {
        var anonymous = app.CreateClient();
        await (await anonymous.GetAsync("/api/v1/applications")).Problem(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/applications", new { })).Problem(HttpStatusCode.Unauthorized);
        var problem = await (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName = "community", password = "wrong-password" })).Problem(HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString().ShouldBe("用户名或密码错误");
    }

    [Fact]
    public async Task MalformedJson_Returns400ProblemInChinese()
    {
        var round = await Round.StartAsync(app);
        var response = await round.Community.PostAsync("/api/v1/applications",
            new StringContent("{\"scores\": {\"A1\": \"fifteen\"", System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString()!.ShouldContain("JSON");
        problem.ToString().ShouldNotContain("Exception");
    }

    [Fact]
    public async Task PublishBatch_WithAnUnfiledApplication_PublishesNothing()
    {
        var round = await Round.StartAsync(app);
        var filed = await round.FiledAsync();
        var approvedOnly = await (await Round.StartAsync(app)).ApprovedAsync();
        var batchesBefore = await app.WithDbAsync(db => Task.FromResult(db.PublicationBatches.Count()));
        await (await round.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = new[] { filed, approvedOnly } }, Json))
            .Problem(HttpStatusCode.Conflict, "illegal-transition");
        (await round.City.StateOf(filed)).ShouldBe(ApplicationState.Filed);
        (await app.WithDbAsync(db => Task.FromResult(db.PublicationBatches.Count()))).ShouldBe(batchesBefore);
        (await app.WithDbAsync(db => Task.FromResult(db.Certifications.Count(c => c.CommunityCode == round.CommunityCode)))).ShouldBe(0);
    }

    [Fact]
    public async Task PublicApi_BadInput_GivesProblems()
    {
        var anonymous = app.CreateClient();
        var problem = await (await anonymous.GetAsync("/api/v1/public/communities/999999999999")).Problem(HttpStatusCode.NotFound);
        problem.GetProperty("title").GetString().ShouldBe("找不到该社区（村）");
        await (await anonymous.GetAsync("/api/v1/public/certified?district=abc")).Problem(HttpStatusCode.BadRequest);
        var page = await (await anonymous.GetAsync("/api/v1/public/certified?pageSize=100000&page=-3")).Read<JsonElement>();
        page.GetProperty("pageSize").GetInt32().ShouldBe(200);
        page.GetProperty("pageNumber").GetInt32().ShouldBe(1);
    }
}

public sealed class RefusalTests_Sqlite(SqliteApp app) : RefusalTests(app), IClassFixture<SqliteApp>;

public sealed class RefusalTests_Postgres(PostgresApp app) : RefusalTests(app), IClassFixture<PostgresApp>;
