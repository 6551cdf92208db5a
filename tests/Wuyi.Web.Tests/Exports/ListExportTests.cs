using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Rules;
using Wuyi.Web.Audit;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Hotline;
using Wuyi.Web.Tests.Audit;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Exports;

/// <summary>
/// 导出 Excel for every list (issue 12, item 2): each list downloaded as .xlsx from its page (the link beside it, with the
/// page's filters) and from the API with a bearer token, read back and validated by the SDK; Chinese headers, codes as
/// text, dates as dates, formula-like text neutralised, the header frozen; a district never gets another district's
/// rows; each export is one audit line naming the list, the format, the filters and the row count.
/// Each fact works in districts of its own (the fixture's database is shared by the class).
/// </summary>
public abstract class ListExportTests(WuyiApp app)
{
    private async Task<Browserless> PagesAsync(ProgrammeRole role, string division) =>
        await Browserless.SignInAsync(app, await app.CreateAccountAsync(role, division));

    /// <summary>The page's 导出 Excel link (it carries the page's filters), followed.</summary>
    private static async Task<Workbook> FromPageAsync(Browserless browser, string page, string? scope = null)
    {
        var (status, document) = await browser.GetAsync(page);
        status.ShouldBe(HttpStatusCode.OK);
        var root = scope is null ? document.DocumentElement : document.QuerySelector(scope)!;
        var link = root.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!;
        link.ShouldContain("xlsx");
        root.QuerySelector("[data-testid=export]")!.GetAttribute("href")!.ShouldContain("csv");
        return await Workbook.ReadAsync(await browser.Client.GetAsync(link));
    }

    /// <summary>The export's one audit line: the action, and the list, format, filters and row count it names.</summary>
    private async Task ShouldBeAuditedAsync(string action, string list, string format, int rows, string? filter = null)
    {
        var trail = await app.TrailAsync();
        var record = trail.LastOrDefault(r => r.Action == action);
        record.ShouldNotBeNull($"no audit record {action}");
        record.Outcome.ShouldBe(AuditOutcome.Success);
        record.Changes.ShouldNotBeNull();
        record.Changes.ShouldContain($"\"List\":\"{list}\"");
        record.Changes.ShouldContain($"\"Format\":\"{format}\"");
        record.Changes.ShouldContain($"\"Rows\":{rows}");
        if (filter is not null) record.Changes.ShouldContain(filter);
        AuditOperations.Of(record.Action)!.Name.ShouldBe("导出数据");
        var (changes, _) = AuditRows.Changes(record.Changes);
        changes.ShouldHaveSingleItem().Fields.Select(f => f.Label).ShouldContain("导出清单");
    }

