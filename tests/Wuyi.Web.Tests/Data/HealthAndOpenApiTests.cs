using System.Net;
using System.Text.Json;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Data;

/// <summary>
/// What monitoring and API clients see without signing in: the health check (which touches the database),
/// the OpenAPI document, and the public summary of the imported division tree.
/// </summary>
public abstract class HealthAndOpenApiTests(WuyiApp app)
{
    [Fact]
    public async Task Healthz_IsOk()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/healthz");

        await response.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var body = await ReadJsonAsync(response);
        body.EnumerateObject().Select(p => $"{p.Name}={p.Value}").ShouldBe(["status=ok"]);
    }

    [Fact]
    public async Task OpenApi_DescribesTheApi()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json");

        await response.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var document = await ReadJsonAsync(response);
        document.GetProperty("openapi").GetString().ShouldStartWith("3.");
        document.GetProperty("info").GetProperty("version").GetString().ShouldBe("v1");
        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);

        string[] expected =
        [
            "/api/v1/public/summary", "/api/v1/public/certified", "/api/v1/public/communities/{code}",
            "/api/v1/applications", "/api/v1/auth/token", "/api/v1/batches",
        ];
        var missing = expected.Where(p => !paths.ContainsKey(p)).ToList();
        missing.ShouldBeEmpty($"missing from the OpenAPI document; it has: {string.Join(", ", paths.Keys.Order(StringComparer.Ordinal))}");

        paths["/api/v1/public/summary"].TryGetProperty("get", out _).ShouldBeTrue();
        paths["/api/v1/public/communities/{code}"].TryGetProperty("get", out _).ShouldBeTrue();
        paths["/api/v1/applications"].TryGetProperty("post", out _).ShouldBeTrue();
        paths["/api/v1/auth/token"].TryGetProperty("post", out _).ShouldBeTrue();
        paths["/api/v1/batches"].TryGetProperty("post", out _).ShouldBeTrue();
        paths.Keys.ShouldNotContain("/healthz"); // excluded from the description on purpose
    }

    [Fact]
    public async Task PublicSummary_CountsBeijing()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/v1/public/summary");

        await response.ShouldBe(HttpStatusCode.OK);
        var summary = await ReadJsonAsync(response);
        summary.GetProperty("city").GetString().ShouldBe("北京市");
        summary.GetProperty("districts").GetInt32().ShouldBe(16);
        summary.GetProperty("streets").GetInt32().ShouldBe(349);
        summary.GetProperty("communities").GetInt32().ShouldBe(7_535);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}

public sealed class HealthAndOpenApiTests_Sqlite(SqliteApp app) : HealthAndOpenApiTests(app), IClassFixture<SqliteApp>;

public sealed class HealthAndOpenApiTests_Postgres(PostgresApp app) : HealthAndOpenApiTests(app), IClassFixture<PostgresApp>;
