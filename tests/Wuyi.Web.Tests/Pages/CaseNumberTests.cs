using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// 办件编号: every application has a number people can read out (year · district · sequence), shown on the pages and in
/// the API; no page shows a GUID as text; a new application may start from the last one's self-assessment.
/// </summary>
public abstract partial class CaseNumberTests(WuyiApp app)
{
    [GeneratedRegex(@"^\d{4}-(\d{6})-(\d{4,})$")]
    private static partial Regex CaseNumberPattern();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-", RegexOptions.IgnoreCase)]
    private static partial Regex GuidPattern();

    [Fact]
    public async Task Api_GivesEachApplication_ItsOwnNumber_OfItsDistrictAndYear()
    {
        var first = await Round.StartAsync(app, "110105");
        var second = await Round.StartAsync(app, "110105");

        using var created = await first.Community.Start(Scores());
        var raw = await created.Content.ReadFromJsonAsync<JsonElement>();
        var a = raw.GetProperty("caseNumber").GetString()!;
        raw.GetProperty("id").GetString().ShouldNotBeNullOrEmpty(); // the id stays, for links and clients
        var b = (await (await second.Community.Start(Scores())).ReadApplication()).CaseNumber;

        a.ShouldNotBe(b);
        var year = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
        foreach (var number in new[] { a, b })
        {
            var match = CaseNumberPattern().Match(number);
            match.Success.ShouldBeTrue(number);
            match.Groups[1].Value.ShouldBe("110105");
            number.ShouldStartWith($"{year}-");
        }
        // Numbered in order within the district and year.
        int.Parse(CaseNumberPattern().Match(b).Groups[2].Value).ShouldBeGreaterThan(int.Parse(CaseNumberPattern().Match(a).Groups[2].Value));
        var list = await first.District.GetFromJsonAsync<JsonElement>($"/api/v1/applications?q={a}", Json);
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseNumber").GetString()).ShouldBe([a]);
    }

