using System.Net;
using System.Net.Http.Json;
using AngleSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Appeals;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Hotline;
using Wuyi.Web.Notices;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Hotline.HotlineFiles;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// 申诉复核 (decision 0018): a community appeals a veto, a counted complaint or the district's score within the period in the scale's
/// data; an official of the right level who took no part decides; an upheld appeal restores through dynamic management's own path,
/// and the whole story is kept. Each test takes its own district.
/// </summary>
public abstract class AppealTests(WuyiApp app)
{
    private static Task<HttpResponseMessage> File(HttpClient client, string subject, string key, string? reasons = "通报所指卡口不属于本社区，附区界图为证") =>
        client.PostAsJsonAsync("/api/v1/appeals", new { subject, key, reasons }, Json);

    private static Task<HttpResponseMessage> Decide(HttpClient client, Guid id, string decision, string? reasons, int? version = null) =>
        client.PostAsJsonAsync($"/api/v1/appeals/{id}/decide", new { decision, reasons, version }, Json);

    private static async Task<Paged<AppealView>> ListAsync(HttpClient client, string code) =>
        await (await client.GetAsync($"/api/v1/appeals?community={code}")).Read<Paged<AppealView>>();

    [Fact]
    public async Task AVetoThatRevokedATitle_AppealUpheldByASecondCityOfficial_RestoresTheTitle_AndTheStoryAndThePublicSayIt()
    {
        var round = await Round.StartAsync(app, "110101");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var veto = await round.City.VetoAsync(code, VetoKind.InspectionNotice, app.Clock); // the city records it: round.City took part
        await app.ShouldBeOnPublicList(code, false);
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // the story's steps at distinct instants (the same day)

        var filed = await File(round.Community, "Veto", veto.Id.ToString());
        filed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var appeal = await filed.Read<AppealView>();
        appeal.State.ShouldBe(AppealState.Open);
        appeal.LastDay.ShouldBe(new DateOnly(2022, 6, 23)); // 7 days from the day recorded, as the scale's data says
        appeal.WhoDecides.ShouldContain("市社区防控组");
        // Nothing is suspended silently: the revocation stands while the appeal is open; one open appeal per decision.
        await app.ShouldBeOnPublicList(code, false);
        await (await File(round.Community, "Veto", veto.Id.ToString())).ChineseProblem(HttpStatusCode.Conflict, "appeal-open");
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        // The recorder may not decide it, nor may the district; the refusals say who may, and change nothing.
        var party = await (await Decide(round.City, appeal.Id, "Uphold", "理由成立")).ChineseProblem(HttpStatusCode.Forbidden, "appeal-party");
        party.GetProperty("detail").GetString()!.ShouldContain("未参与记录该否决事项");
        await (await Decide(round.District, appeal.Id, "Uphold", "理由成立")).ChineseProblem(HttpStatusCode.Forbidden, "appeal-wrong-level");
        await (await Decide(round.Community, appeal.Id, "Uphold", "理由成立")).Problem(HttpStatusCode.Forbidden);
        (await (await round.Community.GetAsync($"/api/v1/appeals/{appeal.Id}")).Read<AppealView>()).State.ShouldBe(AppealState.Open);
        (await (await round.Community.GetAsync($"/api/v1/vetoes/{veto.Id}")).Read<VetoView>()).StatusName.ShouldBe("有效");
        await app.ShouldBeOnPublicList(code, false);
        (await app.WithDbAsync(db => db.AuditRecords.AsNoTracking().CountAsync(r => r.ProblemCode == "appeal-party"))).ShouldBeGreaterThan(0);

        var second = await app.AsAsync(ProgrammeRole.City, "11");
        await (await Decide(second, appeal.Id, "Uphold", "")).ChineseProblem(HttpStatusCode.BadRequest, "reason-required");
        await (await Decide(second, appeal.Id, "Uphold", "核实", version: appeal.Version + 1)).ChineseProblem(HttpStatusCode.Conflict, "stale");
        var decided = await (await Decide(second, appeal.Id, "Uphold", "经核实，通报所指卡口属相邻社区管理，内部核查记录另存", appeal.Version)).Read<AppealView>();
        decided.State.ShouldBe(AppealState.Upheld);
        decided.DecisionReasons.ShouldBe("经核实，通报所指卡口属相邻社区管理，内部核查记录另存");
        decided.NoticeNumber.ShouldNotBeNull().ShouldStartWith("京无疫复〔2022〕0101-");
        await (await Decide(second, appeal.Id, "Dismiss", "再议")).ChineseProblem(HttpStatusCode.Conflict, "illegal-transition");

        // The title is back, through the annulment and the restoration dynamic management already has.
        await app.ShouldBeOnPublicList(code, true);
        (await (await round.Community.GetAsync($"/api/v1/vetoes/{veto.Id}")).Read<VetoView>()).StatusName.ShouldBe("已撤销");
        (await (await round.City.GetAsync($"/api/v1/re-evaluations?community={code}&open=false")).Read<Paged<ReEvaluationView>>())
            .Items.ShouldHaveSingleItem().State.ShouldBe(ReEvaluationState.Restored);
        (await (await round.City.GetAsync($"/api/v1/rectifications?community={code}&state=Open")).Read<Paged<RectificationView>>()).Total.ShouldBe(0);

        // The whole story, in order; the public reads the decided appeal on the adjustments page, without the internal reasons.
        var story = await (await round.Community.GetAsync($"/api/v1/communities/{code}/story")).Read<List<StoryEntry>>();
        var what = story.Select(s => s.What).ToList();
        what.ShouldBe(["创建申报", "提交申报", "街道推荐", "区级评定通过", "市级备案", "公布", "记录一票否决事项", "取消认定", "督促整改",
            "提出申诉", "申诉复核", "撤销否决事项", "恢复认定", "整改任务撤销", "列入重新评定", "重新评定"], ignoreOrder: true);
        what.IndexOf("取消认定").ShouldBeLessThan(what.IndexOf("提出申诉"));
        what.IndexOf("提出申诉").ShouldBeLessThan(what.IndexOf("申诉复核"));
        what.IndexOf("提出申诉").ShouldBeLessThan(what.IndexOf("恢复认定"));
        var adjustments = (await app.AdjustmentsAsync()).Items.Where(a => a.Place.Community.Code == code).ToList();
        adjustments.Select(a => a.What).ShouldBe(["申诉复核", "恢复认定", "取消认定"], ignoreOrder: true);
        var line = adjustments.Single(a => a.What == "申诉复核").Reason;
        line.ShouldStartWith("申诉复核成立");
        line.ShouldContain("市卫健委检查通报");
        line.ShouldNotContain("内部核查记录");
        var (status, page) = await Browserless.Anonymous(app).GetAsync("/public/adjustments");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=adjustments]")!.TextContent.ShouldContain(line);
        var publicStory = await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{code}/story")).Read<List<StoryEntry>>();
        publicStory.ShouldContain(s => s.What == "申诉复核" && s.Summary == line);

