using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Accounts;
using Wuyi.Web.Audit;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Accounts.AccountTesting;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>
/// 批量导入账号 (issue 11, item 11): the security administrator imports the officials of a whole area from one file, all or
/// nothing, and gets the initial passwords once; moves an official to another role or node; disables many at once.
/// Tests use one street's communities, not the city's 7,535 (bench/Wuyi.Bench account-import measures those).
/// </summary>
public abstract class AccountImportTests(WuyiApp app)
{
    private static readonly string[] Header = [.. AccountImporter.Columns.Select(c => c.Names[0])];

    /// <summary>The security administrator's bearer client (enrolled in two-factor, as administrators must be) and its id.</summary>
    private async Task<(HttpClient Api, string Id)> SecurityAdministratorAsync(string kind = "security")
    {
        var (name, key) = await AdministratorAsync(app, kind);
        var api = app.CreateClient();
        var token = await (await TokenAsync(api, name, DemoAccounts.Password, Totp(app, key))).Read<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return (api, (await LoadAsync(app, name)).Id);
    }

    /// <summary>A street of 海淀区 with its communities: one row per community and one for the street, under a fresh prefix.</summary>
    private async Task<(string Prefix, List<string[]> Rows)> StreetFileAsync(string street = "110108001")
    {
        var prefix = NewUserName("imp");
        var communities = await app.WithDbAsync(db => db.Divisions.AsNoTracking()
            .Where(d => d.ParentCode == street && d.Level == DivisionLevel.Community).OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync());
        var rows = communities.Select((c, i) => new[] { $"{prefix}-{c.Code}", c.Name, $"1380000{i:D4}", c.Code, "社区（村）" }).ToList();
        rows.Add([$"{prefix}-{street}", "街道办事处", "010-68000000", street, "街道（乡镇）"]);
        return (prefix, rows);
    }

    private static ByteArrayContent Csv(IEnumerable<string[]> rows, string[]? header = null)
    {
        var content = new ByteArrayContent(CsvExport.Build(header ?? Header, rows));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private static ByteArrayContent Xlsx(IEnumerable<string[]> rows)
    {
        var content = new ByteArrayContent(Wuyi.Web.Infrastructure.XlsxExport.Build("账号", Header, [.. rows]));
        content.Headers.ContentType = new MediaTypeHeaderValue(AccountFile.XlsxType);
        return content;
    }

    /// <summary>The passwords file as rows of cells (header first): the app's own reader reads both formats.</summary>
    private static List<string?[]> ReadFile(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var (header, rows) = AccountFile.Read(stream);
        return [header, .. rows.Select(r => r.Cells)];
    }

    private Task<int> CountAsync(string prefix) => app.WithDbAsync(db => db.Users.CountAsync(u => u.UserName!.StartsWith(prefix)));

    [Fact]
    public async Task Api_AGoodFile_ImportsEveryAccount_AndItsPasswordsFileSignsIn_ForcingAChange()
    {
        var (admin, adminId) = await SecurityAdministratorAsync();
        var (prefix, rows) = await StreetFileAsync();
        rows.Count.ShouldBeGreaterThan(5);

        using var response = await admin.PostAsync("/api/v1/accounts/imports?format=csv", Csv(rows));
        await response.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var file = ReadFile(await response.Content.ReadAsByteArrayAsync());
        file[0].ShouldBe(AccountDownloads.PasswordsHeader);
        file.Count.ShouldBe(rows.Count + 1);

        (await CountAsync(prefix)).ShouldBe(rows.Count);
        var community = file.Skip(1).First(r => r[4] == "社区（村）");
        var user = await LoadAsync(app, community[0]!);
        user.MustChangePassword.ShouldBeTrue();
        user.Role.ShouldBe(ProgrammeRole.Community);
        user.DivisionCode.ShouldBe(community[2]);
        user.PhoneNumber.ShouldStartWith("1380000");
        user.PasswordHash.ShouldNotBeNull().ShouldNotContain(community[5]!);
        community[3].ShouldNotBeNullOrWhiteSpace(); // the division's name, to hand out

        // The initial password signs in, and nothing but the password change is open until it is changed.
        var official = await BearerAsync(app, community[0]!, community[5]!);
        await (await official.GetAsync("/api/v1/applications")).Problem(HttpStatusCode.Forbidden, "password-change-required");
        await (await official.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = community[5], newPassword = "Xin-Mima-2026-abc" })).ShouldBe(HttpStatusCode.NoContent);
        (await LoadAsync(app, community[0]!)).MustChangePassword.ShouldBeFalse();

