using System.Net.Http.Json;
using Wuyi.Domain.Applications;

namespace Wuyi.Web.Tests.Infrastructure;

/// <summary>One fresh community and the officials above it, each signed in; moves an application along.</summary>
public sealed class Round
{
    private Round(string communityCode, HttpClient community, HttpClient street, HttpClient district, HttpClient city)
    {
        CommunityCode = communityCode;
        Community = community;
        Street = street;
        District = district;
        City = city;
    }

    public string CommunityCode { get; }
    public HttpClient Community { get; }
    public HttpClient Street { get; }
    public HttpClient District { get; }
    public HttpClient City { get; }

    public static async Task<Round> StartAsync(WuyiApp app, string district = "110108") =>
        await ForAsync(app, await app.FreshCommunityAsync(district));

    /// <summary>Officials signed in now for a community already handed out (a moved test clock expires earlier tokens).</summary>
    public static async Task<Round> ForAsync(WuyiApp app, string code)
    {
        return new Round(code,
            await app.AsAsync(ProgrammeRole.Community, code),
            await app.AsAsync(ProgrammeRole.Street, code[..9]),
            await app.AsAsync(ProgrammeRole.District, code[..6]),
            await app.AsAsync(ProgrammeRole.City, "11"));
    }

    public async Task<Guid> DraftAsync(Dictionary<string, decimal>? scores = null) =>
        (await (await Community.Start(scores ?? Api.Scores())).ReadApplication()).Id;

    public async Task<Guid> SubmittedAsync(Dictionary<string, decimal>? scores = null)
    {
        var id = await DraftAsync(scores);
        await (await Community.Step(id, "submit")).ShouldBe(System.Net.HttpStatusCode.OK);
        return id;
    }

    public async Task<Guid> RecommendedAsync(Dictionary<string, decimal>? scores = null)
    {
        var id = await SubmittedAsync(scores);
        await (await Street.Step(id, "recommend", new { comment = "推荐" })).ShouldBe(System.Net.HttpStatusCode.OK);
        return id;
    }

    public async Task<Guid> ApprovedAsync(Dictionary<string, decimal>? scores = null)
    {
        var id = await RecommendedAsync(scores);
        await (await District.Step(id, "approve", new { scores = scores ?? Api.Scores(), findings = "现场复核属实" })).ShouldBe(System.Net.HttpStatusCode.OK);
        return id;
    }

    public async Task SaveEvaluationAsync(Guid id, Dictionary<string, decimal> scores, string findings = "现场复核") =>
        await (await District.PutAsJsonAsync($"/api/v1/applications/{id}/evaluation", new { scores, findings }, Api.Json)).ShouldBe(System.Net.HttpStatusCode.OK);

    public async Task<Guid> FiledAsync()
    {
        var id = await ApprovedAsync();
        await (await City.Step(id, "file")).ShouldBe(System.Net.HttpStatusCode.OK);
        return id;
    }
}
