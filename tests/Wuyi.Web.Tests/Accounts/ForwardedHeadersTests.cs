using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Audit;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>
/// The app as deployed without a proxy (no <c>Wuyi:KnownProxies</c>), over plain http, 3 sign-ins per minute per client,
/// each request's peer address from X-Test-Client-Ip.
/// </summary>
public abstract class NoProxyApp(DatabaseProvider provider) : WuyiApp(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Wuyi:Accounts:SignInsPerMinutePerIp", "3");
        builder.UseSetting("Wuyi:Accounts:RequireHttps", "false");
        AuditHelpers.GiveClientAddress(builder);
    }
}

public sealed class NoProxySqliteApp() : NoProxyApp(DatabaseProvider.Sqlite);

public sealed class NoProxyPostgresApp() : NoProxyApp(DatabaseProvider.Postgres);

/// <summary>With no known proxy, no X-Forwarded-* header is believed — from loopback neither (the framework trusts 127.0.0.0/8 by default).</summary>
public abstract class ForwardedHeadersTests(WuyiApp app)
{
    private Task<HttpResponseMessage> TokenFrom(string peer, string forwardedFor, string userName)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { userName, password = "Wrong-password-9" }) };
        request.Headers.Add("X-Test-Client-Ip", peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return app.CreateClient().SendAsync(request);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task ForwardedFor_FromLoopback_IsIgnored_ForTheLimitAndTheTrail(string loopback)
    {
        var name = AccountTesting.NewUserName("xff");
        for (var i = 0; i < 3; i++)
            (await TokenFrom(loopback, $"192.0.2.{i + 1}", name)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TokenFrom(loopback, "192.0.2.99", name)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        var signIns = (await app.TrailAsync()).Where(r => r.Action == "sign-in" && r.ActorName == name).ToList();
        signIns.Count.ShouldBe(3);
        signIns.ShouldAllBe(r => r.ClientIp == IPAddress.Parse(loopback).ToString());
    }

    [Fact]
    public async Task ForwardedProto_FromLoopback_DoesNotMakeThePlainHttpRequestHttps()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("http://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Test-Client-Ip", "127.0.0.1");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        cookies.ShouldNotBeEmpty(); // the antiforgery cookie: Secure only if the request were https
        cookies.ShouldAllBe(c => !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class ForwardedHeadersTests_Sqlite(NoProxySqliteApp app) : ForwardedHeadersTests(app), IClassFixture<NoProxySqliteApp>;

public sealed class ForwardedHeadersTests_Postgres(NoProxyPostgresApp app) : ForwardedHeadersTests(app), IClassFixture<NoProxyPostgresApp>;