        // On the audit trail: the import by the security administrator, with the accounts it created (secrets hidden).
        var records = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .Where(r => r.ActorUserId == adminId && r.Action == "POST /api/v1/accounts/imports").ToListAsync());
        records.ShouldContain(r => r.Outcome == AuditOutcome.Success && r.Changes!.Contains(prefix));
        records.ShouldAllBe(r => r.Changes == null || !r.Changes.Contains(community[5]!));
    }

    [Fact]
    public async Task Api_AFileWithBadRows_ImportsNothing_AndListsEveryBadRow()
    {
        var (admin, _) = await SecurityAdministratorAsync();
        var (prefix, rows) = await StreetFileAsync("110108002");
        var good = rows.Count;
        rows.Add([$"{prefix}-dup", "甲", "", "110108002001", "社区（村）"]);              // good + 2: duplicate in the file
        rows.Add([$"{prefix}-DUP", "乙", "", "110108002001", "社区（村）"]);              // good + 3: the same name, other case
        rows.Add(["city", "已有账号", "", "110108002001", "社区（村）"]);                  // good + 4: exists already
        rows.Add([$"{prefix}-x1", "未知区划", "", "110108999999", "社区（村）"]);          // good + 5: no such division
        rows.Add([$"{prefix}-x2", "层级不符", "", "110108002", "社区（村）"]);             // good + 6: a street code for a community
        rows.Add([$"{prefix}-x3", "电话有误", "12345", "110108002001", "社区（村）"]);     // good + 7: bad phone
        rows.Add([$"{prefix}-x4", new string('长', 101), "", "110108002001", "社区（村）"]); // good + 8: too long
        rows.Add([$"{prefix}-x5", "角色有误", "", "110108002001", "居民"]);               // good + 9: unknown role

        using var response = await admin.PostAsync("/api/v1/accounts/imports", Xlsx(rows));
        var problem = await response.Problem(HttpStatusCode.BadRequest, "account-rows-invalid");
        problem.GetProperty("detail").GetString()!.ShouldContain("未导入任何账号");
        var bad = problem.GetProperty("rows").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString(), Problem: e.GetProperty("problem").GetString()!)).ToList();
        var at = Enumerable.Range(0, 9).Select(offset => good + 1 + offset).ToArray(); // header is row 1
        bad.ShouldContain(e => e.Row == at[1] && e.Column == "用户名" && e.Problem.Contains("重复"));
        bad.ShouldContain(e => e.Row == at[2] && e.Column == "用户名" && e.Problem.Contains("重复"));
        bad.ShouldContain(e => e.Row == at[3] && e.Column == "用户名" && e.Problem.Contains("已被现有账号使用"));
        bad.ShouldContain(e => e.Row == at[4] && e.Column == "区划代码" && e.Problem.Contains("不存在"));
        bad.ShouldContain(e => e.Row == at[5] && e.Column == "角色" && e.Problem.Contains("不符"));
        bad.ShouldContain(e => e.Row == at[6] && e.Column == "手机号" && e.Problem.Contains("格式不正确"));
        bad.ShouldContain(e => e.Row == at[7] && e.Column == "名称" && e.Problem.Contains("不能超过 100 字"));
        bad.ShouldContain(e => e.Row == at[8] && e.Column == "角色" && e.Problem.Contains("无法识别"));
        bad.Select(e => e.Row).Distinct().Count().ShouldBe(8);
        bad.ShouldAllBe(e => e.Row > good + 1);

        (await CountAsync(prefix)).ShouldBe(0); // nothing half-written
    }

    [Fact]
    public async Task Api_AFileWithoutTheColumns_OrNotASpreadsheet_IsRefusedInChinese()
    {
        var (admin, _) = await SecurityAdministratorAsync();
        var missing = await (await admin.PostAsync("/api/v1/accounts/imports", Csv([["a", "b"]], ["用户名", "名称"]))).Problem(HttpStatusCode.BadRequest, "account-file-invalid");
        missing.GetProperty("detail").GetString()!.ShouldContain("区划代码");
        var pdf = new ByteArrayContent("%PDF-1.7\n"u8.ToArray());
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await (await admin.PostAsync("/api/v1/accounts/imports", pdf)).Problem(HttpStatusCode.BadRequest, "account-file-invalid");
        await (await admin.PostAsync("/api/v1/accounts/imports", JsonContent.Create(new { }))).Problem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("system")]
    public async Task Api_OtherAdministrators_Get403_AndNothingIsImported(string kind)
    {
        var (api, _) = await SecurityAdministratorAsync(kind);
        var (prefix, rows) = await StreetFileAsync();
        await (await api.PostAsync("/api/v1/accounts/imports", Csv(rows))).Problem(HttpStatusCode.Forbidden);
        await (await api.PostAsJsonAsync("/api/v1/accounts/disable", new { userNames = new[] { "community" } })).Problem(HttpStatusCode.Forbidden);
        (await CountAsync(prefix)).ShouldBe(0);
    }

    [Fact]
    public async Task Api_AnOfficial_Gets403()
    {
        var city = await app.SignInAsync("city");
        var (prefix, rows) = await StreetFileAsync();
        await (await city.PostAsync("/api/v1/accounts/imports", Csv(rows))).Problem(HttpStatusCode.Forbidden);
        await (await city.GetAsync("/api/v1/accounts/imports/template")).Problem(HttpStatusCode.Forbidden);
        (await CountAsync(prefix)).ShouldBe(0);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task Template_HasTheExactColumns_OnThePageAndThroughTheApi(string format)
    {
        var (admin, _) = await SecurityAdministratorAsync();
        var fromApi = await admin.GetAsync($"/api/v1/accounts/imports/template?format={format}");
        await fromApi.ShouldBe(HttpStatusCode.OK);
        ReadFile(await fromApi.Content.ReadAsByteArrayAsync())[0].ShouldBe(["用户名", "名称", "手机号", "区划代码", "角色"]);

        var page = await PageAdministratorAsync();
        using var fromPage = await page.Client.GetAsync($"/account/admin/import?handler=Template&format={format}");
        await fromPage.ShouldBe(HttpStatusCode.OK);
        ReadFile(await fromPage.Content.ReadAsByteArrayAsync())[0].ShouldBe(["用户名", "名称", "手机号", "区划代码", "角色"]);
    }

    private async Task<Browserless> PageAdministratorAsync(string kind = "security")
    {
        var (name, key) = await AdministratorAsync(app, kind);
        return await SignInWithCodeAsync(app, name, key);
    }

    /// <summary>Posts the file through the import page's form (multipart, with its antiforgery token).</summary>
    private static async Task<HttpResponseMessage> UploadAsync(Browserless browser, byte[] file, string fileName, string format)
    {
        var (_, page) = await browser.GetAsync("/account/admin/import");
        var form = (IHtmlFormElement)page.QuerySelector("form#import-accounts")!;
        var token = ((IHtmlInputElement)form.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(format), "Format" },
            { new ByteArrayContent(file), "Spreadsheet", fileName },
        };
        return await browser.Client.PostAsync("/account/admin/import", content);
    }

    [Fact]
    public async Task Page_AGoodFile_DownloadsThePasswords_ABadOneShowsEveryBadRow()
    {
        var browser = await PageAdministratorAsync();
        var (prefix, rows) = await StreetFileAsync("110108003");

        var bad = rows.Append([$"{prefix}-bad", "有误", "", "110108", "社区（村）"]).ToList();
        using (var refused = await UploadAsync(browser, Wuyi.Web.Infrastructure.XlsxExport.Build("账号", Header, bad), "账号.xlsx", "xlsx"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await refused.Content.ReadAsStringAsync();
            var document = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
            document.QuerySelector("[data-testid=refused]")!.TextContent.ShouldContain("未导入任何账号");
            document.QuerySelector($"[data-testid=import-errors] tr[data-row='{bad.Count + 1}']")!.TextContent.ShouldContain("不符");
        }
        (await CountAsync(prefix)).ShouldBe(0);

        using var imported = await UploadAsync(browser, CsvExport.Build(Header, rows), "账号.csv", "xlsx");
        imported.StatusCode.ShouldBe(HttpStatusCode.OK);
        imported.Content.Headers.ContentType!.MediaType.ShouldBe(AccountFile.XlsxType);
        var file = ReadFile(await imported.Content.ReadAsByteArrayAsync());
        file.Count.ShouldBe(rows.Count + 1);
        (await CountAsync(prefix)).ShouldBe(rows.Count);

        // The official signs in with the handed-out password and is sent to change it first.
        var first = file[1];
        var official = await Browserless.SignInAsync(app, first[0]!, first[5]!);
        (await official.Client.GetAsync("/work")).Headers.Location!.OriginalString.ShouldStartWith("/account/password");
    }

    [Fact]
    public async Task Page_AnOfficial_IsSentToAccessDenied()
    {
        var browser = await Browserless.SignInAsync(app, "city");
        using var response = await browser.Client.GetAsync("/account/admin/import");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/account/denied");
    }

    [Fact]
    public async Task Api_ChangeRole_MovesTheOfficial_RefusesAWrongLevel_AndIsAudited()
    {
        var (admin, adminId) = await SecurityAdministratorAsync();
        var name = NewUserName("move");
        var user = await CreateAsync(app, name, ProgrammeRole.Community, "110108001001");

        await (await admin.PutAsJsonAsync($"/api/v1/accounts/{user.Id}/role", new { role = "Street", divisionCode = "110108001001" }, Infrastructure.Api.Json))
            .Problem(HttpStatusCode.BadRequest, "account-role-invalid");
        (await LoadAsync(app, name)).Role.ShouldBe(ProgrammeRole.Community);

        var moved = await (await admin.PutAsJsonAsync($"/api/v1/accounts/{user.Id}/role", new { role = "Street", divisionCode = "110108002" }, Infrastructure.Api.Json)).Read<JsonElement>();
        moved.GetProperty("divisionCode").GetString().ShouldBe("110108002");
        var after = await LoadAsync(app, name);
        (after.Role, after.DivisionCode).ShouldBe((ProgrammeRole.Street, "110108002"));
        after.SecurityStamp.ShouldNotBe(user.SecurityStamp); // its sessions end

        await (await admin.PutAsJsonAsync($"/api/v1/accounts/{adminId}/role", new { role = "City", divisionCode = "11" }, Infrastructure.Api.Json)).ShouldBe(HttpStatusCode.NotFound);

        var records = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .Where(r => r.ActorUserId == adminId && r.Action == "PUT /api/v1/accounts/{id}/role").ToListAsync());
        records.ShouldContain(r => r.Outcome == AuditOutcome.Success && r.ObjectId == user.Id && r.Changes!.Contains("110108002"));
        records.ShouldContain(r => r.Outcome == AuditOutcome.Refused && r.ProblemCode == "account-role-invalid");
    }

    [Fact]
    public async Task Api_BulkDisable_IsAllOrNothing_EndsSessions_AndIsAudited()
    {
        var (admin, adminId) = await SecurityAdministratorAsync();
        var names = new[] { NewUserName("off"), NewUserName("off"), NewUserName("off") };
        var ids = new List<string>();
        foreach (var n in names) ids.Add((await CreateAsync(app, n, ProgrammeRole.Community, "110108001002")).Id);
        var signedIn = await BearerAsync(app, names[0]);

        var refused = await (await admin.PostAsJsonAsync("/api/v1/accounts/disable", new { userNames = names.Append("no-such-account-xyz") }))
            .Problem(HttpStatusCode.BadRequest, "accounts-not-disabled");
        refused.GetProperty("detail").GetString()!.ShouldContain("no-such-account-xyz");
        foreach (var n in names) (await LoadAsync(app, n)).DisabledAtUtc.ShouldBeNull();

        var done = await (await admin.PostAsJsonAsync("/api/v1/accounts/disable", new { userNames = names })).Read<JsonElement>();
        done.GetProperty("disabled").GetInt32().ShouldBe(3);
        foreach (var n in names) (await LoadAsync(app, n)).DisabledAtUtc.ShouldNotBeNull();
        (await signedIn.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized); // tokens are checked on every request

        var records = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .Where(r => r.ActorUserId == adminId && r.Action == "POST /api/v1/accounts/disable").ToListAsync());
        records.ShouldContain(r => r.Outcome == AuditOutcome.Success && ids.All(id => r.Changes!.Contains(id)) && r.Changes!.Contains("DisabledAtUtc"));
        records.ShouldContain(r => r.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task Page_ChangeRole_AndBulkDisable_Work()
    {
        var browser = await PageAdministratorAsync();
        var names = new[] { NewUserName("pg"), NewUserName("pg") };
        foreach (var n in names) await CreateAsync(app, n, ProgrammeRole.Community, "110108001003");

        var row = $"[data-testid='account-{names[0]}']";
        var (_, filtered) = await browser.GetAsync("/account/admin?q=110108001003");
        filtered.QuerySelector(row).ShouldNotBeNull();
        filtered.QuerySelector("[data-testid='account-community']").ShouldBeNull(); // the demo community is elsewhere
        (await browser.SubmitAsync("/account/admin", $"{row} form[action*='handler=ChangeRole']", new() { ["role"] = "Street", ["divisionCode"] = "110108003" }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        var moved = await LoadAsync(app, names[0]);
        (moved.Role, moved.DivisionCode).ShouldBe((ProgrammeRole.Street, "110108003"));

        var (status, page) = await browser.SubmitAsync("/account/admin", $"{row} form[action*='handler=ChangeRole']", new() { ["role"] = "District", ["divisionCode"] = "110108003" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("div.alert-danger[role=alert]")!.TextContent.ShouldContain("区划代码须为");

        (await browser.SubmitConfirmedAsync("/account/admin", "form#disable-many", new() { ["selected"] = names[0] }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        (await LoadAsync(app, names[0])).DisabledAtUtc.ShouldNotBeNull();
        (await LoadAsync(app, names[1])).DisabledAtUtc.ShouldBeNull();
    }
}

public sealed class AccountImportTests_Sqlite(SqliteApp app) : AccountImportTests(app), IClassFixture<SqliteApp>;

public sealed class AccountImportTests_Postgres(PostgresApp app) : AccountImportTests(app), IClassFixture<PostgresApp>;
