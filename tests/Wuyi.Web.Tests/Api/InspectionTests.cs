using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Inspections;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Hotline;
using Wuyi.Web.Tests.Infrastructure;
using Wuyi.Web.Tests.Supervision;
using Wuyi.Web.Uploads;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// 督导检查 over HTTP: the risk-ranked list of a district with its reasons, plan → fill (with a photo) → submit, and each
/// outcome — nothing; a rectification of the failed items; a 市级检查通报 recorded as the veto with the inspection as its
/// source, revoking the title in the same request — and the refusals, each changing nothing. Each test takes its own district.
/// </summary>
public abstract class InspectionTests(WuyiApp app)
{
    private DateOnly Today => ProgrammeClock.DateOf(app.Clock.GetUtcNow());

    private static async Task<string> UserIdAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/me")).Read<JsonElement>()).GetProperty("id").GetString()!;

    private async Task<InspectionView> PlanAsync(HttpClient planner, string code, HttpClient inspector)
    {
        var response = await planner.PostAsJsonAsync("/api/v1/inspections",
            new { communityCodes = new[] { code }, inspectorUserId = await UserIdAsync(inspector), plannedOn = Today }, Json);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Read<List<InspectionView>>()).ShouldHaveSingleItem();
    }

    private object Findings(bool staffed, int? version = null) => new
    {
        version,
        inspectedAt = app.Clock.GetUtcNow().AddMinutes(-20),
        place = "东门卡口",
        checkpoints = new[]
        {
            new { name = "东门卡口", staffed, dutyKept = staffed, remark = staffed ? null : "到达时无人值守" },
            new { name = "北门卡口", staffed = true, dutyKept = true, remark = (string?)null },
        },
        indicators = new[] { new { code = "A2", met = staffed, note = "抽查进出人员" } },
        summary = "夜间抽查",
    };

    private static MultipartFormDataContent Photo(byte[] bytes, string name = "卡口照片.png")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", name);
        return form;
    }

    /// <summary>A certified community of <paramref name="district"/> inspected by its district and submitted with a photo.</summary>
    private async Task<(Round Round, InspectionView Inspection)> SubmittedAsync(string district, bool staffed)
    {
        var round = await Round.StartAsync(app, district);
        await round.CertifiedAsync();
        var planned = await PlanAsync(round.District, round.CommunityCode, round.District);
        await (await round.District.PutAsJsonAsync($"/api/v1/inspections/{planned.Id}", Findings(staffed, planned.Version), Json)).ShouldBe(HttpStatusCode.OK);
        await (await round.District.PostAsync($"/api/v1/inspections/{planned.Id}/photos", Photo(Pngs.Make(4, 3)))).ShouldBe(HttpStatusCode.Created);
        var submitted = await (await round.District.PostAsJsonAsync($"/api/v1/inspections/{planned.Id}/submit", Findings(staffed), Json)).Read<InspectionView>();
        submitted.State.ShouldBe(InspectionState.Submitted);
        return (round, submitted);
    }

    [Fact]
    public async Task AnInspection_IsComparedWithTheDutyRoster_AtTheMomentItWasMade()
    {
        var round = await Round.StartAsync(app, "110116");
        await round.CertifiedAsync();
        string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // 东门卡口 is staffed round the clock by the roster; 北门卡口 is not on it.
        await (await round.Community.UploadRoster(round.CommunityCode, DutyRosterFiles.Csv(
        [
            ["东门卡口", Day(-1), "12:00", "00:00", "张三"],
            ["东门卡口", Day(0), "00:00", "12:00", "张三"],
            ["东门卡口", Day(0), "12:00", "00:00", "张三"],
        ]))).ShouldBe(HttpStatusCode.OK);
        var planned = await PlanAsync(round.District, round.CommunityCode, round.District);
        await (await round.District.PostAsJsonAsync($"/api/v1/inspections/{planned.Id}/submit", Findings(staffed: false), Json))
            .ShouldBe(HttpStatusCode.OK);

        var seen = await (await round.District.GetAsync($"/api/v1/inspections/{planned.Id}")).Read<InspectionView>();

        var east = seen.Roster.Single(r => r.Checkpoint == "东门卡口");
        east.OnDuty.ShouldHaveSingleItem().Person.ShouldBe("张三");
        east.Contradicts.ShouldBeTrue(); // found unstaffed while the roster had 张三 there
        var north = seen.Roster.Single(r => r.Checkpoint == "北门卡口");
        north.OnDuty.ShouldBeEmpty();
        north.Contradicts.ShouldBeFalse();
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110116"));
        var (status, page) = await district.GetAsync($"/inspections/{planned.Id}");
        status.ShouldBe(HttpStatusCode.OK);
        var said = page.QuerySelectorAll("[data-testid=roster-at-checkpoint]").Select(e => e.TextContent.Trim()).ToList();
        said.ShouldContain(t => t.Contains("张三") && t.Contains("与检查所见不符"));
        said.ShouldContain(t => t.Contains("此时无人排班"));
    }

    [Fact]
    public async Task RiskList_RanksTheDistrictsCommunities_WithTheirReasons_RosterGapsAndResidentsReportsIncluded()
    {
        var round = await Round.StartAsync(app, "110114");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var quiet = await Round.StartAsync(app, "110114");
        await quiet.CertifiedAsync();
        // Two epidemic complaints of X in June, one answered two days late, one followed up dissatisfied.
        await (await HotlineFiles.UploadAsync(round.District, HotlineFiles.Csv(
        [
            HotlineFiles.Row($"R{code}01", code, 10, answeredAfterHours: 72),
            HotlineFiles.Row($"R{code}02", code, 11, followUp: "不满意"),
        ]))).ShouldBe(HttpStatusCode.OK, HttpStatusCode.Created);
        // Its duty roster leaves the evening of the day before yesterday uncovered; a resident reported it.
        var day = Today.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await (await round.Community.UploadRoster(code, DutyRosterFiles.Csv([["东门卡口", day, "00:00", "17:00", "张三"]]))).ShouldBe(HttpStatusCode.OK);
        await (await app.CreateClient().PostAsJsonAsync($"/api/v1/public/communities/{code}/reports",
            new { kind = "UnstaffedCheckpoint", text = "东门卡口晚上没有人值守", consent = true })).ShouldBe(HttpStatusCode.Created);

        var list = await (await round.District.GetAsync("/api/v1/inspections/risk")).Read<RiskList>();

        list.ModelId.ShouldBe("beijing-risk-2026-12");
        list.NotYetAvailable.ShouldBeEmpty();
        var x = list.Rows.Single(r => r.Place.Community.Code == code);
        x.Standing.ShouldBe("已认定");
        x.Reasons.ShouldContain("近30天涉疫诉求2件（+8）");
        x.Reasons.ShouldContain("答复不及时1件（+3）");
        x.Reasons.ShouldContain("回访不满意1件（+3）");
        x.Reasons.ShouldContain("12345扣2分（+4）");
        x.Reasons.ShouldContain("从未检查（+5）");
        x.Reasons.ShouldContain("近30天值守排班有缺口1天（+3）");
        x.Reasons.ShouldContain("近30天群众举报1件（+3）");
        x.Score.ShouldBe(8 + 3 + 3 + 4 + 5 + 3 + 3);
        x.ResidentReports.ShouldBe(1);
        var other = list.Rows.Single(r => r.Place.Community.Code == quiet.CommunityCode);
        other.Reasons.ShouldBe(["从未检查（+5）"]);
        other.ResidentReports.ShouldBe(0);
        // On the page, the reports are one tap from the row: the district's queue of them, for this community.
        var desk = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110114"));
        var (_, page) = await desk.GetAsync("/inspections");
        page.QuerySelector($"[data-testid=risk-row][data-code='{code}'] [data-testid=risk-report-leads]")!.GetAttribute("href")
            .ShouldBe($"/resident-reports?community={code}");
        page.QuerySelector($"[data-testid=risk-row][data-code='{quiet.CommunityCode}'] [data-testid=risk-report-leads]").ShouldBeNull();
        var (leadsStatus, leads) = await desk.GetAsync($"/resident-reports?community={code}");
        leadsStatus.ShouldBe(HttpStatusCode.OK);
        leads.Body!.TextContent.ShouldContain("东门卡口晚上没有人值守");
        x.Rank.ShouldBeLessThan(other.Rank);
        list.Rows.Select(r => r.Rank).ShouldBe(Enumerable.Range(1, list.Rows.Count));
        list.Rows.ShouldAllBe(r => r.Place.District.Code == "110114");

        // Another district sees none of it; a street may not plan at all.
        var elsewhere = await (await (await app.AsAsync(ProgrammeRole.District, "110115")).GetAsync("/api/v1/inspections/risk")).Read<RiskList>();
        elsewhere.Rows.ShouldNotContain(r => r.Place.Community.Code == code);
        (await round.Street.GetAsync("/api/v1/inspections/risk")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The export says the same, codes as text.
        var csv = await (await round.District.GetAsync("/api/v1/inspections/risk/export?format=csv")).Content.ReadAsStringAsync();
        csv.ShouldContain($"\"{code}\"");
        csv.ShouldContain("近30天涉疫诉求2件（+8）");
    }

    [Fact]
    public async Task PlanFillSubmit_AppearsInTheInspectorsWork_AndNoProblem_ChangesNothingElse()
    {
        var round = await Round.StartAsync(app, "110116");
        await round.CertifiedAsync();
        var planned = await PlanAsync(round.District, round.CommunityCode, round.District);
        planned.RiskReasons.ShouldContain("从未检查（+5）");
        var mine = await (await round.District.GetAsync("/api/v1/inspections?mine=true")).Read<Paged<InspectionView>>();
        mine.Items.ShouldHaveSingleItem().Id.ShouldBe(planned.Id);

        var submitted = await (await round.District.PostAsJsonAsync($"/api/v1/inspections/{planned.Id}/submit", Findings(staffed: true), Json)).Read<InspectionView>();
        submitted.FailedItems.ShouldBeEmpty();
        var decided = await (await round.District.PostAsJsonAsync($"/api/v1/inspections/{planned.Id}/decide", new { outcome = InspectionOutcome.NoProblem }, Json))
            .Read<InspectionView>();

        (decided.State, decided.Outcome, decided.VetoId, decided.RectificationTaskId).ShouldBe((InspectionState.Decided, InspectionOutcome.NoProblem, null, null));
        await app.ShouldBeOnPublicList(round.CommunityCode, true);
        (await (await round.City.GetAsync($"/api/v1/rectifications?community={round.CommunityCode}")).Read<Paged<RectificationView>>()).Total.ShouldBe(0);
        // Inspected today with nothing found: no longer "never inspected".
        var list = await (await round.District.GetAsync("/api/v1/inspections/risk")).Read<RiskList>();
        list.Rows.Single(r => r.Place.Community.Code == round.CommunityCode).Reasons.ShouldNotContain(r => r.Contains("检查"));
        // The inspection that found nothing is on the community's story, for the officials; the public story does not carry it.
        var story = await (await round.District.GetAsync($"/api/v1/communities/{round.CommunityCode}/story")).Read<List<StoryEntry>>();
        var entry = story.Single(e => e.What == "督导检查");
        (entry.Subject, entry.SubjectId).ShouldBe(("inspection", planned.Id));
        entry.Summary.ShouldNotBeNull().ShouldEndWith("：无问题");
        var publicStory = await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{round.CommunityCode}/story")).Read<List<StoryEntry>>();
        publicStory.ShouldNotContain(e => e.What == "督导检查");
        // On the story page the entry links to the inspection for whoever may open it, and for nobody else (no link to 拒绝访问).
        string? LinkOn(AngleSharp.Dom.IDocument page) => page.QuerySelectorAll("[data-testid=story] li strong")
            .Single(s => s.TextContent.Trim() == "督导检查").QuerySelector("a")?.GetAttribute("href");
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));
        LinkOn((await district.GetAsync($"/communities/{round.CommunityCode}/story")).Document).ShouldBe($"/inspections/{planned.Id}");
        var street = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Street, round.CommunityCode[..9]));
        var (status, streetStory) = await street.GetAsync($"/communities/{round.CommunityCode}/story");
        status.ShouldBe(HttpStatusCode.OK);
        LinkOn(streetStory).ShouldBeNull();
        (await street.Client.GetAsync($"/inspections/{planned.Id}")).StatusCode.ShouldNotBe(HttpStatusCode.OK); // why it has no link
    }

    [Fact]
    public async Task Rectification_OpensATask_WithTheFailedItems_AndTheTitleStands()
    {
        var (round, inspection) = await SubmittedAsync("110117", staffed: false);

        var decided = await (await round.District.PostAsJsonAsync($"/api/v1/inspections/{inspection.Id}/decide",
            new { outcome = InspectionOutcome.Rectification, comment = "限期整改", version = inspection.Version }, Json)).Read<InspectionView>();

        var task = await round.Community.OpenTaskAsync(round.CommunityCode);
        decided.RectificationTaskId.ShouldBe(task.Id);
        task.Reason.ShouldContain("卡口“东门卡口”无人值守，未落实24小时值守");
        task.Reason.ShouldContain("A2 严格落实“四件套”查验措施未达到标准");
        await app.ShouldBeOnPublicList(round.CommunityCode, true); // a rectification is no veto
        (await app.WithDbAsync(db => db.Notices.CountAsync(n => n.CommunityCode == round.CommunityCode && n.Kind == NoticeKind.Rectification))).ShouldBe(1);
    }

    [Fact]
    public async Task MunicipalInspectionNotice_IsTheVeto_WithTheInspectionAsItsSource_AndRevokesTheTitleInTheSameRequest()
    {
        var (round, inspection) = await SubmittedAsync("110118", staffed: false);
        var code = round.CommunityCode;
        await app.ShouldBeOnPublicList(code, true);

        var decided = await (await round.City.PostAsJsonAsync($"/api/v1/inspections/{inspection.Id}/decide",
            new { outcome = InspectionOutcome.InspectionNotice, comment = "卡口无人值守，予以通报", documentReference = "京防控督〔2022〕8号" }, Json))
            .Read<InspectionView>();

        decided.Outcome.ShouldBe(InspectionOutcome.InspectionNotice);
        var veto = await (await round.City.GetAsync($"/api/v1/vetoes/{decided.VetoId}")).Read<VetoView>();
        (veto.Kind, veto.DocumentReference).ShouldBe((VetoKind.InspectionNotice, "京防控督〔2022〕8号"));
        veto.Description.ShouldContain("东门卡口");
        (await app.WithDbAsync(db => db.Vetoes.Where(v => v.Id == veto.Id).Select(v => v.InspectionId).SingleAsync())).ShouldBe(inspection.Id);
        veto.InspectionId.ShouldBe(inspection.Id); // an API client finds the source too
        var story = await (await round.City.GetAsync($"/api/v1/communities/{code}/story")).Read<List<StoryEntry>>();
        story.Single(e => e.What == "督导检查").Summary.ShouldNotBeNull().ShouldContain("市级检查通报（一票否决）。处理意见：卡口无人值守，予以通报");
        await app.ShouldBeOnPublicList(code, false);
        (await app.PublicStatusAsync(code)).ShouldBe(PublicStatus.Revoked);
        (await app.AdjustmentsAsync()).Items.Single(a => a.Place.Community.Code == code).Reason.ShouldContain("检查通报");
        (await round.Community.OpenTaskAsync(code)).Reason.ShouldContain("一票否决");

        // The veto's page shows the inspection, its findings and its photo.
        var page = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110118"));
        var (status, document) = await page.GetAsync($"/vetoes/{veto.Id}");
        status.ShouldBe(HttpStatusCode.OK);
        var section = document.QuerySelector("[data-testid=veto-inspection]").ShouldNotBeNull();
        section.QuerySelector("[data-testid=inspection-link]")!.GetAttribute("href").ShouldBe($"/inspections/{inspection.Id}");
        section.QuerySelectorAll("[data-testid=checkpoints] li[data-failed=true]").Length.ShouldBe(1);
        var photo = section.QuerySelector("[data-testid=inspection-photos] img").ShouldNotBeNull();
        var served = await page.Client.GetAsync(photo.GetAttribute("src"));
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg"); // the thumbnail
    }

    [Fact]
    public async Task ADistrict_MayNotIssueAMunicipalInspectionNotice_AndNothingChanges()
    {
        var (round, inspection) = await SubmittedAsync("110119", staffed: false);

        var problem = await (await round.District.PostAsJsonAsync($"/api/v1/inspections/{inspection.Id}/decide",
            new { outcome = InspectionOutcome.InspectionNotice, comment = "通报" }, Json)).ChineseProblem(HttpStatusCode.Forbidden, "wrong-role");

        problem.GetProperty("detail").GetString().ShouldBe("只有市社区防控组可以发出市级检查通报");
        var after = await (await round.District.GetAsync($"/api/v1/inspections/{inspection.Id}")).Read<InspectionView>();
        (after.State, after.Version, after.VetoId).ShouldBe((InspectionState.Submitted, inspection.Version, null));
        await app.ShouldBeOnPublicList(round.CommunityCode, true);
        (await app.WithDbAsync(db => db.Vetoes.CountAsync(v => v.CommunityCode == round.CommunityCode))).ShouldBe(0);
    }

    [Fact]
    public async Task OutsideTheSubtree_EveryInspectionRoute_Is404_AndChangesNothing()
    {
        var (round, inspection) = await SubmittedAsync("110111", staffed: false);
        var other = await app.AsAsync(ProgrammeRole.District, "110112");

        (await other.GetAsync($"/api/v1/inspections/{inspection.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/v1/inspections/{inspection.Id}/decide", new { outcome = InspectionOutcome.Rectification, comment = "整改" }, Json))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/inspection-photos/{inspection.Photos[0].Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A photo is evidence like any other file, and the evidence endpoint keeps it the inspecting officials': not another
        // district's, and not the inspected community's own accounts (inspections are not shown to them).
        (await other.GetAsync($"/api/v1/evidence/{inspection.Photos[0].Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await round.Community.GetAsync($"/api/v1/evidence/{inspection.Photos[0].Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await round.District.GetAsync($"/api/v1/evidence/{inspection.Photos[0].Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.PostAsJsonAsync("/api/v1/inspections",
            new { communityCodes = new[] { round.CommunityCode }, inspectorUserId = await UserIdAsync(other), plannedOn = Today }, Json))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var after = await (await round.District.GetAsync($"/api/v1/inspections/{inspection.Id}")).Read<InspectionView>();
        (after.State, after.Version).ShouldBe((InspectionState.Submitted, inspection.Version));
        (await app.WithDbAsync(db => db.Inspections.CountAsync(i => i.CommunityCode == round.CommunityCode))).ShouldBe(1);
    }

    [Fact]
    public async Task ABadPhoto_IsRefused_WithNothingStored_AndASubmittedInspection_IsNeverEdited()
    {
        var round = await Round.StartAsync(app, "110113");
        await round.CertifiedAsync();
        var planned = await PlanAsync(round.District, round.CommunityCode, round.District);
        var store = app.Services.GetRequiredService<EvidenceStore>();
        int Files() => Directory.Exists(store.Root) ? Directory.GetFiles(store.Root).Length : 0;
        var files = Files();

        var pdf = "%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n"u8.ToArray();
        await (await round.District.PostAsync($"/api/v1/inspections/{planned.Id}/photos", Photo(pdf, "照片.pdf")))
            .ChineseProblem(HttpStatusCode.BadRequest, "inspection-photo-invalid");
        var truncated = Pngs.Make(4, 3)[..30];
        await (await round.District.PostAsync($"/api/v1/inspections/{planned.Id}/photos", Photo(truncated)))
            .ChineseProblem(HttpStatusCode.BadRequest, "inspection-photo-invalid");

        Files().ShouldBe(files);
        (await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(p => p.InspectionId == planned.Id))).ShouldBe(0);
        (await (await round.District.GetAsync($"/api/v1/inspections/{planned.Id}")).Read<InspectionView>()).State.ShouldBe(InspectionState.Planned);

        // Only the assigned inspector fills it; once submitted nobody edits it.
        var city = round.City;
        await (await city.PutAsJsonAsync($"/api/v1/inspections/{planned.Id}", Findings(true), Json)).ChineseProblem(HttpStatusCode.Forbidden, "not-the-inspector");
        await (await round.District.PostAsJsonAsync($"/api/v1/inspections/{planned.Id}/submit", Findings(false), Json)).ShouldBe(HttpStatusCode.OK);
        await (await round.District.PutAsJsonAsync($"/api/v1/inspections/{planned.Id}", Findings(true), Json))
            .ChineseProblem(HttpStatusCode.Conflict, "inspection-submitted");
        await (await round.District.PostAsync($"/api/v1/inspections/{planned.Id}/photos", Photo(Pngs.Make(4, 3))))
            .ChineseProblem(HttpStatusCode.Conflict, "inspection-submitted");
        Files().ShouldBe(files);
        var after = await (await round.District.GetAsync($"/api/v1/inspections/{planned.Id}")).Read<InspectionView>();
        after.Checkpoints[0].Staffed.ShouldBeFalse();
    }
}

public sealed class InspectionTests_Sqlite(SqliteApp app) : InspectionTests(app), IClassFixture<SqliteApp>;

public sealed class InspectionTests_Postgres(PostgresApp app) : InspectionTests(app), IClassFixture<PostgresApp>;
