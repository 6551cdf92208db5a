using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wuyi.Domain.Applications;
using Wuyi.Web.Applications;

namespace Wuyi.Web.Tests.Infrastructure;

/// <summary>Small helpers for calling the API and reading its answers.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The Beijing scale at full points (100), with overrides.</summary>
    public static Dictionary<string, decimal> Scores(params (string Code, decimal Score)[] overrides) => Wuyi.Testing.BeijingScores.Full(overrides);

    /// <summary>A finding (评定意见) on each indicator given, as a district writes one where it scores below the claim.</summary>
    public static Dictionary<string, string> Findings(params string[] codes) => Wuyi.Testing.BeijingScores.Findings(codes);

    public static async Task<ApplicationView> ReadApplication(this HttpResponseMessage response)
    {
        await response.ShouldBe(HttpStatusCode.OK, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<ApplicationView>(Json))!;
    }

    public static async Task<T> Read<T>(this HttpResponseMessage response)
    {
        await response.ShouldBe(HttpStatusCode.OK, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>Asserts the status, showing the body when it is not what was expected.</summary>
    public static async Task ShouldBe(this HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        if (!expected.Contains(response.StatusCode))
            throw new Shouldly.ShouldAssertException($"expected {string.Join(" or ", expected)} but got {(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Reads a problem-details body and checks its status, content type and (optionally) code.</summary>
    public static async Task<JsonElement> Problem(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        await response.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetInt32().ShouldBe((int)status);
        body.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        if (code is not null) body.GetProperty("code").GetString().ShouldBe(code);
        return body;
    }

    public static Task<HttpResponseMessage> Start(this HttpClient c, Dictionary<string, decimal>? scores = null, string? community = null) =>
        c.PostAsJsonAsync("/api/v1/applications", new { communityCode = community, scores, note = "自评" }, Json);

    public static Task<HttpResponseMessage> Step(this HttpClient c, Guid id, string step, object? body = null) =>
        c.PostAsJsonAsync($"/api/v1/applications/{id}/{step}", body ?? new { }, Json);

    public static Task<HttpResponseMessage> Get(this HttpClient c, Guid id) => c.GetAsync($"/api/v1/applications/{id}");

    public static async Task<ApplicationState> StateOf(this HttpClient c, Guid id) => (await (await c.Get(id)).ReadApplication()).State;
}
