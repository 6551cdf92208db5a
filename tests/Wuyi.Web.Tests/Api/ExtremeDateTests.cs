using System.Net;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Rules;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// Dates at the ends of what .NET can hold (0001-01-01, 9999-12-31) in links and bodies: a 400 that says the date is
/// out of range, in Chinese, never a 500 from day arithmetic. District 110119 only.
/// </summary>
public abstract class ExtremeDateTests(WuyiApp app)
{
    public static TheoryData<string> HotlineApiUrls => new()
    {
        "/api/v1/hotline/appraisal?within=11&from=0001-01-01",
        "/api/v1/hotline/appraisal?within=11&to=9999-12-31",
        "/api/v1/hotline/appraisal?from=1999-12-31&to=2022-06-01",
        "/api/v1/hotline/complaints?from=0001-01-01",
        "/api/v1/hotline/complaints?to=9999-12-31",
    };

    [Theory]
    [MemberData(nameof(HotlineApiUrls))]
    public async Task HotlineApi_DateOutOfRange_Is400InChinese(string url)
    {
        var city = await app.AsAsync(ProgrammeRole.City, "11");

        var problem = await (await city.GetAsync(url)).Problem(HttpStatusCode.BadRequest, "date-out-of-range");

        problem.GetProperty("detail").GetString()!.ShouldContain("超出范围");
    }

    [Fact]
    public async Task HotlineApi_DatesAtTheEndsOfTheRange_AreAnswered()
    {
        var city = await app.AsAsync(ProgrammeRole.City, "11");

        await (await city.GetAsync("/api/v1/hotline/appraisal?within=11&from=2000-01-01&to=2099-12-31")).ShouldBe(HttpStatusCode.OK);
        await (await city.GetAsync("/api/v1/hotline/complaints?from=2000-01-01&to=2099-12-31")).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/hotline?from=0001-01-01")]
    [InlineData("/hotline?to=9999-12-31")]
    [InlineData("/hotline?handler=csv&from=0001-01-01")]
    [InlineData("/hotline?handler=csv&to=9999-12-31")]
    public async Task HotlinePageAndItsCsv_DateOutOfRange_Is400WithTheReason(string url)
    {
        var street = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Street, "110119001"));

        using var response = await street.Client.GetAsync(url);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, html);
        html.ShouldContain("超出范围");
    }

    [Fact]
    public async Task AVetoWithADeadlineInYear9999_Is400InChinese()
    {
        var district = await app.AsAsync(ProgrammeRole.District, "110119");
        var community = await app.FreshCommunityAsync("110119");

        var response = await district.RecordVeto(community, VetoKind.InspectionNotice, app.Clock, rectificationDeadline: new DateOnly(9999, 12, 31));

        await response.Problem(HttpStatusCode.BadRequest, "date-out-of-range");
    }

    [Fact]
    public async Task TheVetoForm_WithAnEventOnDayOne_IsShownAgainWithTheReason()
    {
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110119"));
        var community = await app.FreshCommunityAsync("110119");

        var (status, page) = await district.SubmitAsync("/vetoes/new", "#veto", new()
        {
            ["CommunityCode"] = community, ["Kind"] = nameof(VetoKind.InspectionNotice), ["OccurredOn"] = "0001-01-01",
            ["Source"] = "市卫健委通报", ["Description"] = "测试",
        });

        status.ShouldBe(HttpStatusCode.OK, page.Body?.TextContent);
        page.QuerySelector("#veto").ShouldNotBeNull();
        page.Body!.TextContent.ShouldContain("超出范围");
    }
}

public sealed class ExtremeDateTests_Sqlite(SqliteApp app) : ExtremeDateTests(app), IClassFixture<SqliteApp>;

public sealed class ExtremeDateTests_Postgres(PostgresApp app) : ExtremeDateTests(app), IClassFixture<PostgresApp>;