        // The written decision, issued in the step and on the trail with it.
        var notice = await (await round.Community.GetAsync($"/api/v1/notices/{Uri.EscapeDataString(decided.NoticeNumber!)}")).Read<NoticeView>();
        notice.Kind.ShouldBe(NoticeKind.AppealDecision);
        notice.Text.Title.ShouldBe("申诉复核决定书");
        string.Join("", notice.Text.Paragraphs.Concat(notice.Text.Items)).ShouldContain("恢复无疫社区（村）认定");
        var audited = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .Where(r => r.Action.StartsWith("POST /api/v1/appeals") && r.Outcome == Wuyi.Web.Audit.AuditOutcome.Success && r.Changes != null).ToListAsync());
        audited.ShouldContain(r => r.Changes!.Contains(decided.NoticeNumber!) && r.Changes.Contains("\"Appeal\""));
    }

    [Fact]
    public async Task ADismissedAppeal_ChangesNothing_ButIsDecidedInWritingAndPublishedForAVeto()
    {
        var round = await Round.StartAsync(app, "110102");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var veto = await round.District.VetoAsync(code, VetoKind.MediaExposure, app.Clock);
        var appeal = await (await File(round.Community, "Veto", veto.Id.ToString())).Read<AppealView>();

        var decided = await (await Decide(round.City, appeal.Id, "Dismiss", "报道属实，卡口确无人值守")).Read<AppealView>();
        decided.State.ShouldBe(AppealState.Dismissed);
        decided.NoticeNumber.ShouldNotBeNull();
        await app.ShouldBeOnPublicList(code, false);
        (await (await round.City.GetAsync($"/api/v1/vetoes/{veto.Id}")).Read<VetoView>()).StatusName.ShouldBe("有效");
        (await round.Community.OpenTaskAsync(code)).Reason.ShouldContain("媒体曝光");
        (await (await round.City.GetAsync($"/api/v1/re-evaluations?community={code}&open=false")).Read<Paged<ReEvaluationView>>()).Total.ShouldBe(0);
        var adjustments = (await app.AdjustmentsAsync()).Items.Where(a => a.Place.Community.Code == code).ToList();
        adjustments.Select(a => a.What).ShouldBe(["申诉复核", "取消认定"], ignoreOrder: true);
        adjustments.Single(a => a.What == "申诉复核").Reason.ShouldStartWith("申诉复核驳回");
        // Decided, the decision may be appealed again (a new appeal), within the period.
        (await File(round.Community, "Veto", veto.Id.ToString())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnAppealOutOfPeriod_IsRefusedInChinese_AndTheLastDayStillCounts()
    {
        var round = await Round.StartAsync(app, "110105");
        var code = round.CommunityCode;
        var late = await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var onTime = await round.City.VetoAsync(code, VetoKind.MediaExposure, app.Clock);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(db => db.Vetoes.Where(v => v.Id == late.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.RecordedAtUtc, now.AddDays(-8))));
        await app.WithDbAsync(db => db.Vetoes.Where(v => v.Id == onTime.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.RecordedAtUtc, now.AddDays(-7))));

        var refused = await (await File(round.Community, "Veto", late.Id.ToString())).ChineseProblem(HttpStatusCode.Conflict, "appeal-period-over");
        refused.GetProperty("detail").GetString()!.ShouldContain("7 天内（2022年6月15日前）");
        (await ListAsync(round.Community, code)).Total.ShouldBe(0);
        (await File(round.Community, "Veto", onTime.Id.ToString())).StatusCode.ShouldBe(HttpStatusCode.Created);

        await (await File(round.Community, "Veto", onTime.Id.ToString() + "x")).ChineseProblem(HttpStatusCode.NotFound);
        await (await File(round.Community, "Veto", late.Id.ToString(), reasons: " ")).ChineseProblem(HttpStatusCode.Conflict, "appeal-period-over");
        (await ListAsync(round.Community, code)).Total.ShouldBe(1);
    }

    [Fact]
    public async Task AComplaintAppeal_UpheldByTheDistrict_RemovesTheDeduction_AndTheStandingIsRecheckedWithoutIt()
    {
        var round = await Round.StartAsync(app, "110106");
        var c = round.CommunityCode;
        await round.CertifiedAsync(Scores(("C4", 0m), ("C5", 0m))); // 90 points
        var first = await (await UploadAsync(round.City, Csv([
            Row($"{c}-1", c, 10, answeredAfterHours: 48, followUp: "不满意"), // 2
            Row($"{c}-2", c, 11, answeredAfterHours: 30),                    // 1
            Row($"{c}-3", c, 12, answeredAfterHours: 30),                    // 1
            Row($"{c}-4", c, 13, answeredAfterHours: 2, followUp: "不满意"),  // 1
            Row($"{c}-5", c, 14, answeredAfterHours: 1),                     // on time: not counted
        ]))).Read<ImportReport>();
        first.ReEvaluationsQueued.ShouldBe(0); // 90 - 5 = 85 still passes

        await (await File(round.Community, "Complaint", $"{c}-5")).ChineseProblem(HttpStatusCode.Conflict, "appeal-not-appealable");
        var appeal = await (await File(round.Community, "Complaint", $"{c}-1", "该诉求系小区物业问题，与疫情防控无关")).Read<AppealView>();
        appeal.SubjectLabel.ShouldContain($"{c}-1");

        // The city imported it: it may not decide; the district above the community may.
        await (await Decide(round.City, appeal.Id, "Uphold", "属实")).ChineseProblem(HttpStatusCode.Forbidden, "appeal-party");
        (await app.WithDbAsync(db => db.HotlineComplaints.AsNoTracking().SingleAsync(x => x.Number == $"{c}-1"))).WaivedByAppealId.ShouldBeNull();
        var decided = await (await Decide(round.District, appeal.Id, "Uphold", "经核实该诉求不涉疫，不予扣分")).Read<AppealView>();
        decided.State.ShouldBe(AppealState.Upheld);
        (await app.WithDbAsync(db => db.HotlineComplaints.AsNoTracking().SingleAsync(x => x.Number == $"{c}-1"))).WaivedByAppealId.ShouldBe(appeal.Id);
        var notice = await (await round.Community.GetAsync($"/api/v1/notices/{Uri.EscapeDataString(decided.NoticeNumber!)}")).Read<NoticeView>();
        string.Join("", notice.Text.Items).ShouldContain("扣分由 5 分变为 3 分");

        // Two more points: 90 - 3 - 2 = 85 passes; without the upheld appeal it would be 83 and queued.
        var second = await (await UploadAsync(round.City, Csv([Row($"{c}-6", c, 14, answeredAfterHours: 30), Row($"{c}-7", c, 14, answeredAfterHours: 30)])))
            .Read<ImportReport>();
        second.ReEvaluationsQueued.ShouldBe(0);
        // A re-import of the waived complaint leaves the waiver as it is.
        await UploadAsync(round.City, Csv([Row($"{c}-1", c, 10, answeredAfterHours: 50, followUp: "不满意")]));
        (await app.WithDbAsync(db => db.HotlineComplaints.AsNoTracking().SingleAsync(x => x.Number == $"{c}-1"))).WaivedByAppealId.ShouldBe(appeal.Id);
        (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={c}")).Read<Paged<ReEvaluationView>>()).Total.ShouldBe(0);
        await (await File(round.Community, "Complaint", $"{c}-1")).ChineseProblem(HttpStatusCode.Conflict, "appeal-not-appealable");
        var story = await (await round.District.GetAsync($"/api/v1/communities/{c}/story")).Read<List<StoryEntry>>();
        story.Where(s => s.Subject == "appeal").Select(s => s.What).ShouldBe(["提出申诉", "申诉复核"]);
    }

    [Fact]
    public async Task AScoreAppeal_NotTheScorer_UpheldByAnotherDistrictOfficial_SendsTheApplicationBackToEvaluation()
    {
        var round = await Round.StartAsync(app, "110109");
        var id = await round.RecommendedAsync();
        await (await round.District.Step(id, "reject", new { comment = "卡口值守记录不全" })).ShouldBe(HttpStatusCode.OK);
        var appeal = await (await File(round.Community, "Score", id.ToString(), "值守记录齐全，现场核查遗漏")).Read<AppealView>();

        await (await Decide(round.District, appeal.Id, "Uphold", "同意")).ChineseProblem(HttpStatusCode.Forbidden, "appeal-party");
        (await round.District.StateOf(id)).ShouldBe(ApplicationState.Rejected);
        var another = await app.AsAsync(ProgrammeRole.District, "110109");
        (await (await Decide(another, appeal.Id, "Uphold", "复核值守记录齐全，重新评定")).Read<AppealView>()).State.ShouldBe(AppealState.Upheld);
        var application = await (await round.District.Get(id)).ReadApplication();
        application.State.ShouldBe(ApplicationState.Recommended);
        application.History[^1].Action.ShouldBe(ApplicationAction.ReopenOnAppeal);
        // The corrected score goes through the round's own step: the district scores and approves it.
        await (await another.Step(id, "approve", new { scores = Scores(), findings = "复核属实" })).ShouldBe(HttpStatusCode.OK);
    }

    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n"u8.ToArray();

    private static MultipartFormDataContent OneFile(byte[] bytes, string name) => new() { { new ByteArrayContent(bytes), "file", name } };

    private static int StoredFiles(WuyiApp app)
    {
        var root = app.Services.GetRequiredService<Wuyi.Web.Uploads.EvidenceStore>().Root;
        return Directory.Exists(root) ? Directory.GetFiles(root).Length : 0;
    }

    [Fact]
    public async Task AnAppealsEvidence_IsFiledWithIt_OrAddedWhileOpen_AndTheDeciderMustSeeItBeforeDeciding()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var veto = await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var userName = await app.WithDbAsync(db => db.Users.Where(u => u.DivisionCode == code && u.Role == ProgrammeRole.Community)
            .OrderByDescending(u => u.UserName).Select(u => u.UserName!).FirstAsync());
        var browser = await Browserless.SignInAsync(app, userName);

        async Task<HttpResponseMessage> FileOnThePage(string reasons, params (byte[] Bytes, string Name)[] files)
        {
            var (_, page) = await browser.GetAsync($"/appeals/new?subject=Veto&key={veto.Id}");
            var form = page.QuerySelector("[data-testid=appeal-form]")!;
            form.GetAttribute("enctype").ShouldBe("multipart/form-data");
            var content = new MultipartFormDataContent
            {
                { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
                { new StringContent("Veto"), "Subject" },
                { new StringContent(veto.Id.ToString()), "Key" },
                { new StringContent(reasons), "Reasons" },
            };
            foreach (var (bytes, name) in files) content.Add(new ByteArrayContent(bytes), "Files", name);
            return await browser.Client.PostAsync("/appeals/new", content);
        }

        // A file that is not what it claims refuses the whole appeal, naming the file; the reasons typed stay, nothing is kept.
        var stored = StoredFiles(app);
        var refused = await FileOnThePage("通报所指卡口属相邻社区，见区界图", (Pngs.Make(4, 3), "区界图.png"), ([(byte)'M', (byte)'Z', 0x90, 0], "说明.pdf"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync();
        var again = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
        var error = again.QuerySelector("[data-testid=file-error]")!.TextContent;
        error.ShouldContain("文件“说明.pdf”未能上传");
        error.ShouldContain("申诉未提交");
        again.QuerySelector("textarea[name=Reasons]")!.TextContent.ShouldBe("通报所指卡口属相邻社区，见区界图");
        (await app.WithDbAsync(db => db.Appeals.CountAsync(a => a.CommunityCode == code))).ShouldBe(0);
        StoredFiles(app).ShouldBe(stored);

        // Filed with its files in one post; the page shows them, the photo as a thumbnail.
        (await FileOnThePage("通报所指卡口属相邻社区，见区界图", (Pngs.Make(4, 3), "区界图.png"), (Pdf, "街道说明.pdf"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var appeal = (await ListAsync(round.City, code)).Items.ShouldHaveSingleItem();
        appeal.Evidence.Select(e => (e.FileName, e.Kind)).ShouldBe([("区界图.png", Wuyi.Web.Uploads.EvidenceKind.Png), ("街道说明.pdf", Wuyi.Web.Uploads.EvidenceKind.Pdf)]);
        appeal.Evidence.ShouldAllBe(e => e.AppealId == appeal.Id && e.RectificationId == null && e.InspectionId == null);
        StoredFiles(app).ShouldBe(stored + 2);
        var (_, detail) = await browser.GetAsync($"/appeals/{appeal.Id}");
        detail.QuerySelectorAll("[data-testid=appeal-evidence] [data-testid=evidence-files] li").Length.ShouldBe(2);
        detail.QuerySelector("[data-testid=appeal-evidence] img")!.GetAttribute("src").ShouldBe($"/api/v1/evidence/{appeal.Evidence[0].Id}?thumbnail=true");
        detail.QuerySelector("[data-testid=add-evidence]").ShouldNotBeNull();

        // The city's decider reads the files; another district does not find them.
        var decider = await app.AsAsync(ProgrammeRole.City, "11");
        var pdf = await decider.GetAsync($"/api/v1/evidence/{appeal.Evidence[1].Id}");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await pdf.Content.ReadAsByteArrayAsync()).ShouldBe(Pdf);
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110108");
        (await otherDistrict.GetAsync($"/api/v1/evidence/{appeal.Evidence[1].Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Only the appealing community adds files, and one added after the decider opened the appeal makes the decision stale.
        await (await decider.PostAsync($"/api/v1/appeals/{appeal.Id}/evidence", OneFile(Pdf, "补充.pdf"))).Problem(HttpStatusCode.Forbidden);
        var otherCommunity = await app.AsAsync(ProgrammeRole.Community, await app.FreshCommunityAsync("110111"));
        await (await otherCommunity.PostAsync($"/api/v1/appeals/{appeal.Id}/evidence", OneFile(Pdf, "补充.pdf"))).ChineseProblem(HttpStatusCode.NotFound);
        await (await round.Community.PostAsync($"/api/v1/appeals/{appeal.Id}/evidence?version={appeal.Version + 1}", OneFile(Pdf, "补充.pdf")))
            .ChineseProblem(HttpStatusCode.Conflict, "stale");
        var added = await (await round.Community.PostAsync($"/api/v1/appeals/{appeal.Id}/evidence?version={appeal.Version}", OneFile(Pdf, "补充说明.pdf")))
            .Read<AppealView>();
        added.Evidence.Count.ShouldBe(3);
        added.Evidence[^1].FileName.ShouldBe("补充说明.pdf");
        added.Version.ShouldBe(appeal.Version + 1);
        await (await Decide(decider, appeal.Id, "Dismiss", "通报属实", appeal.Version)).ChineseProblem(HttpStatusCode.Conflict, "stale");

        // At most ten files an appeal: the limit says how many are left, and keeps nothing.
        for (var n = 4; n <= 10; n++)
            (await round.Community.PostAsync($"/api/v1/appeals/{appeal.Id}/evidence", OneFile(Pdf, $"材料{n}.pdf"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var full = StoredFiles(app);
        var limit = await (await round.Community.PostAsync($"/api/v1/appeals/{appeal.Id}/evidence", OneFile(Pdf, "材料11.pdf")))
            .ChineseProblem(HttpStatusCode.BadRequest, "appeal-evidence-limit");
        limit.GetProperty("detail").GetString().ShouldBe("每份申诉最多 10 个材料文件，已无法再补充");
        StoredFiles(app).ShouldBe(full);
        (await browser.GetAsync($"/appeals/{appeal.Id}")).Document.QuerySelector("[data-testid=add-evidence]").ShouldBeNull();

        // Decided on what the decider saw, the appeal takes no more files.
        var current = await (await decider.GetAsync($"/api/v1/appeals/{appeal.Id}")).Read<AppealView>();
        current.Evidence.Count.ShouldBe(10);
        (await Decide(decider, appeal.Id, "Dismiss", "通报属实，材料不能证明卡口属相邻社区", current.Version)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await round.Community.PostAsync($"/api/v1/appeals/{appeal.Id}/evidence", OneFile(Pdf, "迟到.pdf"))).ChineseProblem(HttpStatusCode.Conflict, "illegal-transition");
    }

    [Fact]
    public async Task Appeals_AreScoped_OutsideTheSubtreeNothingExists_AndOthersRolesAreRefused()
    {
        var round = await Round.StartAsync(app, "110107");
        var code = round.CommunityCode;
        var veto = await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var otherCommunity = await app.AsAsync(ProgrammeRole.Community, await app.FreshCommunityAsync("110107"));
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110108");

        await (await File(otherCommunity, "Veto", veto.Id.ToString())).ChineseProblem(HttpStatusCode.NotFound);
        await (await File(round.District, "Veto", veto.Id.ToString())).Problem(HttpStatusCode.Forbidden);
        await (await File(app.CreateClient(), "Veto", veto.Id.ToString())).Problem(HttpStatusCode.Unauthorized);
        (await ListAsync(round.City, code)).Total.ShouldBe(0);

        var appeal = await (await File(round.Community, "Veto", veto.Id.ToString())).Read<AppealView>();
        await (await otherDistrict.GetAsync($"/api/v1/appeals/{appeal.Id}")).ChineseProblem(HttpStatusCode.NotFound);
        await (await otherCommunity.GetAsync($"/api/v1/appeals/{appeal.Id}")).ChineseProblem(HttpStatusCode.NotFound);
        (await (await otherDistrict.GetAsync("/api/v1/appeals")).Read<Paged<AppealView>>()).Items.ShouldNotContain(a => a.Id == appeal.Id);
        (await (await otherCommunity.GetAsync("/api/v1/appeals")).Read<Paged<AppealView>>()).Total.ShouldBe(0);
        (await ListAsync(otherDistrict, code)).Total.ShouldBe(0);
        await (await Decide(otherDistrict, appeal.Id, "Dismiss", "驳回")).ChineseProblem(HttpStatusCode.NotFound);
        await (await Decide(round.Street, appeal.Id, "Dismiss", "驳回")).Problem(HttpStatusCode.Forbidden);
        (await (await round.Street.GetAsync($"/api/v1/appeals/{appeal.Id}")).Read<AppealView>()).State.ShouldBe(AppealState.Open);

        var csv = await round.City.GetAsync($"/api/v1/appeals/export?format=csv&community={code}");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await csv.Content.ReadAsStringAsync()).ShouldContain("待复核");
        (await round.District.GetAsync("/api/v1/appeals/export")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class AppealTests_Sqlite(SqliteApp app) : AppealTests(app), IClassFixture<SqliteApp>;

public sealed class AppealTests_Postgres(PostgresApp app) : AppealTests(app), IClassFixture<PostgresApp>;
