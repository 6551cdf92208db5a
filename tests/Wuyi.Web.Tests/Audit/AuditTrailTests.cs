using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp;
using Wuyi.Web.Applications;
using Wuyi.Web.Audit;
using Wuyi.Web.Hotline;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Hotline.HotlineFiles;

namespace Wuyi.Web.Tests.Audit;

/// <summary>What goes on record: sign-ins, decisions with before/after, refusals, imports, exports; and who may read it.</summary>
public abstract class AuditTrailTests(AuditApp app)
{
    [Fact]
    public async Task SignIn_FailureAndSuccess_AreRecorded_WithIpAndUserAgent()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("WuyiTest/1.0");
        (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "street", password = "wrong-password" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "street", password = Wuyi.Web.Accounts.DemoAccounts.Password })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var signIns = (await app.TrailAsync()).Where(r => r.Action == "sign-in" && r.ActorName == "street" && r.UserAgent == "WuyiTest/1.0").ToList();
        signIns.Count.ShouldBe(2);
        signIns[0].ShouldSatisfyAllConditions(
            r => r.Outcome.ShouldBe(AuditOutcome.Refused),
            r => r.ProblemCode.ShouldBe("wrong-password"),
            r => r.Status.ShouldBe(401),
            r => r.ClientIp.ShouldBe(AuditHelpers.ClientIp),
            r => r.ActorUserId.ShouldNotBeNull(),
            r => r.Unit.ShouldBe("110108001"));
        signIns[1].ShouldSatisfyAllConditions(
            r => r.Outcome.ShouldBe(AuditOutcome.Success),
            r => r.ProblemCode.ShouldBeNull(),
            r => r.ClientIp.ShouldBe(AuditHelpers.ClientIp),
            r => r.Role.ShouldBe("Street"));
        // No secret leaks into the trail through the account's lockout counters.
        signIns.ShouldAllBe(r => r.Changes == null || !r.Changes.Contains("AQAAAA"));
    }

    [Fact]
    public async Task SignIn_ThroughTheLoginPage_IsRecorded_AndAnUnknownUserToo()
    {
        var browser = Browserless.Anonymous(app);
        var (status, _) = await browser.SubmitAsync("/account/login", "form", new() { ["UserName"] = "nobody-here", ["Password"] = "x" });
        status.ShouldBe(HttpStatusCode.OK);
        await Browserless.SignInAsync(app, "district");

        var trail = await app.TrailAsync();
        trail.ShouldContain(r => r.Action == "sign-in" && r.ActorName == "nobody-here" && r.ActorUserId == null
                                 && r.Outcome == AuditOutcome.Refused && r.ProblemCode == "unknown-user" && r.ClientIp == AuditHelpers.ClientIp);
        trail.ShouldContain(r => r.Action == "sign-in" && r.ActorName == "district" && r.Outcome == AuditOutcome.Success && r.Unit == "110108");
    }

    [Fact]
    public async Task Recommend_IsRecorded_WithTheActor_TheObject_AndBeforeAndAfter()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        await (await round.Street.Step(id, "recommend", new { comment = "推荐" })).ShouldBe(HttpStatusCode.OK);

        var record = (await app.TrailAsync()).Last(r => r.ObjectId == id.ToString() && r.Action.EndsWith("/recommend"));
        record.ShouldSatisfyAllConditions(
            r => r.Action.ShouldBe("POST /api/v1/applications/{id:guid}/recommend"),
            r => r.ObjectType.ShouldBe("applications"),
            r => r.Outcome.ShouldBe(AuditOutcome.Success),
            r => r.Role.ShouldBe("Street"),
            r => r.Unit.ShouldBe(round.CommunityCode[..9]),
            r => r.ClientIp.ShouldBe(AuditHelpers.ClientIp));
        using var changes = JsonDocument.Parse(record.Changes!);
        var application = changes.RootElement.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("entity").GetString() == "Application");
        application.GetProperty("key").GetString().ShouldBe(id.ToString());
        application.GetProperty("before").GetProperty("State").GetString().ShouldBe("Submitted");
        application.GetProperty("after").GetProperty("State").GetString().ShouldBe("Recommended");
        changes.RootElement.GetProperty("changes").EnumerateArray().ShouldContain(c => c.GetProperty("entity").GetString() == "ApplicationTransition" && c.GetProperty("state").GetString() == "Added");
    }

    [Fact]
    public async Task ARefusedDecision_IsRecorded_WithItsProblemCode_AndNoChanges()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync();
        (await round.Street.Step(id, "recommend", new { comment = "推荐" })).StatusCode.ShouldBe(HttpStatusCode.Conflict); // not submitted yet

        var record = (await app.TrailAsync()).Last(r => r.ObjectId == id.ToString() && r.Action.EndsWith("/recommend"));
        record.Outcome.ShouldBe(AuditOutcome.Refused);
        record.Status.ShouldBe(409);
        record.ProblemCode.ShouldNotBeNullOrEmpty();
        record.Changes.ShouldBeNull();
    }

    [Fact]
    public async Task APageRefusal_ShownBesideTheForm_IsRecordedAsRefused_AndAPageDecisionWithItsChanges()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        var street = await Browserless.SignInAsync(app, await app.AccountAsync(Wuyi.Domain.Applications.ProgrammeRole.Street, round.CommunityCode[..9]));
        var (status, _) = await street.SubmitAsync($"/applications/{id}", "form:has(textarea[name=Comment])", new() { ["Comment"] = "" }, "Return");
        status.ShouldBe(HttpStatusCode.OK);
        (status, _, _) = await street.SubmitConfirmedAsync($"/applications/{id}", "form:has(textarea[name=Comment])", new() { ["Comment"] = "材料不全" }, "Return");
        status.ShouldBe(HttpStatusCode.Redirect);

        var records = (await app.TrailAsync()).Where(r => r.ObjectId == id.ToString() && r.Action.Contains("handler=Return")).ToList();
        records.Count(r => r.Changes is not null).ShouldBe(1); // refused, shown for confirmation (nothing changed), confirmed
        records[0].ShouldSatisfyAllConditions(
            r => r.Outcome.ShouldBe(AuditOutcome.Refused),
            r => r.Status.ShouldBe(200),
            r => r.ProblemCode.ShouldNotBeNullOrEmpty(),
            r => r.Changes.ShouldBeNull());
        records[^1].Outcome.ShouldBe(AuditOutcome.Success);
        records[^1].Changes.ShouldNotBeNull().ShouldContain("\"State\":\"ReturnedByStreet\"");
    }

    [Fact]
    public async Task RefusalsShownOnTheOtherKindsOfStepForm_AreRecordedAsRefused_ByThePageBase()
    {
        var round = await Round.StartAsync(app);
        var code = round.CommunityCode;

        // The community's start button, on a to-do page opened before an application was started elsewhere: told as the flash.
        var community = await Browserless.SignInAsync(app, await app.AccountAsync(Wuyi.Domain.Applications.ProgrammeRole.Community, code));
        var (_, work) = await community.GetAsync("/work");
        var token = work.QuerySelector("form[action='/applications/mine'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var id = await round.DraftAsync();
        using (var started = await community.Client.PostAsync("/applications/mine", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
        {
            started.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            started.Headers.Location!.ToString().ShouldBe($"/applications/{id}");
        }

        // A dynamic-management form: the city annuls a veto without a reason.
        var veto = await round.District.VetoAsync(code, Wuyi.Domain.Rules.VetoKind.CaseWithManagementLapse, app.Clock);
        var city = await Browserless.SignInAsync(app, "city");
        var (status, _) = await city.SubmitAsync($"/vetoes/{veto.Id}", "form:has(textarea[name=Reason])", new() { ["Reason"] = "" });
        status.ShouldBe(HttpStatusCode.OK);

        // The 12345 import form: a file that is no spreadsheet, told beside the file input.
        var district = await Browserless.SignInAsync(app, await app.AccountAsync(Wuyi.Domain.Applications.ProgrammeRole.District, code[..6]));
        var (_, form) = await district.GetAsync("/hotline/import");
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken");
        content.Add(new ByteArrayContent("%PDF-1.4 not a spreadsheet"u8.ToArray()), "Spreadsheet", "12345.csv");
        using (var imported = await district.Client.PostAsync("/hotline/import", content))
        {
            imported.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await imported.Content.ReadAsStringAsync();
            var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
            page.QuerySelector("[data-testid=file-error]")!.TextContent.ShouldNotBeNullOrWhiteSpace();
        }

        var trail = await app.TrailAsync();
        trail.Last(r => r.Action == "POST /applications/mine" && r.Unit == code).ShouldSatisfyAllConditions(
            r => r.Outcome.ShouldBe(AuditOutcome.Refused),
            r => r.ProblemCode.ShouldBe("open-application-exists"),
            r => r.Status.ShouldBe(302));
        trail.Last(r => r.ObjectId == veto.Id.ToString() && r.Action.Contains("handler=Annul")).ShouldSatisfyAllConditions(
            r => r.Outcome.ShouldBe(AuditOutcome.Refused),
            r => r.Status.ShouldBe(200),
            r => r.ProblemCode.ShouldNotBeNullOrEmpty(),
            r => r.Changes.ShouldBeNull());
        trail.Last(r => r.Action == "POST /hotline/import" && r.Unit == code[..6]).ShouldSatisfyAllConditions(
            r => r.Outcome.ShouldBe(AuditOutcome.Refused),
            r => r.Status.ShouldBe(200),
            r => r.ProblemCode.ShouldBe("hotline-file-invalid"));
    }

    [Fact]
    public async Task AStartedApplication_NamesTheNewObject_FromWhatWasSaved()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync();
        var record = (await app.TrailAsync()).Last(r => r.Action == "POST /api/v1/applications" && r.Unit == round.CommunityCode);
        record.ObjectType.ShouldBe("Application");
        record.ObjectId.ShouldBe(id.ToString());
    }

    [Fact]
    public async Task AnImport_IsRecorded_WithTheImportItWrote()
    {
        var city = await app.AsAsync(Wuyi.Domain.Applications.ProgrammeRole.City, "11");
        var community = await app.FreshCommunityAsync("110105");
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(Csv([Row($"{community}-A1", community, 10)]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", "12345导出.csv");
        var report = await (await city.PostAsync("/api/v1/hotline/imports", form)).Read<ImportReport>();

        var record = (await app.TrailAsync()).Last(r => r.Action == "POST /api/v1/hotline/imports");
        record.Outcome.ShouldBe(AuditOutcome.Success);
        record.Role.ShouldBe("City");
        record.ObjectType.ShouldBe("HotlineImport");
        record.ObjectId.ShouldBe(report.ImportId.ToString());
        record.Changes.ShouldNotBeNull().ShouldContain("12345导出.csv");
    }

    [Fact]
    public async Task TheAuditAdministrator_Searches_Exports_AndTheExportIsRecorded()
    {
        var admin = await app.AuditAdministratorAsync();
        for (var i = 0; i < 3; i++) // enough records for a second page, whichever tests ran before
            await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = "city", password = "not-this-one" });

        var found = await (await admin.GetAsync("/api/v1/audit?action=sign-in&actor=city&outcome=refused&pageSize=5")).Read<Paged<AuditApi.AuditView>>();
        found.Items.ShouldNotBeEmpty();
        found.Items.ShouldAllBe(r => r.Action == "sign-in" && r.ActorName!.Contains("city") && r.Outcome == AuditOutcome.Refused);
        found.Items.Select(r => r.Sequence).ShouldBeInOrder(SortDirection.Descending);
        var paged = await (await admin.GetAsync("/api/v1/audit?pageSize=2&page=2")).Read<Paged<AuditApi.AuditView>>();
        paged.Items.Count.ShouldBe(2);
        paged.Total.ShouldBeGreaterThan(2);

        var from = Uri.EscapeDataString(app.Clock.GetUtcNow().AddHours(-1).ToString("O"));
        using var export = await admin.GetAsync($"/api/v1/audit/export?format=csv&action=sign-in&actor=city&from={from}");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var csv = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync());
        csv.ShouldContain("\"序号\"");
        csv.ShouldContain("\"sign-in\"");
        csv.ShouldContain("\"拒绝\"");

        var auditor = admin.DefaultRequestHeaders.GetValues("X-Auditor").Single();
        var auditorName = (await Accounts.AccountTesting.LoadAsync(app, auditor)).DisplayName;
        (await app.TrailAsync()).ShouldContain(r => r.Action == "export GET /api/v1/audit/export" && r.ActorName == auditorName && r.Role!.Contains("admin:audit")
                                                    && r.Outcome == AuditOutcome.Success && r.ActorUserId != null, $"export by {auditor}");
    }

    [Fact]
    public async Task OtherCsvExports_AreRecordedToo()
    {
        var district = await app.AsAsync(Wuyi.Domain.Applications.ProgrammeRole.District, "110108");
        using var response = await district.GetAsync("/hotline?handler=csv&within=110108");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await app.TrailAsync()).ShouldContain(r => r.Action == "export GET /hotline?handler=csv" && r.Role == "District" && r.Unit == "110108");
    }

    [Fact]
    public async Task ProgrammeRoles_CannotReadTheTrail()
    {
        var city = await app.AsAsync(Wuyi.Domain.Applications.ProgrammeRole.City, "11");
        (await city.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await city.GetAsync("/api/v1/audit/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await city.GetAsync("/api/v1/audit/verify")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CreateClient().GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var page = await Browserless.SignInAsync(app, "city");
        using var response = await page.Client.GetAsync("/audit");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/account/denied");
        (await page.GetAsync("/work")).Document.QuerySelector("a[href='/audit']").ShouldBeNull();
    }

    [Fact]
    public async Task TheAuditPage_ShowsTheTrail_AndVerifiesTheChain()
    {
        var admin = await app.AuditAdministratorAsync();
        var browser = await app.AuditBrowserAsync(admin);
        var (status, page) = await browser.GetAsync("/audit?action=sign-in");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelectorAll("[data-testid=records] tbody tr").ShouldNotBeEmpty();
        page.QuerySelector("a[href='/audit']").ShouldNotBeNull(); // the menu shows it to the audit administrator

        var (_, verified) = await browser.GetAsync("/audit?handler=verify");
        verified.QuerySelector("[data-testid=verification]")!.GetAttribute("data-intact").ShouldBe("true");
        var api = await (await admin.GetAsync("/api/v1/audit/verify")).Read<AuditVerification>();
        api.Intact.ShouldBeTrue(api.Describe());
    }
}

public sealed class AuditTrailTests_Sqlite(AuditSqliteApp app) : AuditTrailTests(app), IClassFixture<AuditSqliteApp>;

public sealed class AuditTrailTests_Postgres(AuditPostgresApp app) : AuditTrailTests(app), IClassFixture<AuditPostgresApp>;