    [Fact]
    public async Task Starting_AtTheSameMoment_InOneDistrict_NeverGivesANumberTwice()
    {
        var rounds = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Round.StartAsync(app, "110106")));

        var created = await Task.WhenAll(rounds.Select(async r => (await (await r.Community.Start(Scores())).ReadApplication()).CaseNumber));

        created.Distinct().Count().ShouldBe(6);
        created.ShouldAllBe(n => n.Contains("-110106-"));
    }

    [Fact]
    public async Task Pages_ShowTheCaseNumber_InTheList_TheDetail_TheEvaluation_TheWorkQueue_AndTheFilingList()
    {
        var round = await Round.StartAsync(app, "110107");
        var id = await round.RecommendedAsync();
        var number = (await (await round.Community.Get(id)).ReadApplication()).CaseNumber;
        var community = await SignInAsync(round.CommunityCode, ProgrammeRole.Community);
        var district = await SignInAsync(round.CommunityCode[..6], ProgrammeRole.District);

        (await community.GetAsync("/work")).Document.QuerySelector("[data-testid=own-case-number]")!.TextContent.ShouldBe(number);
        var (_, detail) = await district.GetAsync($"/applications/{id}");
        detail.QuerySelector("[data-testid=case-number]")!.TextContent.ShouldBe(number);
        detail.QuerySelector("main")!.TextContent.ShouldContain("《北京市无疫社区（村）创建工作量表》（2022年6月14日起施行）");
        detail.QuerySelector("main")!.TextContent.ShouldNotContain("beijing-2022-06");
        (await district.GetAsync($"/evaluation/{id}")).Document.QuerySelector("[data-testid=case-number]")!.TextContent.ShouldBe(number);

        // Found by its number in the list filter, and shown in its row.
        var (_, list) = await district.GetAsync($"/applications?q={number}");
        var rows = list.QuerySelectorAll("[data-testid=queue] tbody tr");
        rows.Length.ShouldBe(1);
        rows[0].TextContent.ShouldContain(number);
        rows[0].QuerySelector("code").ShouldBeNull(); // division codes are plain text, not code styling
        var street = round.CommunityCode[..9];
        var count = (await district.GetAsync($"/applications?within={street}")).Document.QuerySelector("[data-testid=count]")!.TextContent;
        count.ShouldContain($"共 1 件（区划 {street} 内，看全部）"); // the link is markup, not text with Razor in it
        count.ShouldNotContain("@");
        var csv = await district.Client.GetStringAsync($"/applications?handler=csv&q={number}");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("\"办件编号\",\"社区（村）\"");
        lines.Length.ShouldBe(2);
        lines[1].ShouldStartWith($"\"{number}\",");
        lines[1].ShouldContain("\"待区级评定\"");

        // The city's filing list: the number, the self-assessment and the district's score.
        await (await round.District.Step(id, "approve", new { scores = Scores(("C5", 4m)), findings = "现场复核属实", indicatorFindings = Findings("C5") })).ShouldBe(HttpStatusCode.OK);
        var city = await SignInAsync("11", ProgrammeRole.City);
        var (_, filing) = await city.GetAsync("/publication");
        var row = filing.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(number));
        row.QuerySelector("[data-testid=self-score]")!.TextContent.ShouldBe("100 分");
        row.QuerySelector("[data-testid=district-score]")!.TextContent.ShouldBe("99 分");
    }

    [Fact]
    public async Task MainPages_ShowNoGuidAsText_ForAnyRole()
    {
        var round = await Round.StartAsync(app, "110109");
        var open = await round.RecommendedAsync();
        var code = round.CommunityCode;
        var pages = new (string Division, ProgrammeRole Role, string[] Urls)[]
        {
            (code, ProgrammeRole.Community, ["/work", $"/applications/{open}", $"/communities/{code}/story"]),
            (code[..9], ProgrammeRole.Street, ["/work", "/applications", $"/applications/{open}", $"/communities/{code}/story"]),
            (code[..6], ProgrammeRole.District, ["/work", "/applications", $"/applications/{open}", $"/evaluation/{open}", "/vetoes", "/rectifications", "/re-evaluations"]),
            ("11", ProgrammeRole.City, ["/work", "/applications", "/publication", $"/applications/{open}"]),
        };
        var failures = new List<string>();
        foreach (var (division, role, urls) in pages)
        {
            var user = await SignInAsync(division, role);
            foreach (var url in urls)
            {
                var (status, page) = await user.GetAsync(url);
                status.ShouldBe(HttpStatusCode.OK, $"{role} {url}");
                var text = VisibleText(page);
                text.ShouldContain("无疫"); // a real page, not an empty one
                if (GuidPattern().Match(text) is { Success: true } m)
                    failures.Add($"{role} {url}: “…{text.Substring(Math.Max(0, m.Index - 20), Math.Min(60, text.Length - Math.Max(0, m.Index - 20)))}…”");
            }
        }
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    [Fact]
    public async Task StartFromLast_ANewDraft_TakesTheLastSelfAssessment()
    {
        var round = await Round.StartAsync(app, "110111");
        var earlier = await round.DraftAsync(Scores(("B3", 3.5m)));
        await (await round.Community.Step(earlier, "withdraw", new { comment = "重新准备" })).ShouldBe(HttpStatusCode.OK);
        var community = await SignInAsync(round.CommunityCode, ProgrammeRole.Community);
        (await community.GetAsync("/work")).Document.QuerySelector("[data-testid=start-from-last]")!.TextContent.ShouldBe("以上次申报为起点");

        var (status, _) = await community.SubmitAsync("/work", "form[action*=FromLast]", new());

        status.ShouldBe(HttpStatusCode.Redirect);
        var drafts = await app.WithDbAsync(db => db.Applications.AsNoTracking()
            .Where(a => a.CommunityCode == round.CommunityCode && a.State == ApplicationState.Draft).ToListAsync());
        var draft = drafts.ShouldHaveSingleItem();
        draft.Id.ShouldNotBe(earlier);
        draft.SelfScores.ShouldBe(Scores(("B3", 3.5m)), ignoreOrder: true);
        draft.SelfNote.ShouldBe("自评");
        draft.CaseNumber.ShouldNotBe((await (await round.Community.Get(earlier)).ReadApplication()).CaseNumber);
    }

    [Fact]
    public async Task StartFromLast_WhileTheLastIsOpen_IsRefusedInChinese()
    {
        var round = await Round.StartAsync(app, "110112");
        var open = await round.SubmittedAsync();
        var community = await SignInAsync(round.CommunityCode, ProgrammeRole.Community);
        var (_, work) = await community.GetAsync("/work");
        work.QuerySelector("[data-testid=start-from-last]").ShouldBeNull(); // nothing to start while one is open
        var token = work.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await community.Client.PostAsync("/applications/mine?handler=FromLast",
            new FormUrlEncodedContent([new("from", open.ToString()), new("__RequestVerificationToken", token)]));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, shown) = await community.GetAsync(response.Headers.Location!.ToString());
        shown.Body!.TextContent.ShouldContain("本社区（村）已有一份进行中的申报");
        (await app.WithDbAsync(db => db.Applications.CountAsync(a => a.CommunityCode == round.CommunityCode))).ShouldBe(1);
    }

    /// <summary>What a person reads: the text of the body without scripts (attributes and URLs are not text).</summary>
    private static string VisibleText(IDocument page)
    {
        foreach (var script in page.QuerySelectorAll("script, style").ToList()) script.Remove();
        return page.Body!.TextContent;
    }

    private async Task<Browserless> SignInAsync(string division, ProgrammeRole role) =>
        await Browserless.SignInAsync(app, await app.WithDbAsync(db => Task.FromResult(
            db.Users.Where(u => u.DivisionCode == division && u.Role == role).OrderBy(u => u.UserName).Select(u => u.UserName!).First())));
}

public sealed class CaseNumberTests_Sqlite(SqliteApp app) : CaseNumberTests(app), IClassFixture<SqliteApp>;

public sealed class CaseNumberTests_Postgres(PostgresApp app) : CaseNumberTests(app), IClassFixture<PostgresApp>;