    [Fact]
    public async Task Applications_FromThePageAndTheApi_BothScores_TheCaseNumber_Scoped_AndAudited()
    {
        var x = await Round.StartAsync(app, "110108");
        var id = await x.SubmittedAsync(Scores(("C5", 4m)));
        var number = (await (await x.Community.Get(id)).ReadApplication()).CaseNumber;
        var other = await Round.StartAsync(app, "110105");
        await other.SubmittedAsync();
        // A name that a spreadsheet would take for a formula (as a hostile import could leave one).
        await app.WithDbAsync(db => db.Divisions.Where(d => d.Code == x.CommunityCode).ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, "=1+1社区")));

        var district = await app.AsAsync(ProgrammeRole.District, "110108");
        var book = await Workbook.ReadAsync(await district.GetAsync("/api/v1/applications/export?format=xlsx"));

        book.Header.ShouldBe(["办件编号", "社区（村）", "区划代码", "街道（乡镇）", "区", "状态", "自评得分", "区级评定得分", "申报时间", "更新时间", "公布批次"]);
        book.ShouldHaveFrozenHeaderAndFilter();
        book.Column("区划代码").ShouldAllBe(c => c!.StartsWith("110108"));
        var row = book.Column("区划代码").ToList().IndexOf(x.CommunityCode) + 1;
        row.ShouldBeGreaterThan(0);
        book.TextAt(book.Reference("区划代码", row)).ShouldBe(x.CommunityCode);
        book.TextAt(book.Reference("办件编号", row)).ShouldBe(number);
        book.TextAt(book.Reference("社区（村）", row)).ShouldBe("'=1+1社区");
        book.NumberAt(book.Reference("自评得分", row)).ShouldBe(Scores(("C5", 4m)).Values.Sum());
        book.CellAt(book.Reference("区级评定得分", row)).ShouldBeNull(); // not decided yet
        var beijingNow = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime;
        (book.DateAt(book.Reference("申报时间", row), withTime: true) - beijingNow).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(5));
        await ShouldBeAuditedAsync("export GET /api/v1/applications/export", "申报", "xlsx", book.DataRows);

        // The page's link honours its filters: one street.
        var street = x.CommunityCode[..9];
        var pages = await PagesAsync(ProgrammeRole.District, "110108");
        var filtered = await FromPageAsync(pages, $"/applications?within={street}");
        filtered.Column("区划代码").ShouldAllBe(c => c!.StartsWith(street));
        filtered.Column("办件编号").ShouldContain(number);
        await ShouldBeAuditedAsync("export GET /applications?handler=xlsx", "申报", "xlsx", filtered.DataRows, $"within={street}");

        // Another district gets none of these rows, in either format.
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110105");
        var theirs = await Workbook.ReadAsync(await otherDistrict.GetAsync("/api/v1/applications/export"));
        theirs.Column("区划代码").ShouldNotBeEmpty();
        theirs.Column("区划代码").ShouldAllBe(c => c!.StartsWith("110105"));
        var csv = Encoding.UTF8.GetString(await otherDistrict.GetByteArrayAsync("/api/v1/applications/export?format=csv"));
        csv.ShouldStartWith("\uFEFF\"办件编号\",");
        csv.ShouldNotContain(x.CommunityCode);
        await (await district.GetAsync("/api/v1/applications/export?format=pdf")).Problem(HttpStatusCode.BadRequest, "export-format-invalid");
    }

    [Fact]
    public async Task Vetoes_Rectifications_AndReEvaluations_FromThePagesAndTheApi_ScopedToTheDistrict()
    {
        var x = await Round.StartAsync(app, "110106");
        await x.CertifiedAsync();
        var veto = await (await x.District.RecordVeto(x.CommunityCode, VetoKind.MediaExposure, app.Clock, description: "=1+1 卡口夜间无人值守")).Read<VetoView>();
        await (await x.City.PostAsJsonAsync($"/api/v1/vetoes/{veto.Id}/annul", new { reason = "经核实系误录" }, Json)).ShouldBe(HttpStatusCode.OK);
        var pages = await PagesAsync(ProgrammeRole.District, "110106");
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110107");

        // 一票否决
        var vetoes = await Workbook.ReadAsync(await x.District.GetAsync("/api/v1/vetoes/export"));
        vetoes.Header.ShouldBe(["社区（村）", "区划代码", "街道（乡镇）", "区", "类型", "发生时间", "来源", "情况说明", "文号", "登记时间", "登记人", "状态", "撤销时间", "撤销理由", "整改验收时间"]);
        vetoes.ShouldHaveFrozenHeaderAndFilter();
        var v = vetoes.Column("区划代码").ToList().IndexOf(x.CommunityCode) + 1;
        v.ShouldBeGreaterThan(0);
        vetoes.TextAt(vetoes.Reference("情况说明", v)).ShouldBe("'=1+1 卡口夜间无人值守");
        vetoes.TextAt(vetoes.Reference("状态", v)).ShouldBe("已撤销");
        vetoes.DateAt(vetoes.Reference("发生时间", v), withTime: true).ShouldBe(veto.OccurredAtUtc.AddHours(8), TimeSpan.FromSeconds(1));
        await ShouldBeAuditedAsync("export GET /api/v1/vetoes/export", "一票否决", "xlsx", vetoes.DataRows);
        (await FromPageAsync(pages, $"/vetoes?live=no&community={x.CommunityCode}")).Column("区划代码").ShouldBe([x.CommunityCode]);
        await ShouldBeAuditedAsync("export GET /vetoes?handler=xlsx", "一票否决", "xlsx", 1, $"community={x.CommunityCode}");
        (await Workbook.ReadAsync(await otherDistrict.GetAsync("/api/v1/vetoes/export"))).Column("区划代码").ShouldNotContain(x.CommunityCode);

        // 整改任务
        var tasks = await Workbook.ReadAsync(await x.District.GetAsync($"/api/v1/rectifications/export?community={x.CommunityCode}"));
        tasks.Header.ShouldContain("整改期限");
        tasks.ShouldHaveFrozenHeaderAndFilter();
        tasks.Column("区划代码").ShouldBe([x.CommunityCode]);
        var task = await x.District.OpenTaskAsync(x.CommunityCode);
        tasks.DateAt(tasks.Reference("整改期限", 1), withTime: false).ShouldBe(task.Deadline.ToDateTime(TimeOnly.MinValue));
        tasks.NumberAt(tasks.Reference("退回次数", 1)).ShouldBe(0m);
        await ShouldBeAuditedAsync("export GET /api/v1/rectifications/export", "整改任务", "xlsx", 1, $"community={x.CommunityCode}");
        (await FromPageAsync(pages, "/rectifications")).Column("区划代码").ShouldContain(x.CommunityCode);
        // The community reads its own task, and nobody else's.
        var community = await Workbook.ReadAsync(await x.Community.GetAsync("/api/v1/rectifications/export"));
        community.Column("区划代码").ShouldBe([x.CommunityCode]);
        (await Workbook.ReadAsync(await otherDistrict.GetAsync("/api/v1/rectifications/export"))).Column("区划代码").ShouldNotContain(x.CommunityCode);

        // 重新评定
        var items = await Workbook.ReadAsync(await x.District.GetAsync("/api/v1/re-evaluations/export"));
        items.ShouldHaveFrozenHeaderAndFilter();
        var r = items.Column("区划代码").ToList().IndexOf(x.CommunityCode) + 1;
        r.ShouldBeGreaterThan(0);
        items.TextAt(items.Reference("状态", r)).ShouldNotBeNullOrEmpty();
        items.DateAt(items.Reference("列入时间", r), withTime: true).Year.ShouldBeInRange(app.Clock.GetUtcNow().Year - 1, app.Clock.GetUtcNow().Year + 1);
        await ShouldBeAuditedAsync("export GET /api/v1/re-evaluations/export", "重新评定", "xlsx", items.DataRows);
        (await FromPageAsync(pages, "/re-evaluations")).Column("区划代码").ShouldContain(x.CommunityCode);
        await ShouldBeAuditedAsync("export GET /re-evaluations?handler=xlsx", "重新评定", "xlsx", 1, "open=True");
        (await Workbook.ReadAsync(await otherDistrict.GetAsync("/api/v1/re-evaluations/export"))).Column("区划代码").ShouldNotContain(x.CommunityCode);
    }

    [Fact]
    public async Task Complaints_TheAppraisal_AndAnImportsRejectedRows_KeepTheComplaintNumbersZeros()
    {
        var x = await Round.StartAsync(app, "110109");
        var street = x.CommunityCode[..9];
        var received = app.Clock.GetUtcNow().AddDays(-2);
        var fed = await x.District.PostAsJsonAsync("/api/v1/hotline/complaints", new
        {
            complaints = new object[]
            {
                new { number = "0012345", receivedAt = received, communityCode = x.CommunityCode, epidemicRelated = true, responseDeadline = received.AddDays(1) },
                new { number = "=1+1", receivedAt = received, communityCode = x.CommunityCode, epidemicRelated = true, responseDeadline = received.AddDays(1) },
            },
            skipInvalid = true,
        }, Json);
        var report = await fed.Read<ImportReport>();
        report.Rejected.ShouldBe(1);
        var importId = report.ImportId!.Value;
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110111");

        // 12345 诉求: the number keeps its zeros, the time is a date.
        var complaints = await Workbook.ReadAsync(await x.District.GetAsync("/api/v1/hotline/complaints/export?epidemicOnly=true"));
        complaints.ShouldHaveFrozenHeaderAndFilter();
        complaints.Header.ShouldBe(["工单编号", "社区（村）", "区划代码", "街道（乡镇）", "区", "受理时间", "涉疫", "答复时限", "答复时间", "答复不及时", "回访结果", "导入时间"]);
        var c = complaints.Column("工单编号").ToList().IndexOf("0012345") + 1;
        c.ShouldBeGreaterThan(0);
        complaints.TextAt(complaints.Reference("工单编号", c)).ShouldBe("0012345");
        complaints.DateAt(complaints.Reference("受理时间", c), withTime: true).ShouldBe(received.ToOffset(TimeSpan.FromHours(8)).DateTime, TimeSpan.FromSeconds(1));
        complaints.Column("区划代码").ShouldAllBe(code => code!.StartsWith("110109"));
        await ShouldBeAuditedAsync("export GET /api/v1/hotline/complaints/export", "12345 诉求", "xlsx", complaints.DataRows, "epidemicOnly=true");
        (await Workbook.ReadAsync(await otherDistrict.GetAsync("/api/v1/hotline/complaints/export"))).Column("工单编号").ShouldNotContain("0012345");

        // The street's page: the complaints listed and its 接诉即办 table.
        var streetPages = await PagesAsync(ProgrammeRole.Street, street);
        (await FromPageAsync(streetPages, "/hotline", "[data-testid=complaints-export]")).Column("工单编号").ShouldContain("0012345");
        var appraisal = await FromPageAsync(streetPages, "/hotline", "[data-testid=appraisal-export]");
        appraisal.Header.ShouldBe(["区划代码", "社区（村）", "诉求", "涉疫诉求", "涉疫答复不及时", "涉疫回访不满意", "未答复"]);
        appraisal.ShouldHaveFrozenHeaderAndFilter();
        var a = appraisal.Column("区划代码").ToList().IndexOf(x.CommunityCode) + 1;
        appraisal.NumberAt(appraisal.Reference("涉疫诉求", a)).ShouldBe(1m);
        appraisal.TextAt(appraisal.Reference("社区（村）", appraisal.DataRows)).ShouldBe("合计");
        await ShouldBeAuditedAsync("export GET /hotline?handler=xlsx", "接诉即办", "xlsx", appraisal.DataRows);
        var byApi = await Workbook.ReadAsync(await x.District.GetAsync($"/api/v1/hotline/appraisal/export?within={street}"));
        byApi.DataRows.ShouldBe(appraisal.DataRows);
        await (await otherDistrict.GetAsync($"/api/v1/hotline/appraisal/export?within={street}")).ShouldBe(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);

        // 未导入的行: the hostile number neutralised, the row number a number.
        var rejected = await Workbook.ReadAsync(await x.District.GetAsync($"/api/v1/hotline/imports/{importId}/export"));
        rejected.Header.ShouldBe(["行号", "工单编号", "列", "问题"]);
        rejected.DataRows.ShouldBe(1);
        rejected.TextAt("B2").ShouldBe("'=1+1");
        rejected.TextAt("C2").ShouldBe("工单编号");
        rejected.NumberAt("A2").ShouldBe(2m);
        await ShouldBeAuditedAsync("export GET /api/v1/hotline/imports/{id:guid}/export", "12345 导入未导入的行", "xlsx", 1);
        var districtPages = await PagesAsync(ProgrammeRole.District, "110109");
        (await FromPageAsync(districtPages, $"/hotline/imports/{importId}")).TextAt("B2").ShouldBe("'=1+1");
        await (await otherDistrict.GetAsync($"/api/v1/hotline/imports/{importId}/export")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheCertifiedList_AndABatch_AreAnonymousDownloads_FromThePublicPagesAndTheApi()
    {
        var x = await Round.StartAsync(app, "110112");
        var (_, batch) = await x.CertifiedAsync();
        var anonymous = Browserless.Anonymous(app);

        var list = await Workbook.ReadAsync(await anonymous.Client.GetAsync("/api/v1/public/certified/export?district=110112"));
        list.Header.ShouldBe(["区划代码", "社区（村）", "类别", "街道（乡镇）", "街道代码", "区", "区代码", "公布批次", "认定日期", "证书编号"]);
        list.ShouldHaveFrozenHeaderAndFilter();
        list.Column("区划代码").ShouldAllBe(c => c!.StartsWith("110112"));
        var row = list.Column("区划代码").ToList().IndexOf(x.CommunityCode) + 1;
        row.ShouldBeGreaterThan(0);
        list.NumberAt(list.Reference("公布批次", row)).ShouldBe(batch);
        list.DateAt(list.Reference("认定日期", row), withTime: false).ShouldBe(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Date);
        await ShouldBeAuditedAsync("export GET /api/v1/public/certified/export", "认定名单", "xlsx", list.DataRows, "district=110112");
        (await app.TrailAsync()).Last(r => r.Action == "export GET /api/v1/public/certified/export").ActorUserId.ShouldBeNull();

        (await FromPageAsync(anonymous, "/public?district=110112")).Column("区划代码").ShouldContain(x.CommunityCode);
        var printed = await FromPageAsync(anonymous, $"/public/batches/{batch}");
        printed.Column("区划代码").ShouldBe([x.CommunityCode]);
        await ShouldBeAuditedAsync("export GET /api/v1/public/batches/{number:int}/export", "公布批次", "xlsx", 1);
        await (await anonymous.Client.GetAsync("/api/v1/public/batches/99999/export")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheAuditTrail_AndTheAccounts_ForTheirAdministratorsOnly()
    {
        var auditor = await app.AuditAdministratorAsync();
        var trail = await Workbook.ReadAsync(await auditor.GetAsync("/api/v1/audit/export"));
        trail.Header.ShouldContain("时间（北京时间）");
        trail.Header.ShouldContain("操作名称");
        trail.ShouldHaveFrozenHeaderAndFilter();
        trail.DataRows.ShouldBeGreaterThan(0);
        trail.DateAt(trail.Reference("时间（北京时间）", 1), withTime: true).ShouldBe(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime, TimeSpan.FromDays(2));
        trail.NumberAt(trail.Reference("序号", 1)).ShouldBeGreaterThan(0m);
        await ShouldBeAuditedAsync("export GET /api/v1/audit/export", "审计记录", "xlsx", trail.DataRows);
        var browser = await app.AuditBrowserAsync(auditor);
        (await FromPageAsync(browser, "/audit?outcome=refused")).Column("结果").ShouldAllBe(o => o == "拒绝");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        (await city.GetAsync("/api/v1/audit/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var official = await app.CreateAccountAsync(ProgrammeRole.Community, "110113001001", displayName: "=1+1 测试");
        var (name, key) = await Accounts.AccountTesting.AdministratorAsync(app, "security");
        var security = app.CreateClient();
        var token = await (await Accounts.AccountTesting.TokenAsync(security, name, Web.Accounts.DemoAccounts.Password, Accounts.AccountTesting.Totp(app, key)))
            .Read<System.Text.Json.JsonElement>();
        security.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        var accounts = await Workbook.ReadAsync(await security.GetAsync("/api/v1/accounts/export?q=110113"));
        accounts.Header.ShouldBe(["用户名", "名称", "角色", "区划代码", "单位", "状态", "须修改密码", "两步验证", "密码修改时间"]);
        accounts.ShouldHaveFrozenHeaderAndFilter();
        accounts.Column("区划代码").ShouldAllBe(c => c!.StartsWith("110113"));
        var a = accounts.Column("用户名").ToList().IndexOf(official) + 1;
        a.ShouldBeGreaterThan(0);
        accounts.TextAt(accounts.Reference("名称", a)).ShouldBe("'=1+1 测试");
        accounts.TextAt(accounts.Reference("区划代码", a)).ShouldBe("110113001001");
        await ShouldBeAuditedAsync("export GET /api/v1/accounts/export", "账号", "xlsx", accounts.DataRows, "q=110113");
        var securityPages = await Accounts.AccountTesting.SignInWithCodeAsync(app, name, key);
        (await FromPageAsync(securityPages, "/account/admin?q=110113")).Column("用户名").ShouldContain(official);
        await ShouldBeAuditedAsync("export GET /account/admin?handler=xlsx", "账号", "xlsx", accounts.DataRows, "q=110113");
        (await city.GetAsync("/api/v1/accounts/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await auditor.GetAsync("/api/v1/accounts/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

public sealed class ListExportTests_Sqlite(SqliteApp app) : ListExportTests(app), IClassFixture<SqliteApp>;

public sealed class ListExportTests_Postgres(PostgresApp app) : ListExportTests(app), IClassFixture<PostgresApp>;
