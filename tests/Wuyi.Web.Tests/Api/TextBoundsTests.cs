using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;
using Wuyi.Web.Audit;
using Wuyi.Web.Tests.Audit;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// Free text has a bound on both databases (issue 10, item 4): a text over it is a Chinese 400 naming the field on the
/// API and a message on the form, nothing is saved, and the audit keeps only an excerpt and the hash of a long text.
/// </summary>
public abstract class TextBoundsTests(WuyiApp app)
{
    [Fact]
    public async Task SelfAssessment_ANoteOfFiveMegabytes_Is400InChinese_NamingTheField_AndNothingIsSaved()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync();
        var before = await (await round.Community.Get(id)).ReadApplication();

        var response = await round.Community.PutAsJsonAsync($"/api/v1/applications/{id}/self-assessment",
            new { scores = Scores(), note = new string('说', 5_100_000), version = before.Version }, Json);

        var problem = await response.ChineseProblem(HttpStatusCode.BadRequest, "text-too-long");
        problem.GetProperty("detail").GetString().ShouldBe("“补充说明”不能超过 2000 字（当前 5,100,000 字）");
        problem.GetProperty("errors").GetProperty("note")[0].GetString().ShouldBe(problem.GetProperty("detail").GetString());
        var after = await (await round.Community.Get(id)).ReadApplication();
        (after.Version, after.SelfNote).ShouldBe((before.Version, before.SelfNote));
    }

    [Fact]
    public async Task Return_AReasonTooLong_Is400_AndTheApplicationStaysSubmitted()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();

        var problem = await (await round.Street.Step(id, "return", new { comment = new string('退', 2001) }))
            .ChineseProblem(HttpStatusCode.BadRequest, "text-too-long");

        problem.GetProperty("errors").GetProperty("reason")[0].GetString().ShouldBe("“退回理由”不能超过 2000 字（当前 2,001 字）");
        var after = await (await round.Street.Get(id)).ReadApplication();
        after.State.ShouldBe(ApplicationState.Submitted);
        after.History.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Veto_ADescriptionTooLong_Is400_AndNoVetoIsRecorded()
    {
        var round = await Round.StartAsync(app);

        var problem = await (await round.District.RecordVeto(round.CommunityCode, VetoKind.InspectionNotice, app.Clock, description: new string('卡', 4001)))
            .ChineseProblem(HttpStatusCode.BadRequest, "text-too-long");

        problem.GetProperty("errors").GetProperty("description")[0].GetString().ShouldBe("“事件情况”不能超过 4000 字（当前 4,001 字）");
        (await app.WithDbAsync(db => db.Vetoes.CountAsync(v => v.CommunityCode == round.CommunityCode))).ShouldBe(0);
    }

    [Fact]
    public async Task PassMark_AReasonTooLong_Is400_AndNoChangeIsRecorded()
    {
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var count = await app.WithDbAsync(db => db.PassMarkChanges.CountAsync());
        var tomorrow = ProgrammeClock.DateOf(app.Clock.GetUtcNow()).AddDays(1);

        var problem = await (await city.PostAsJsonAsync("/api/v1/pass-marks", new { value = 85, effectiveFrom = tomorrow, reason = new string('调', 2001) }, Json))
            .ChineseProblem(HttpStatusCode.BadRequest, "text-too-long");

        problem.GetProperty("errors").GetProperty("reason")[0].GetString().ShouldBe("“调整理由”不能超过 2000 字（当前 2,001 字）");
        (await app.WithDbAsync(db => db.PassMarkChanges.CountAsync())).ShouldBe(count);
    }

    [Fact]
    public async Task SelfAssessmentPage_ANoteTooLong_IsShownOnTheForm_AndNothingIsSaved()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync(new Dictionary<string, decimal> { ["A2"] = 8 });
        var before = await (await round.Community.Get(id)).ReadApplication();
        var user = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Community, round.CommunityCode));

        var (_, form) = await user.GetAsync($"/applications/{id}/self-assessment");
        form.QuerySelector("textarea[name=Note]")!.GetAttribute("maxlength").ShouldBe("2000");
        var (status, page) = await user.SubmitAsync($"/applications/{id}/self-assessment", "form#self-assessment",
            new() { ["Scores[A2]"] = "9", ["Note"] = new string('说', 2001) }, "Save");

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=errors]")!.TextContent.ShouldContain("“补充说明”不能超过 2000 字（当前 2,001 字）");
        var after = await (await round.Community.Get(id)).ReadApplication();
        (after.Version, after.SelfScores["A2"], after.SelfNote).ShouldBe((before.Version, 8m, before.SelfNote));
    }

    [Fact]
    public async Task VetoPage_ASourceTooLong_IsShownBesideTheField_AndNoVetoIsRecorded()
    {
        var code = await app.FreshCommunityAsync();
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, code[..6]));

        var (status, page) = await district.SubmitAsync("/vetoes/new", "form#veto", new()
        {
            ["CommunityCode"] = code,
            ["Kind"] = "InspectionNotice",
            ["OccurredOn"] = ProgrammeClock.DateOf(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd"),
            ["Source"] = new string('源', 201),
            ["Description"] = "卡口夜间无人值守",
        });

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=Source]")!.TextContent.ShouldBe("“来源”不能超过 200 字（当前 201 字）");
        (await app.WithDbAsync(db => db.Vetoes.CountAsync(v => v.CommunityCode == code))).ShouldBe(0);
    }

    [Fact]
    public async Task Audit_OfALongButAllowedNote_KeepsAnExcerptAndItsHash()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync();
        var version = (await (await round.Community.Get(id)).ReadApplication()).Version;
        var note = string.Concat(Enumerable.Repeat("卡口值守排班到人，", 222)) + "完毕"; // 2,000 characters

        (await round.Community.PutAsJsonAsync($"/api/v1/applications/{id}/self-assessment", new { scores = Scores(), note, version }, Json))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await (await round.Community.Get(id)).ReadApplication()).SelfNote.ShouldBe(note); // the row keeps it whole
        var record = (await app.TrailAsync()).Last(r => r.ObjectId == id.ToString() && r.Action.EndsWith("/self-assessment"));
        using var changes = JsonDocument.Parse(record.Changes!);
        var application = changes.RootElement.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("entity").GetString() == "Application");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(note)));
        application.GetProperty("after").GetProperty("SelfNote").GetString()
            .ShouldBe($"{note[..(AuditChanges.MaxTextLength - 1)]}…（共 2,000 字，SHA-256 {hash}）");
        record.Changes!.Length.ShouldBeLessThan(note.Length);
    }
}

public sealed class TextBoundsTests_Sqlite(SqliteApp app) : TextBoundsTests(app), IClassFixture<SqliteApp>;

public sealed class TextBoundsTests_Postgres(PostgresApp app) : TextBoundsTests(app), IClassFixture<PostgresApp>;
