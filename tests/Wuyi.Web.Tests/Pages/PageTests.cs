using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>The pages over HTTP: server-side validation in Chinese beside the field, stale forms, friendly errors.</summary>
public abstract class PageTests(WuyiApp app)
{
    [Fact]
    public async Task Login_WrongPassword_SaysSoInChinese()
    {
        var anonymous = Browserless.Anonymous(app);
        var (status, page) = await anonymous.SubmitAsync("/account/login", "form", new() { ["UserName"] = "street", ["Password"] = "not-the-password" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector(".alert-danger")!.TextContent.ShouldContain("用户名或密码错误");
    }

    [Fact]
    public async Task Anonymous_OnWork_IsSentToSignIn()
    {
        var (status, _) = await Browserless.Anonymous(app).GetAsync("/work");
        status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SelfAssessment_ScoreAboveItsMaximum_ShowsTheErrorBesideTheField_AndKeepsTheInput()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync(new Dictionary<string, decimal> { ["A2"] = 8 });
        var user = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode, ProgrammeRole.Community));
        var (status, page) = await user.SubmitAsync($"/applications/{id}/self-assessment", "form#self-assessment",
            new() { ["Scores[A1]"] = "16", ["Scores[A2]"] = "9" }, "Save");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for='Scores[A1]']")!.TextContent.ShouldContain("超出范围");
        page.QuerySelector("#score-A1")!.GetAttribute("value").ShouldBe("16");
        (await (await round.Community.Get(id)).ReadApplication()).SelfScores["A2"].ShouldBe(8m); // nothing saved
    }

    [Fact]
    public async Task SelfAssessment_NotANumber_IsRefusedInChinese()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync();
        var user = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode, ProgrammeRole.Community));
        var (_, page) = await user.SubmitAsync($"/applications/{id}/self-assessment", "form#self-assessment", new() { ["Scores[B1]"] = "十" }, "Save");
        page.QuerySelector("[data-valmsg-for='Scores[B1]']")!.TextContent.ShouldContain("不是有效的数值");
    }

    [Fact]
    public async Task SelfAssessment_Submit_SavesAndSubmits()
    {
        var round = await Round.StartAsync(app);
        var id = await round.DraftAsync(new Dictionary<string, decimal>());
        var user = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode, ProgrammeRole.Community));
        var fields = Scores().ToDictionary(s => $"Scores[{s.Key}]", s => s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (status, _, _) = await user.SubmitConfirmedAsync($"/applications/{id}/self-assessment", "form#self-assessment", fields, "Submit");
        status.ShouldBe(HttpStatusCode.Redirect);
        (await round.Community.StateOf(id)).ShouldBe(ApplicationState.Submitted);
    }

    [Fact]
    public async Task Recommend_OnAStalePage_TellsWhatHappened_AndChangesNothing()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        var street = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode[..9], ProgrammeRole.Street));
        var (_, stalePage) = await street.GetAsync($"/applications/{id}");
        var staleVersion = stalePage.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        // Meanwhile another official of the street returns it and the community resubmits.
        await (await round.Street.Step(id, "return", new { comment = "补充材料" })).ShouldBe(HttpStatusCode.OK);
        await (await round.Community.Step(id, "submit")).ShouldBe(HttpStatusCode.OK);

        using var response = await street.Client.PostAsync($"/applications/{id}?handler=Recommend", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Version"] = staleVersion, ["Comment"] = "推荐",
            ["__RequestVerificationToken"] = stalePage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("已被他人处理或更新");
        (await round.Street.StateOf(id)).ShouldBe(ApplicationState.Submitted);
    }

    [Fact]
    public async Task Return_WithoutAReason_ShowsTheMessage()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        var street = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode[..9], ProgrammeRole.Street));
        var (status, page) = await street.SubmitAsync($"/applications/{id}", "form:has(textarea[name=Comment])", new() { ["Comment"] = "" }, "Return");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=errors]")!.TextContent.ShouldContain("理由");
        (await round.Street.StateOf(id)).ShouldBe(ApplicationState.Submitted);
    }

    [Fact]
    public async Task OutOfScopeApplication_IsAFriendly404_WrongRolePage_IsAFriendly403()
    {
        var round = await Round.StartAsync(app);
        var id = await round.SubmittedAsync();
        var chaoyang = await Browserless.SignInAsync(app, "district2");
        var (status, page) = await chaoyang.GetAsync($"/applications/{id}");
        status.ShouldBe(HttpStatusCode.NotFound);
        page.QuerySelector("main h1")!.TextContent.ShouldBe("找不到页面", page.Source.Text);

        var community = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode, ProgrammeRole.Community));
        (status, page) = await community.GetAsync("/publication");
        status.ShouldBe(HttpStatusCode.Redirect); // to the access-denied page
        (status, page) = await community.GetAsync("/account/denied");
        status.ShouldBe(HttpStatusCode.Forbidden);
        page.QuerySelector("h1")!.TextContent.ShouldBe("无权访问");
    }

    [Fact]
    public async Task PublicSearch_FindsEveryCommunity_WithItsStatus_NotOnlyCertifiedOnes()
    {
        var applying = await Round.StartAsync(app, "110101");
        await applying.SubmittedAsync();
        var certified = await Round.StartAsync(app, "110101");
        var filed = await certified.FiledAsync();
        await (await certified.City.PostAsync("/api/v1/batches", System.Net.Http.Json.JsonContent.Create(new { applicationIds = new[] { filed } }))).ShouldBe(HttpStatusCode.Created);
        var never = await app.FreshCommunityAsync("110101");
        var name = await app.WithDbAsync(db => Task.FromResult(db.Divisions.Single(d => d.Code == applying.CommunityCode).Name));
        var anonymous = Browserless.Anonymous(app);

        static string StatusOf(AngleSharp.Dom.IDocument page, string code) =>
            page.QuerySelectorAll("[data-testid=search-results] li").Single(li => li.QuerySelector($"a[href='/public/communities/{code}']") is not null)
                .QuerySelector("[data-testid=status]")!.TextContent;

        var (status, page) = await anonymous.GetAsync($"/public/search?q={Uri.EscapeDataString(name)}");
        status.ShouldBe(HttpStatusCode.OK);
        StatusOf(page, applying.CommunityCode).ShouldBe("创建申报中");
        page.QuerySelectorAll("[data-testid=search-results] li a").ShouldAllBe(a => a.TextContent.Contains(name));
        (_, page) = await anonymous.GetAsync($"/public/search?q={never}");
        StatusOf(page, never).ShouldBe("未认定");
        (_, page) = await anonymous.GetAsync($"/public/search?q={certified.CommunityCode}");
        StatusOf(page, certified.CommunityCode).ShouldStartWith("已认定");

        var api = await app.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/public/communities?q={certified.CommunityCode}");
        api.GetProperty("communities")[0].GetProperty("status").GetString().ShouldBe("Certified");
        (_, page) = await anonymous.GetAsync($"/public/search?q={Uri.EscapeDataString("没有这个名字的社区")}");
        page.QuerySelector("[data-testid=not-found]").ShouldNotBeNull();
    }

    [Fact]
    public async Task PublicCommunity_ThatDoesNotExist_SpeaksToAResident()
    {
        var (status, page) = await Browserless.Anonymous(app).GetAsync("/public/communities/110101999999");
        status.ShouldBe(HttpStatusCode.NotFound);
        page.QuerySelector("main h1")!.TextContent.ShouldBe("未找到该社区（村）");
        page.Source.Text.ShouldNotContain("职责范围");
        page.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ShouldNotContain("/work");
    }

    [Fact]
    public async Task PublicList_IsCached_YetShowsAPublicationAtOnce()
    {
        var round = await Round.StartAsync(app, "110101");
        var id = await round.FiledAsync();
        var anonymous = Browserless.Anonymous(app);
        var name = await app.WithDbAsync(db => Task.FromResult(db.Divisions.Single(d => d.Code == round.CommunityCode).Name));
        var (_, before) = await anonymous.GetAsync("/public?district=110101");
        before.QuerySelectorAll("[data-testid=certified-list] a").Select(a => a.TextContent).ShouldNotContain(name);
        var (_, again) = await anonymous.GetAsync("/public?district=110101"); // served from the cache
        again.Source.Text.ShouldBe(before.Source.Text);

        await (await round.City.PostAsync("/api/v1/batches", System.Net.Http.Json.JsonContent.Create(new { applicationIds = new[] { id } }))).ShouldBe(HttpStatusCode.Created);

        var (_, after) = await anonymous.GetAsync("/public?district=110101");
        after.QuerySelectorAll("[data-testid=certified-list] a").Select(a => a.TextContent).ShouldContain(name);
        var (_, community) = await anonymous.GetAsync($"/public/communities/{round.CommunityCode}");
        community.QuerySelector("[data-testid=public-status]")!.TextContent.ShouldContain("已认定");
    }

    [Fact]
    public async Task PublicList_ChangedInsideATransaction_ShowsTheChangeOnlyOnceCommitted()
    {
        var round = await Round.StartAsync(app, "110106");
        var id = await round.FiledAsync();
        await (await round.City.PostAsync("/api/v1/batches", System.Net.Http.Json.JsonContent.Create(new { applicationIds = new[] { id } }))).ShouldBe(HttpStatusCode.Created);
        var anonymous = Browserless.Anonymous(app);
        async Task<bool> Listed() => (await anonymous.GetAsync($"/public?district=110106")).Document
            .QuerySelectorAll("[data-testid=certified-list] a").Any(a => a.GetAttribute("href") == $"/public/communities/{round.CommunityCode}");
        (await Listed()).ShouldBeTrue();

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Wuyi.Web.Data.WuyiDbContext>();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            // Stands in for a revocation (issue 4): the title no longer stands.
            var certification = db.Certifications.Single(c => c.CommunityCode == round.CommunityCode);
            db.Entry(certification).Property(c => c.ActiveForCommunity).CurrentValue = null;
            db.Entry(certification).Property(c => c.RevokedAtUtc).CurrentValue = app.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
            (await Listed()).ShouldBeTrue(); // not committed: readers still see the standing title
            await tx.CommitAsync();
        }
        (await Listed()).ShouldBeFalse(); // committed: gone at once, cached page or not
    }

    [Fact]
    public async Task Work_ForAStreet_CountsWhatWaits_AndShowsWhereEachCommunityStands()
    {
        var round = await Round.StartAsync(app, "110102");
        await round.SubmittedAsync();
        var street = await Browserless.SignInAsync(app, await UserNameOf(round.CommunityCode[..9], ProgrammeRole.Street));
        var (status, page) = await street.GetAsync("/work");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=todo-Submitted] .display-6")!.TextContent.Trim().ShouldBe("1");
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(round.CommunityCode));
        row.TextContent.ShouldContain("待街道推荐");
        page.QuerySelectorAll("tbody tr").Count(r => r.TextContent.Contains("未申报")).ShouldBeGreaterThan(0);
    }

    private Task<string> UserNameOf(string division, ProgrammeRole role) =>
        app.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.DivisionCode == division && u.Role == role).OrderBy(u => u.UserName).Select(u => u.UserName!).First()));
}

public sealed class PageTests_Sqlite(SqliteApp app) : PageTests(app), IClassFixture<SqliteApp>;

public sealed class PageTests_Postgres(PostgresApp app) : PageTests(app), IClassFixture<PostgresApp>;
