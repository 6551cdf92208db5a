using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.ResidentReports;
using Wuyi.Web.Applications;
using Wuyi.Web.ResidentReports;
using Wuyi.Web.Tests.Api;
using Wuyi.Web.Tests.Infrastructure;
using Wuyi.Web.Uploads;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.ResidentReports;

/// <summary>
/// 群众监督: a resident reports a problem of a community without an account, gets a receipt number and follows its status;
/// the report reaches its district's queue (and no other), is checked like evidence, bounded in size and rate, never
/// shown publicly, and closed with a public outcome line. Each test takes its own community and client addresses.
/// </summary>
public abstract class ResidentReportTests(ResidentReportsApp app)
{
    private const string Text = "东门卡口晚上十点后无人值守，外来车辆直接进入";
    private const string Phone = "13800138000";

    private async Task<HttpResponseMessage> ReportAsync(string code, string peer, string text = Text, byte[]? photo = null, string? contact = Phone,
        bool consent = true, string kind = "UnstaffedCheckpoint")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StringContent(text), "text" },
            { new StringContent(consent ? "true" : "false"), "consent" },
        };
        if (contact is not null) form.Add(new StringContent(contact), "contact");
        if (photo is not null)
        {
            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "photo", "卡口.png");
        }
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/public/communities/{code}/reports") { Content = form };
        request.Headers.Add("X-Test-Peer", peer);
        return await app.CreateClient().SendAsync(request);
    }

    private async Task<string> ReceiptAsync(string code, string? peer = null, byte[]? photo = null)
    {
        var receipt = await (await ReportAsync(code, peer ?? app.NewPeer(), photo: photo)).Read<ResidentReportsApi.ReportReceipt>();
        return receipt.Receipt;
    }

    private Task<int> ReportsOfAsync(string code) => app.WithDbAsync(db => db.ResidentReports.CountAsync(r => r.CommunityCode == code));

    private int StoredFiles()
    {
        var root = app.Services.GetRequiredService<EvidenceStore>().Root;
        return Directory.Exists(root) ? Directory.GetFiles(root).Length : 0;
    }

    private static async Task<ReportView> OnlyReportAsync(HttpClient official, string code)
    {
        var list = await (await official.GetAsync($"/api/v1/resident-reports?community={code}")).Read<Paged<ReportView>>();
        return list.Items.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Post_Anonymous_WithoutPhoto_AnswersAReceipt_WhoseStatusSaysReceived_AndNothingOfTheReport()
    {
        var code = await app.FreshCommunityAsync("110108");

        var response = await ReportAsync(code, app.NewPeer());
        var receipt = await response.Read<ResidentReportsApi.ReportReceipt>();

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        receipt.Receipt.ShouldMatch("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/public/reports/{receipt.Receipt}");
        receipt.Status.StatusName.ShouldBe("已收到");

        var json = await (await app.CreateClient().GetAsync(response.Headers.Location)).Content.ReadAsStringAsync();
        var status = JsonSerializer.Deserialize<ReportReceiptStatus>(json, Json)!;
        status.Status.ShouldBe(ReportStatus.Received);
        status.Outcome.ShouldBeNull();
        json.ShouldNotContain("东门");
        json.ShouldNotContain(Phone);

        var (pageStatus, page) = await Browserless.Anonymous(app).GetAsync($"/public/reports/{receipt.Receipt}");
        pageStatus.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=receipt]")!.TextContent.ShouldBe(receipt.Receipt);
        page.QuerySelector("[data-testid=report-status]")!.TextContent.ShouldBe("已收到");
        page.Body!.TextContent.ShouldNotContain("东门");
        page.Body!.TextContent.ShouldNotContain(Phone);
        (await ReportsOfAsync(code)).ShouldBe(1);
    }

    [Fact]
    public async Task Post_WithAPhoto_StoresItWithoutItsMetadata_ShownOnlyToOfficialsInScope()
    {
        var code = await app.FreshCommunityAsync("110108");
        var png = Pngs.Make(1, 1, ("tEXt", "GPS\0北京市海淀区 39.9,116.3"u8.ToArray()));

        await ReceiptAsync(code, photo: png);

        var district = await app.AsAsync(ProgrammeRole.District, "110108");
        var report = await OnlyReportAsync(district, code);
        report.HasPhoto.ShouldBeTrue();
        report.Contact.ShouldBe(Phone);
        var photo = await district.GetAsync($"/api/v1/resident-reports/{report.Id}/photo");
        await photo.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        photo.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var bytes = await photo.Content.ReadAsByteArrayAsync();
        bytes.Length.ShouldBeLessThan(png.Length);
        System.Text.Encoding.UTF8.GetString(bytes).ShouldNotContain("GPS");

        var street = await app.AsAsync(ProgrammeRole.Street, code[..9]);
        (await street.GetAsync($"/api/v1/resident-reports/{report.Id}/photo")).StatusCode.ShouldBe(HttpStatusCode.OK); // a street reads
        (await (await app.AsAsync(ProgrammeRole.District, "110105")).GetAsync($"/api/v1/resident-reports/{report.Id}/photo")).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync($"/api/v1/resident-reports/{report.Id}/photo")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await (await app.AsAsync(ProgrammeRole.Community, code)).GetAsync($"/api/v1/resident-reports/{report.Id}/photo")).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden); // the community reported on never reads who reported it
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("broken-jpeg")]
    [InlineData("text")]
    public async Task Post_WithABadPhoto_IsRefusedInChinese_AndNothingIsStored(string what)
    {
        var code = await app.FreshCommunityAsync("110101");
        byte[] bad = what switch
        {
            "pdf" => "%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n"u8.ToArray(),
            "broken-jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00],
            _ => "区划代码,名称\n110101,东华门\n"u8.ToArray(),
        };
        var files = StoredFiles();

        var problem = await (await ReportAsync(code, app.NewPeer(), photo: bad)).Problem(HttpStatusCode.BadRequest, "report-photo-invalid");

        problem.GetProperty("detail").GetString()!.ShouldStartWith("照片未能上传：");
        problem.GetProperty("errors").GetProperty("photo").GetArrayLength().ShouldBe(1);
        (await ReportsOfAsync(code)).ShouldBe(0);
        StoredFiles().ShouldBe(files);
    }

    [Fact]
    public async Task Post_TooLongText_NoConsent_OrABadPhone_AreRefusedInChinese_AndNothingIsStored()
    {
        var code = await app.FreshCommunityAsync("110101");
        var peer = app.NewPeer();

        var tooLong = await (await ReportAsync(code, peer, text: new string('卡', 1001))).Problem(HttpStatusCode.BadRequest, "text-too-long");
        tooLong.GetProperty("detail").GetString().ShouldBe("“反映内容”不能超过 1000 字（当前 1,001 字）");
        await (await ReportAsync(code, peer, consent: false)).Problem(HttpStatusCode.BadRequest, "consent-required");
        await (await ReportAsync(code, peer, contact: "请打我电话")).Problem(HttpStatusCode.BadRequest, "contact-invalid");
        await (await ReportAsync(code, peer, kind: "Nonsense")).Problem(HttpStatusCode.BadRequest, "kind-invalid");

        (await ReportsOfAsync(code)).ShouldBe(0);
        (await ReportAsync("110101999999", app.NewPeer())).StatusCode.ShouldBe(HttpStatusCode.NotFound); // no such community
    }

    [Fact]
    public async Task Post_AsJson_TakesThePhotoInBase64_AndRefusesWhatIsNotBase64()
    {
        var code = await app.FreshCommunityAsync("110109");
        var peer = app.NewPeer();
        HttpRequestMessage Json(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/public/communities/{code}/reports") { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Test-Peer", peer);
            return request;
        }

        var refused = await app.CreateClient().SendAsync(Json(new { kind = "Sanitation", text = "垃圾桶满溢无人清运", consent = true, photo = "不是base64" }));
        await refused.Problem(HttpStatusCode.BadRequest, "report-photo-invalid");
        (await ReportsOfAsync(code)).ShouldBe(0);

        var photo = Convert.ToBase64String(Pngs.Make(1, 1));
        var created = await app.CreateClient().SendAsync(Json(new { kind = "Sanitation", text = "垃圾桶满溢无人清运", consent = true, photo }));
        (await created.Read<ResidentReportsApi.ReportReceipt>()).Status.StatusName.ShouldBe("已收到");
        var report = await OnlyReportAsync(await app.AsAsync(ProgrammeRole.District, "110109"), code);
        report.HasPhoto.ShouldBeTrue();
        report.Kind.ShouldBe(ReportKind.Sanitation);
        report.Contact.ShouldBeNull();
    }

    [Fact]
    public async Task Post_PastTheHourlyAllowanceOfAClient_Answers429InChinese_WhileAnotherClientGoesOn()
    {
        var code = await app.FreshCommunityAsync("110102");
        var peer = app.NewPeer();
        for (var i = 0; i < ResidentReportsApp.PerClientPerHour; i++)
            (await ReportAsync(code, peer)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var refused = await (await ReportAsync(code, peer)).Problem(HttpStatusCode.TooManyRequests, "too-many-reports");

        refused.GetProperty("title").GetString().ShouldBe("反映过于频繁");
        refused.GetProperty("detail").GetString()!.ShouldContain("每小时 5 条");
        (await ReportsOfAsync(code)).ShouldBe(ResidentReportsApp.PerClientPerHour);

        // The form says so too, on its page, and keeps what was typed.
        var browser = Browserless.Anonymous(app);
        browser.Client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        var (status, page) = await browser.SubmitAsync($"/public/communities/{code}/report", "form[data-testid=report-form]",
            new() { ["Kind"] = "Sanitation", ["Text"] = "垃圾堆放三天无人清运", ["Consent"] = "true" });
        status.ShouldBe(HttpStatusCode.TooManyRequests);
        page.QuerySelector("[data-testid=report-errors]")!.TextContent.ShouldContain("每小时 5 条");
        page.QuerySelector("textarea#Text")!.TextContent.ShouldBe("垃圾堆放三天无人清运");

        (await ReportAsync(code, app.NewPeer())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Post_PastACommunitysDailyCap_Answers429InChinese_FromAnyClient()
    {
        var code = await app.FreshCommunityAsync("110102");
        for (var i = 0; i < ResidentReportsApp.PerCommunityPerDay; i++)
            (await ReportAsync(code, app.NewPeer())).StatusCode.ShouldBe(HttpStatusCode.Created);

        var refused = await (await ReportAsync(code, app.NewPeer())).Problem(HttpStatusCode.TooManyRequests, "community-report-cap");

        refused.GetProperty("detail").GetString()!.ShouldContain("24 小时内收到的反映已达上限");
        (await ReportsOfAsync(code)).ShouldBe(ResidentReportsApp.PerCommunityPerDay);
        app.Clock.Advance(TimeSpan.FromHours(25));
        try
        {
            (await ReportAsync(code, app.NewPeer())).StatusCode.ShouldBe(HttpStatusCode.Created); // a day later
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromHours(-25));
        }
    }

    [Theory]
    [InlineData("0000-0000-0000")] // a well-formed number nobody was given
    [InlineData("ABCD-EFGH-JKMN")] // a wrong check character
    [InlineData("not-a-receipt")]
    public async Task Get_AReceiptNotOnRecord_Is404InChinese(string receipt)
    {
        var wellFormed = ReceiptNumber.Normalise(receipt) is not null;
        if (receipt.StartsWith("0000", StringComparison.Ordinal)) wellFormed.ShouldBeTrue();

        var problem = await (await app.CreateClient().GetAsync($"/api/v1/public/reports/{receipt}")).Problem(HttpStatusCode.NotFound, "receipt-not-found");
        problem.GetProperty("detail").GetString()!.ShouldStartWith("找不到该回执号");

        var (status, page) = await Browserless.Anonymous(app).GetAsync($"/public/reports/{receipt}");
        status.ShouldBe(HttpStatusCode.NotFound);
        page.QuerySelector("[data-testid=receipt-not-found]").ShouldNotBeNull();
    }

    [Fact]
    public async Task Lookup_ReadsTheNumberHoweverItIsTyped_AndSendsItToItsStatusPage()
    {
        var code = await app.FreshCommunityAsync("110105");
        var receipt = await ReceiptAsync(code);
        var browser = Browserless.Anonymous(app);

        using var typed = await browser.Client.GetAsync($"/public/reports?q={Uri.EscapeDataString(" " + receipt.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant())}");

        typed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        typed.Headers.Location!.ToString().ShouldBe($"/public/reports/{receipt}");
        (await browser.GetAsync("/public/reports?q=XYZ")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync("/public/reports")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AReport_ReachesItsDistrictsQueue_AndTheCitys_NeverAnotherDistricts()
    {
        var code = await app.FreshCommunityAsync("110105");
        var receipt = await ReceiptAsync(code);

        var district = await app.AsAsync(ProgrammeRole.District, "110105");
        var report = await OnlyReportAsync(district, code);
        report.Receipt.ShouldBe(receipt);
        report.Text.ShouldBe(Text);
        report.KindName.ShouldBe("卡口无人值守");
        report.Place.District.Code.ShouldBe("110105");
        (await (await district.GetAsync("/api/v1/resident-reports")).Read<Paged<ReportView>>()).Items.ShouldContain(r => r.Id == report.Id);
        (await (await (await app.AsAsync(ProgrammeRole.City, "11")).GetAsync($"/api/v1/resident-reports/{report.Id}")).Read<ReportView>()).Id.ShouldBe(report.Id);

        var other = await app.AsAsync(ProgrammeRole.District, "110108");
        (await (await other.GetAsync("/api/v1/resident-reports?pageSize=200")).Read<Paged<ReportView>>()).Items.ShouldNotContain(r => r.Id == report.Id);
        (await other.GetAsync($"/api/v1/resident-reports/{report.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await other.PostAsJsonAsync($"/api/v1/resident-reports/{report.Id}/close", new { outcome = "越权办结" }, Json)).ShouldBe(HttpStatusCode.NotFound);

        var street = await app.AsAsync(ProgrammeRole.Street, code[..9]);
        (await (await street.GetAsync($"/api/v1/resident-reports/{report.Id}")).Read<ReportView>()).Id.ShouldBe(report.Id);
        await (await street.PostAsJsonAsync($"/api/v1/resident-reports/{report.Id}/close", new { outcome = "街道办结" }, Json)).ShouldBe(HttpStatusCode.Forbidden);

        (await OnlyReportAsync(district, code)).Version.ShouldBe(1); // none of the refusals changed it
    }

    [Fact]
    public async Task Close_WithAnOutcome_IsWhatTheResidentReads_TheInternalNoteIsNot()
    {
        var code = await app.FreshCommunityAsync("110106");
        var receipt = await ReceiptAsync(code);
        var district = await app.AsAsync(ProgrammeRole.District, "110106");
        var report = await OnlyReportAsync(district, code);

        var checking = await (await district.PostAsJsonAsync($"/api/v1/resident-reports/{report.Id}/checking", new { version = 1 }, Json)).Read<ReportView>();
        checking.StatusName.ShouldBe("核查中");
        (await (await app.CreateClient().GetAsync($"/api/v1/public/reports/{receipt}")).Read<ReportReceiptStatus>()).StatusName.ShouldBe("核查中");
        var lead = await (await district.PostAsJsonAsync($"/api/v1/resident-reports/{report.Id}/lead", new { version = 2, note = "列入督导检查" }, Json))
            .Read<ReportView>();
        lead.Status.ShouldBe(ReportStatus.PassedToInspection);
        (await (await app.CreateClient().GetAsync($"/api/v1/public/reports/{receipt}")).Read<ReportReceiptStatus>()).StatusName.ShouldBe("已转督导检查");

        // Stale: refused, and nothing changed.
        await (await district.PostAsJsonAsync($"/api/v1/resident-reports/{report.Id}/close", new { version = 2, outcome = "已整改" }, Json))
            .Problem(HttpStatusCode.Conflict, "stale");
        await (await district.PostAsJsonAsync($"/api/v1/resident-reports/{report.Id}/close", new { version = 3, outcome = " " }, Json))
            .Problem(HttpStatusCode.BadRequest, "reason-required");
        (await OnlyReportAsync(district, code)).Status.ShouldBe(ReportStatus.PassedToInspection);

        var closed = await (await district.PostAsJsonAsync($"/api/v1/resident-reports/{report.Id}/close",
            new { version = 3, outcome = "经核查属实，已督促社区恢复24小时值守", note = "值班表缺夜班，已约谈书记" }, Json)).Read<ReportView>();
        closed.Status.ShouldBe(ReportStatus.Closed);

        var status = await (await app.CreateClient().GetAsync($"/api/v1/public/reports/{receipt}")).Read<ReportReceiptStatus>();
        status.StatusName.ShouldBe("已办结");
        status.Outcome.ShouldBe("经核查属实，已督促社区恢复24小时值守");
        var (_, page) = await Browserless.Anonymous(app).GetAsync($"/public/reports/{receipt}");
        page.QuerySelector("[data-testid=report-outcome]")!.TextContent.ShouldBe("经核查属实，已督促社区恢复24小时值守");
        page.Body!.TextContent.ShouldNotContain("约谈");
        page.Body!.TextContent.ShouldNotContain("东门");

        await (await district.PostAsJsonAsync($"/api/v1/resident-reports/{report.Id}/lead", new { version = 4 }, Json))
            .Problem(HttpStatusCode.Conflict, "illegal-transition");

        // On the audit trail like every step, the report's arrival too; the resident's phone never is.
        var trail = await app.WithDbAsync(db => db.AuditRecords.Where(a => a.Action.Contains("reports")).ToListAsync());
        var closes = trail.Where(a => a.Action == "POST /api/v1/resident-reports/{id:guid}/close").ToList();
        closes.Select(a => a.Outcome).ShouldContain(Wuyi.Web.Audit.AuditOutcome.Success);
        closes.ShouldContain(a => a.ProblemCode == "stale");
        var arrival = trail.Where(a => a.Action == "POST /api/v1/public/communities/{code}/reports" && a.Changes != null && a.Changes.Contains(receipt.Replace("-", "", StringComparison.Ordinal))).ShouldHaveSingleItem();
        arrival.Changes!.ShouldNotContain(Phone);
        arrival.Changes!.ShouldContain("（已隐去）");
    }

    [Fact]
    public async Task Pages_ResidentReportsOnAPhone_TheDistrictSeesIt_AndClosesItWithConfirmation()
    {
        var code = await app.FreshCommunityAsync("110107");
        var resident = Browserless.Anonymous(app);
        resident.Client.DefaultRequestHeaders.Add("X-Test-Peer", app.NewPeer());
        var (communityStatus, community) = await resident.GetAsync($"/public/communities/{code}");
        communityStatus.ShouldBe(HttpStatusCode.OK);
        community.QuerySelector("[data-testid=report-link]")!.GetAttribute("href").ShouldBe($"/public/communities/{code}/report");

        using (var refusedPost = await resident.Client.GetAsync($"/public/communities/{code}/report"))
            refusedPost.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (refusedStatus, refused) = await resident.SubmitAsync($"/public/communities/{code}/report", "form[data-testid=report-form]",
            new() { ["Kind"] = "NoTemperatureOrScan", ["Text"] = "北门不测温不扫码" });
        refusedStatus.ShouldBe(HttpStatusCode.OK);
        refused.QuerySelector("[data-testid=report-errors]")!.TextContent.ShouldContain("请勾选同意");
        (await ReportsOfAsync(code)).ShouldBe(0);

        var (sent, _) = await resident.SubmitAsync($"/public/communities/{code}/report", "form[data-testid=report-form]",
            new() { ["Kind"] = "NoTemperatureOrScan", ["Text"] = "北门不测温不扫码", ["Contact"] = "010-62345678", ["Consent"] = "true" });
        sent.ShouldBe(HttpStatusCode.Redirect);
        var district = await app.AsAsync(ProgrammeRole.District, "110107");
        var report = await OnlyReportAsync(district, code);
        var (receiptStatus, receiptPage) = await resident.GetAsync($"/public/reports/{report.Receipt}?new=true");
        receiptStatus.ShouldBe(HttpStatusCode.OK);
        receiptPage.QuerySelector("[data-testid=report-sent]").ShouldNotBeNull();
        receiptPage.QuerySelector("[data-testid=receipt]")!.TextContent.ShouldBe(report.Receipt);

        var official = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110107"));
        var (_, queue) = await official.GetAsync($"/resident-reports?community={code}");
        queue.QuerySelector($"[data-testid=resident-reports] tr[data-receipt='{report.Receipt}']").ShouldNotBeNull();
        var (_, work) = await official.GetAsync("/work");
        int.Parse(work.QuerySelector("[data-testid=todo-resident-reports] .display-6")!.TextContent, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThanOrEqualTo(1);
        var (_, detail) = await official.GetAsync($"/resident-reports/{report.Id}");
        detail.QuerySelector("[data-testid=text]")!.TextContent.ShouldBe("北门不测温不扫码");
        detail.QuerySelector("[data-testid=contact]")!.TextContent.ShouldBe("010-62345678");

        var (closed, after, confirmation) = await official.SubmitConfirmedAsync($"/resident-reports/{report.Id}", "form#close",
            new() { ["Outcome"] = "经核查，已督促北门落实测温扫码", ["Note"] = "现场抽查" }, "Close");
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldContain("经核查，已督促北门落实测温扫码");
        closed.ShouldBe(HttpStatusCode.Redirect);
        (await OnlyReportAsync(district, code)).Status.ShouldBe(ReportStatus.Closed);
        var (_, final) = await resident.GetAsync($"/public/reports/{report.Receipt}");
        final.QuerySelector("[data-testid=report-status]")!.TextContent.ShouldBe("已办结");

        var street = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Street, code[..9]));
        (await street.GetAsync($"/resident-reports/{report.Id}")).Status.ShouldBe(HttpStatusCode.OK);
        (await street.GetAsync($"/resident-reports/{report.Id}")).Document.QuerySelector("form#close").ShouldBeNull();
    }

    [Fact]
    public async Task Export_TheQueue_AsCsvAndXlsx_WithoutThePhone()
    {
        var code = await app.FreshCommunityAsync("110111");
        var receipt = await ReceiptAsync(code);
        var district = await app.AsAsync(ProgrammeRole.District, "110111");

        var csv = await district.GetAsync($"/api/v1/resident-reports/export?format=csv&community={code}");
        await csv.ShouldBe(HttpStatusCode.OK);
        var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        text.ShouldStartWith("\uFEFF\"回执号\"");
        text.ShouldContain(receipt);
        text.ShouldContain(Text);
        text.ShouldNotContain(Phone);
        var xlsx = await district.GetAsync($"/api/v1/resident-reports/export?community={code}");
        await xlsx.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    [Fact]
    public async Task CountsAsync_TheRiskRankingsSeam_CountsEachCommunitysReportsSinceADate_AndTheOpenOnes()
    {
        var a = await app.FreshCommunityAsync("110112");
        var b = await app.FreshCommunityAsync("110112");
        var since = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1);
        await ReceiptAsync(a);
        await ReceiptAsync(a);
        var district = await app.AsAsync(ProgrammeRole.District, "110112");
        var first = (await (await district.GetAsync($"/api/v1/resident-reports?community={a}")).Read<Paged<ReportView>>()).Items[0];
        await (await district.PostAsJsonAsync($"/api/v1/resident-reports/{first.Id}/close", new { outcome = "不属实" }, Json)).ShouldBe(HttpStatusCode.OK);

        var counts = await app.WithDbAsync(db => ResidentReportQueries.CountsAsync(db, [a, b], since, CancellationToken.None));

        counts[a].ShouldBe(new ReportCounts(2, 1));
        counts.ContainsKey(b).ShouldBeFalse();
        (await app.WithDbAsync(db => ResidentReportQueries.CountsAsync(db, [a], since.AddHours(1), CancellationToken.None))).ShouldBeEmpty();

        // The same counts in one query under a division code.
        var under = await app.WithDbAsync(db => ResidentReportQueries.CountsUnderAsync(db, "110112", since, CancellationToken.None));
        under[a].ShouldBe(new ReportCounts(2, 1));
        under.ContainsKey(b).ShouldBeFalse();
    }
}

public sealed class ResidentReportTests_Sqlite(ResidentReportsSqliteApp app) : ResidentReportTests(app), IClassFixture<ResidentReportsSqliteApp>;

public sealed class ResidentReportTests_Postgres(ResidentReportsPostgresApp app) : ResidentReportTests(app), IClassFixture<ResidentReportsPostgresApp>;
