using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Publication;
using Wuyi.Web.PublicSite;

namespace Wuyi.Web.Tests.Infrastructure;

/// <summary>Helpers for the dynamic-management suites: a certified community, a veto, and what the public sees.</summary>
public static partial class Dynamic
{
    /// <summary>The whole round to the public list: recommended, approved on the district's scores, filed, published in a new batch.</summary>
    public static async Task<(Guid Id, int Batch)> CertifiedAsync(this Round round, Dictionary<string, decimal>? scores = null)
    {
        var id = await round.ApprovedAsync(scores);
        await (await round.City.Step(id, "file")).ShouldBe(HttpStatusCode.OK);
        var batch = await (await round.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = new[] { id } }, Api.Json)).Read<PublicationApi.BatchView>();
        return (id, batch.Number);
    }

    /// <summary>Records a veto event that happened yesterday (Beijing time) against the community.</summary>
    public static Task<HttpResponseMessage> RecordVeto(this HttpClient client, string communityCode, VetoKind kind, TimeProvider clock,
        string source = "市卫健委检查通报", string description = "卡口夜间无人值守，未查验健康码", bool? managementLapse = null, DateOnly? rectificationDeadline = null) =>
        client.PostAsJsonAsync("/api/v1/vetoes", new
        {
            communityCode,
            kind,
            occurredAt = clock.GetUtcNow().AddDays(-1),
            source,
            description,
            documentReference = "京防控通报〔2022〕12号",
            managementLapse,
            rectificationDeadline,
        }, Api.Json);

    public static async Task<VetoView> VetoAsync(this HttpClient client, string communityCode, VetoKind kind, TimeProvider clock, DateOnly? rectificationDeadline = null) =>
        await (await client.RecordVeto(communityCode, kind, clock, managementLapse: kind == VetoKind.CaseWithManagementLapse ? true : null,
            rectificationDeadline: rectificationDeadline)).Read<VetoView>();

    public static async Task<RectificationView> OpenTaskAsync(this HttpClient client, string communityCode) =>
        (await (await client.GetAsync($"/api/v1/rectifications?community={communityCode}&state=Open")).Read<Paged<RectificationView>>()).Items.ShouldHaveSingleItem();

    /// <summary>A decision on a re-evaluation (Keep, Revoke, Restore), at the version the caller saw.</summary>
    public static Task<HttpResponseMessage> Decide(this HttpClient client, Guid item, string decision, string? comment, int? version = null) =>
        client.PostAsJsonAsync($"/api/v1/re-evaluations/{item}/decide", new { decision, comment, version }, Api.Json);

    public static Task<HttpResponseMessage> TaskStep(this HttpClient client, Guid id, string step, object body) =>
        client.PostAsJsonAsync($"/api/v1/rectifications/{id}/{step}", body, Api.Json);

    public static async Task<PublicStatus> PublicStatusAsync(this WuyiApp app, string code) =>
        (await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{code}")).Read<CommunityStatus>()).Status;

    /// <summary>Whether the community is on the public list: the list API, the status API and the /public page all agree.</summary>
    public static async Task ShouldBeOnPublicList(this WuyiApp app, string code, bool expected)
    {
        var anonymous = app.CreateClient();
        var list = await (await anonymous.GetAsync($"/api/v1/public/certified?q={code}")).Read<Paged<CertifiedCommunity>>();
        list.Items.Any(i => i.Code == code).ShouldBe(expected, $"public certified API for {code}");
        (await app.PublicStatusAsync(code) == PublicStatus.Certified).ShouldBe(expected, $"public status of {code}");
        var (status, page) = await Browserless.Anonymous(app).GetAsync($"/public?q={code}");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelectorAll("[data-testid=certified-list] a").Any(a => a.GetAttribute("href") == $"/public/communities/{code}")
            .ShouldBe(expected, $"/public page for {code}");
        page.QuerySelector("[data-testid=count]")!.TextContent.ShouldContain(expected ? "共 1 个" : "共 0 个");
    }

    public static async Task<Paged<Adjustment>> AdjustmentsAsync(this WuyiApp app) =>
        await (await app.CreateClient().GetAsync("/api/v1/public/adjustments?pageSize=200")).Read<Paged<Adjustment>>();

    /// <summary>A problem whose detail (and every field message) a Chinese reader can read.</summary>
    public static async Task<JsonElement> ChineseProblem(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var problem = await response.Problem(status, code);
        Han().IsMatch(problem.GetProperty("title").GetString()!).ShouldBeTrue(problem.ToString());
        Han().IsMatch(problem.GetProperty("detail").GetString()!).ShouldBeTrue(problem.ToString());
        if (problem.TryGetProperty("errors", out var errors))
            foreach (var field in errors.EnumerateObject())
                foreach (var message in field.Value.EnumerateArray())
                    Han().IsMatch(message.GetString()!).ShouldBeTrue(problem.ToString());
        problem.ToString().ShouldNotContain("Exception");
        return problem;
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
