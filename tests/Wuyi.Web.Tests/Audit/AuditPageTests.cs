using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Applications;
using Wuyi.Web.Audit;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Audit;

/// <summary>The trail as the audit administrator reads it: operations, people, roles and objects in Chinese, changes as field: old → new.</summary>
public abstract partial class AuditPageTests(AuditApp app)
{
    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();

    [Fact]
    public async Task TheTrail_NamesTheOperation_ThePerson_TheRole_TheCommunity_AndTheChangedFields()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        var streetName = await app.AccountAsync(ProgrammeRole.Street, round.CommunityCode[..9]);
        var street = await Browserless.SignInAsync(app, streetName);
        var (status, _, _) = await street.SubmitConfirmedAsync($"/applications/{id}", "form:has(textarea[name=Comment])", new() { ["Comment"] = "材料不全" }, "Return");
        status.ShouldBe(HttpStatusCode.Redirect);
        var community = await CommunityNameAsync(round.CommunityCode);

        var browser = await app.AuditBrowserAsync(await app.AuditAdministratorAsync());
        var (_, page) = await browser.GetAsync($"/audit?action=return&object={id}");
        var row = page.QuerySelectorAll("[data-testid=records] tbody tr").ShouldHaveSingleItem();
        row.QuerySelector("[data-testid=operation]")!.TextContent.Trim().ShouldBe("退回申报");
        row.QuerySelector("[data-testid=actor]")!.TextContent.ShouldContain($"审计测试{round.CommunityCode[..9]}");
        row.TextContent.ShouldContain("街道（乡镇）");
        var link = row.QuerySelector("[data-testid=object] a")!;
        link.GetAttribute("href").ShouldBe($"/applications/{id}");
        link.TextContent.ShouldBe(community);
        var changes = row.QuerySelector("[data-testid=changes]")!;
        var state = changes.QuerySelectorAll("dt").First(dt => dt.TextContent == "状态");
        state.NextElementSibling!.TextContent.Trim().ShouldBe("待街道推荐 → 街道退回");
        changes.TextContent.ShouldContain("意见");
        changes.TextContent.ShouldContain("材料不全");
        // No identifier a person cannot read anywhere in what the page shows.
        Guid().IsMatch(page.QuerySelector("[data-testid=records]")!.TextContent).ShouldBeFalse();
        row.TextContent.ShouldNotContain("POST");
    }

    [Fact]
    public async Task ARefusal_ShowsItsReasonInChinese_WithTheCodeBesideIt()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        using var refused = await round.Street.Step(id, "return", new { reason = " " });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var browser = await app.AuditBrowserAsync(await app.AuditAdministratorAsync());
        var (_, page) = await browser.GetAsync($"/audit?action=return&object={id}");
        var row = page.QuerySelectorAll("[data-testid=records] tbody tr").ShouldHaveSingleItem();
        var reason = row.QuerySelector("[data-testid=reason]")!;
        reason.TextContent.Trim().ShouldBe("原因：未填写理由 （reason-required）");
        reason.QuerySelector(".text-secondary")!.TextContent.ShouldBe("（reason-required）");
    }

    [Fact]
    public async Task TheFilter_ListsTheOperationsInChinese_AndShowsOnlyTheChosenOne()
    {
        var round = await Round.StartAsync(app);
        var viaApi = await round.SubmittedAsync();
        var browser = await app.AuditBrowserAsync(await app.AuditAdministratorAsync());
        var (_, page) = await browser.GetAsync("/audit?action=submit");
        var options = page.QuerySelectorAll("select#action option").ToDictionary(o => o.GetAttribute("value")!, o => o.TextContent);
        options["submit"].ShouldBe("提交申报");
        options["approve"].ShouldBe("评定通过");
        options["veto"].ShouldBe("一票否决");
        options["hotline-import"].ShouldBe("导入 12345 诉求");
        options[""].ShouldBe("全部");
        page.QuerySelector("select#action option[selected]")!.GetAttribute("value").ShouldBe("submit");
        var operations = page.QuerySelectorAll("[data-testid=records] tbody [data-testid=operation]").Select(o => o.TextContent.Trim()).ToList();
        operations.ShouldNotBeEmpty();
        operations.ShouldAllBe(o => o == "提交申报");
        page.QuerySelectorAll("[data-testid=records] a").ShouldContain(a => a.GetAttribute("href") == $"/applications/{viaApi}");
    }

    [Fact]
    public async Task Previews_ThatChangeNothing_AreNotOperationsOnRecord()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        using var preview = await round.Street.PostAsJsonAsync($"/api/v1/applications/{id}/preview", new { scores = Infrastructure.Api.Scores() });
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);

        var district = await Browserless.SignInAsync(app, await app.AccountAsync(ProgrammeRole.District, round.CommunityCode[..6]));
        var (status, _, asked) = await district.SubmitConfirmedAsync("/vetoes/new", "form#veto", new()
        {
            ["CommunityCode"] = round.CommunityCode,
            ["Kind"] = "MediaExposure",
            ["OccurredOn"] = ProgrammeClock.DateOf(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd"),
            ["Source"] = "北京日报",
            ["Description"] = "卡口夜间无人值守",
        });
        status.ShouldBe(HttpStatusCode.Redirect, asked.QuerySelector("[data-testid=errors]")?.TextContent);

        var trail = await app.TrailAsync();
        trail.ShouldNotContain(r => r.ObjectId == id.ToString() && r.Action.EndsWith("/preview"));
        // The confirmation page (first post) is not on record; the confirmed decision is, once, with what it saved.
        var vetoes = trail.Where(r => r.Action == "POST /vetoes/new" && r.ActorName == $"审计测试{round.CommunityCode[..6]}").ToList();
        vetoes.ShouldHaveSingleItem().Changes.ShouldNotBeNull().ShouldContain("卡口夜间无人值守");
    }

    [Fact]
    public async Task TheAuditAdministrator_LandsOnTheTrail_WithTodayAtAGlance()
    {
        var admin = await app.AuditAdministratorAsync();
        var browser = await app.AuditBrowserAsync(admin);
        var (status, page) = await browser.GetAsync("/audit");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("h1")!.TextContent.ShouldBe("审计日志");
        int.Parse(page.QuerySelector("[data-testid=today]")!.TextContent).ShouldBeGreaterThan(0); // its own sign-in at least
        page.QuerySelector("[data-testid=summary]")!.TextContent.ShouldContain("库外链头锚点");
        page.QuerySelector("[data-testid=verify]")!.TextContent.ShouldBe("校验审计链");

        var api = await (await admin.GetAsync("/api/v1/audit?action=sign-in&pageSize=3")).Read<Paged<AuditApi.AuditView>>();
        api.Items.ShouldNotBeEmpty();
        api.Items.ShouldAllBe(v => v.Action == "sign-in" || v.Action.StartsWith("POST /account/login"));
        api.Items.ShouldAllBe(v => v.OperationName == "登录");
    }

    private async Task<string> CommunityNameAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WuyiDbContext>().Divisions.Where(d => d.Code == code).Select(d => d.Name).SingleAsync();
    }
}

public sealed class AuditPageTests_Sqlite(AuditSqliteApp app) : AuditPageTests(app), IClassFixture<AuditSqliteApp>;

public sealed class AuditPageTests_Postgres(AuditPostgresApp app) : AuditPageTests(app), IClassFixture<AuditPostgresApp>;

/// <summary>Every API endpoint that may change data has its operation's Chinese name in the one table.</summary>
public sealed class AuditOperationNameTests(AuditSqliteApp app) : IClassFixture<AuditSqliteApp>
{
    [Fact]
    public void EveryChangingApiEndpoint_HasAChineseOperationName()
    {
        var sources = app.Services.GetRequiredService<IEnumerable<Microsoft.AspNetCore.Routing.EndpointDataSource>>();
        var actions = sources.SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is not ("GET" or "HEAD" or "OPTIONS"))
                .Select(m => $"{m} {AuditMiddleware.PatternOf(e)}"))
            .Where(a => a.Contains("/api/", StringComparison.Ordinal))
            .Distinct().ToList();
        actions.Count.ShouldBeGreaterThan(20);
        actions.Where(a => AuditOperations.Of(a) is null).ShouldBeEmpty();
    }
}
