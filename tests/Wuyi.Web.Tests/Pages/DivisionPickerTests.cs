using System.Net;
using System.Text.Json;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// People pick communities, they do not type codes: the veto form, the dynamic-management filters and 查找社区（村）
/// take a few characters of a name (or a code), take the only match with its full path shown, offer several as choices,
/// and never reach outside the account's subtree; GET /api/v1/divisions feeds the same choices to the page's script.
/// Uses 110109 门头沟区 (a veto is recorded there) and reads 110108 海淀区.
/// </summary>
public abstract class DivisionPickerTests(WuyiApp app)
{
    [Fact]
    public async Task Api_FindsByNameOrCode_ListsChildren_AndStaysInTheCallersSubtree()
    {
        var (code, name, street, district) = await UniqueCommunityAsync("110108");
        var haidian = await app.AsAsync(ProgrammeRole.District, "110108");

        var found = await (await haidian.GetAsync($"/api/v1/divisions?q={Uri.EscapeDataString(name)}&level=Community")).Read<JsonElement>();
        var item = found.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("code").GetString().ShouldBe(code);
        item.GetProperty("path").GetString().ShouldBe($"{district} › {street} › {name}");
        found.GetProperty("more").GetBoolean().ShouldBeFalse();

        var byCode = await (await haidian.GetAsync($"/api/v1/divisions?q={code[..9]}")).Read<JsonElement>();
        byCode.GetProperty("items")[0].GetProperty("code").GetString().ShouldBe(code[..9]); // the street first: higher levels lead
        var streetCode = code[..9];
        byCode.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("code").GetString()!.StartsWith(streetCode));

