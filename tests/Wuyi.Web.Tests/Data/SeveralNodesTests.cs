using System.Net;
using System.Net.Http.Headers;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Data;

/// <summary>
/// Several stateless app nodes on one database: what one node signs, every node accepts. In-process nodes
/// would also share this machine's default on-disk key ring, so <see cref="KeyRing_IsInTheDatabase"/> is the
/// check that fails without the database key ring; the others show the effect end to end.
/// </summary>
public abstract class SeveralNodesTests(WuyiApp app) : IAsyncLifetime
{
    private readonly SecondNode _other = new(app);

    public async Task InitializeAsync() => await ((IAsyncLifetime)_other).InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_other).DisposeAsync();

    [Fact]
    public async Task BearerToken_FromOneNode_WorksOnAnother()
    {
        var first = await app.SignInAsync("district");
        var other = _other.CreateClient();
        other.DefaultRequestHeaders.Authorization = first.DefaultRequestHeaders.Authorization;
        var me = await (await other.GetAsync("/api/v1/me")).Read<System.Text.Json.JsonElement>();
        me.GetProperty("userName").GetString().ShouldBe("district");

        // And a forged token is refused by both.
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        (await other.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignInCookie_FromOneNode_WorksOnAnother()
    {
        var cookie = await Browserless.SignInCookieAsync(app, "city");
        var other = _other.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = WuyiApp.BaseAddress });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
        request.Headers.Add("Cookie", cookie);
        using var response = await other.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, "the other node should accept the first node's sign-in cookie");
        (await response.Content.ReadAsStringAsync()).ShouldContain("北京市社区防控组");
    }

    [Fact]
    public async Task KeyRing_IsInTheDatabase()
    {
        await app.SignInAsync("street"); // protecting a token needs a key
        (await app.WithDbAsync(db => Task.FromResult(db.DataProtectionKeys.Count()))).ShouldBeGreaterThanOrEqualTo(1);
    }
}

public sealed class SeveralNodesTests_Sqlite(SqliteApp app) : SeveralNodesTests(app), IClassFixture<SqliteApp>;

public sealed class SeveralNodesTests_Postgres(PostgresApp app) : SeveralNodesTests(app), IClassFixture<PostgresApp>;