        // Another district's community is not found, by name or by code, and its children are not listed.
        var (otherCode, otherName, _, _) = await UniqueCommunityAsync("110105");
        (await (await haidian.GetAsync($"/api/v1/divisions?q={otherCode}")).Read<JsonElement>()).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await (await haidian.GetAsync($"/api/v1/divisions?q={Uri.EscapeDataString(otherName)}&level=Community")).Read<JsonElement>())
            .GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("code").GetString()!.StartsWith("110108"));
        (await (await haidian.GetAsync($"/api/v1/divisions?parent={otherCode[..9]}")).Read<JsonElement>()).GetProperty("items").GetArrayLength().ShouldBe(0);

        // Without parent: the caller's streets; with one, its communities.
        var streets = (await (await haidian.GetAsync("/api/v1/divisions")).Read<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        streets.Count.ShouldBe(await app.WithDbAsync(db => Task.FromResult(db.Divisions.Count(d => d.ParentCode == "110108"))));
        streets.ShouldAllBe(s => s.GetProperty("level").GetString() == "Street");
        var communities = (await (await haidian.GetAsync($"/api/v1/divisions?parent={code[..9]}")).Read<JsonElement>()).GetProperty("items").EnumerateArray();
        communities.Select(c => c.GetProperty("code").GetString()).ShouldContain(code);

        // The city starts from its districts, not from the bookkeeping 市辖区.
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var districts = (await (await city.GetAsync("/api/v1/divisions")).Read<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        districts.Count.ShouldBe(16);
        districts.ShouldContain(d => d.GetProperty("name").GetString() == "海淀区");

        (await app.CreateClient().GetAsync("/api/v1/divisions?q=1101")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task VetoForm_ANameTyped_IsTakenWithItsFullPath_AndTheConfirmationCarriesItsCode()
    {
        var (code, name, street, _) = await UniqueCommunityAsync("110109");
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110109"));

        var (status, confirmation) = await district.SubmitAsync("/vetoes/new", "form#veto", VetoFields(name[..^1])); // a few characters, not the whole name
        status.ShouldBe(HttpStatusCode.OK, confirmation.QuerySelector("[data-testid=errors]")?.TextContent);
        confirmation.QuerySelector("[data-testid=picked-path]")!.TextContent.ShouldBe($"已选：门头沟区 › {street} › {name}");
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldContain(name);
        (await app.WithDbAsync(db => Task.FromResult(db.Vetoes.Count(v => v.CommunityCode == code)))).ShouldBe(0);

        var (confirmed, _) = await district.ConfirmAsync(confirmation);
        confirmed.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => Task.FromResult(db.Vetoes.Count(v => v.CommunityCode == code)))).ShouldBe(1);
    }

    [Fact]
    public async Task VetoForm_AmbiguousText_OffersTheCandidatesWithTheirPaths_AndRecordsNothingUntilOneIsChosen()
    {
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110109"));
        var before = await app.WithDbAsync(db => Task.FromResult(db.Vetoes.Count()));

        var (status, page) = await district.SubmitAsync("/vetoes/new", "form#veto", VetoFields("村"));
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=confirm-step]").ShouldBeNull();
        page.QuerySelector("[data-valmsg-for=CommunityCode]")!.TextContent.ShouldBe("请从下面选择一个社区（村）");
        var candidates = page.QuerySelector("[data-testid=picker-candidates]")!;
        candidates.QuerySelector("legend")!.TextContent.ShouldContain("名称含“村”的社区（村）有 20 个以上");
        var radios = candidates.QuerySelectorAll("input[type=radio][name=CommunityCode]");
        radios.Length.ShouldBe(20);
        radios.ShouldAllBe(r => r.GetAttribute("value")!.StartsWith("110109") && r.GetAttribute("value")!.Length == 12);
        candidates.QuerySelectorAll("label").ShouldAllBe(l => l.TextContent.StartsWith("门头沟区 › "));
        page.QuerySelector("#Source")!.GetAttribute("value").ShouldBe("区疾控中心"); // nothing typed is lost
        (await app.WithDbAsync(db => Task.FromResult(db.Vetoes.Count()))).ShouldBe(before);

        // Choosing one (the radio comes before the text box, so it is the value sent) goes on to the confirmation.
        var chosen = radios[3].GetAttribute("value")!;
        var (confirmStatus, confirmation) = await district.SubmitAsync("/vetoes/new", "form#veto", VetoFields(chosen));
        confirmStatus.ShouldBe(HttpStatusCode.OK);
        confirmation.QuerySelector("[data-testid=picked-path]")!.TextContent.ShouldStartWith("已选：门头沟区 › ");
        confirmation.QuerySelector("[data-testid=confirm-form] input[name=CommunityCode]")!.GetAttribute("value").ShouldBe(chosen);

        // A name found nowhere in the district says so beside the field.
        var (missing, none) = await district.SubmitAsync("/vetoes/new", "form#veto", VetoFields("无此社区名称"));
        missing.ShouldNotBe(HttpStatusCode.Redirect);
        none.QuerySelector("[data-testid=picker-CommunityCode]")!.TextContent.ShouldContain("找不到名称或代码为“无此社区名称”的社区（村）");
    }

    [Fact]
    public async Task Filters_TakeAName_ShowThePathPicked_AndFilterByIt()
    {
        var (streetCode, street) = await app.WithDbAsync(db =>
        {
            var nodes = db.Divisions.Where(d => d.Code.StartsWith("110108")).ToList();
            var s = nodes.Where(n => n.Level == DivisionLevel.Street).OrderBy(n => n.Code).First(n => nodes.Count(o => o.Name.Contains(n.Name)) == 1);
            return Task.FromResult((s.Code, s.Name));
        });
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110108"));

        foreach (var list in new[] { "/vetoes", "/rectifications", "/re-evaluations" })
        {
            var (status, page) = await district.GetAsync($"{list}?community={Uri.EscapeDataString(street)}");
            status.ShouldBe(HttpStatusCode.OK);
            page.QuerySelector("[data-testid=picked-path]")!.TextContent.ShouldBe($"已选：海淀区 › {street}");
            page.QuerySelector("#community")!.GetAttribute("value").ShouldBe(streetCode);
        }

        // A name outside the district is not found; nothing of the district is listed for it.
        var (_, other) = await district.GetAsync($"/vetoes?community={(await UniqueCommunityAsync("110105")).Code}");
        other.QuerySelector("[data-testid=picker-community]")!.TextContent.ShouldContain("不在您的管辖范围内");
        other.QuerySelectorAll("[data-testid=vetoes] tbody a").Length.ShouldBe(0);
    }

    [Fact]
    public async Task FindCommunity_ByName_ShowsItsPathAndLinks_AndACommunityGoesToItsOwnStory()
    {
        var (code, name, street, _) = await UniqueCommunityAsync("110108");
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110108"));

        var (status, page) = await district.GetAsync($"/communities?community={Uri.EscapeDataString(name)}");
        status.ShouldBe(HttpStatusCode.OK);
        var found = page.QuerySelector("[data-testid=found-community]")!;
        found.QuerySelector("h2")!.TextContent.ShouldBe(name);
        found.TextContent.ShouldContain($"海淀区 › {street} › {name}");
        found.QuerySelector("[data-testid=story-link]")!.GetAttribute("href").ShouldBe($"/communities/{code}/story");
        found.QuerySelectorAll("a").Select(a => a.TextContent).ShouldContain("一票否决");

        var street2 = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Street, code[..9]));
        var (_, streetPage) = await street2.GetAsync($"/communities?community={Uri.EscapeDataString(name)}");
        streetPage.QuerySelector("[data-testid=found-community]")!.QuerySelectorAll("a").Select(a => a.TextContent).ShouldNotContain("一票否决");

        var community = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Community, code));
        var (redirect, _) = await community.GetAsync("/communities");
        redirect.ShouldBe(HttpStatusCode.Redirect);
        (await community.Client.GetAsync("/communities")).Headers.Location!.ToString().ShouldBe($"/communities/{code}/story");
    }

    private Dictionary<string, string> VetoFields(string community) => new()
    {
        ["CommunityCode"] = community,
        ["Kind"] = "InspectionNotice",
        ["OccurredOn"] = ProgrammeClock.DateOf(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd"),
        ["Source"] = "区疾控中心",
        ["Description"] = "卡口查验不落实",
    };

    /// <summary>The first community (by code) of a district whose name, and whose name less its last character, no other node of the district contains.</summary>
    private Task<(string Code, string Name, string Street, string District)> UniqueCommunityAsync(string district) => app.WithDbAsync(db =>
    {
        var nodes = db.Divisions.Where(d => d.Code.StartsWith(district)).ToList();
        var c = nodes.Where(n => n.Level == DivisionLevel.Community).OrderBy(n => n.Code)
            .First(n => nodes.Count(o => o.Name.Contains(n.Name[..^1])) == 1);
        return Task.FromResult((c.Code, c.Name, nodes.Single(n => n.Code == c.Code[..9]).Name, nodes.Single(n => n.Code == district).Name));
    });
}

public sealed class DivisionPickerTests_Sqlite(SqliteApp app) : DivisionPickerTests(app), IClassFixture<SqliteApp>;

public sealed class DivisionPickerTests_Postgres(PostgresApp app) : DivisionPickerTests(app), IClassFixture<PostgresApp>;
