using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>
/// The app with 3 sign-ins per minute per client IP, 10.0.0.1 as the only trusted proxy, and each request's
/// peer address taken from the test header X-Test-Peer (TestServer has none of its own).
/// </summary>
public sealed class RateLimitedApp() : WuyiApp(DatabaseProvider.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Wuyi:Accounts:SignInsPerMinutePerIp", "3");
        builder.UseSetting("Wuyi:PublicDownloadsPerMinutePerIp", "3");
        builder.UseSetting("Wuyi:KnownProxies:0", "10.0.0.1");
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerFromHeader>());
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                if (http.Request.Headers.TryGetValue("X-Test-Peer", out var peer)) http.Connection.RemoteIpAddress = IPAddress.Parse(peer!);
                return following(http);
            });
            next(app);
        };
    }
}

/// <summary>Per-IP sign-in limits (API and login form), and X-Forwarded-For believed only from a known proxy.</summary>
public sealed class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    private Task<HttpResponseMessage> TokenFrom(string peer, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { userName = "street", password = "Wrong-password-9" }) };
        request.Headers.Add("X-Test-Peer", peer);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return app.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task FourthSignInAMinute_FromOneClient_Answers429InChinese_OthersGoOn()
    {
        for (var i = 0; i < 3; i++)
            (await TokenFrom("10.0.0.1", "203.0.113.7")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var refused = await (await TokenFrom("10.0.0.1", "203.0.113.7")).Problem(HttpStatusCode.TooManyRequests, "too-many-sign-ins");
        refused.GetProperty("title").GetString().ShouldBe("登录尝试过于频繁");

        // Another client behind the same proxy has its own allowance.
        (await TokenFrom("10.0.0.1", "203.0.113.8")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ForwardedFor_FromAnUnknownPeer_IsIgnored_SoItCannotDodgeTheLimit()
    {
        for (var i = 0; i < 3; i++)
            (await TokenFrom("198.51.100.9", $"192.0.2.{i}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TokenFrom("198.51.100.9", "192.0.2.99")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task ForwardedFor_FromLoopback_IsIgnored_WhenItIsNotTheKnownProxy(string loopback)
    {
        for (var i = 0; i < 3; i++)
            (await TokenFrom(loopback, $"192.0.2.{i + 10}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TokenFrom(loopback, "192.0.2.98")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task LoginForm_PostsAreLimited_ThePageItselfIsNot()
    {
        var browser = Browserless.Anonymous(app);
        browser.Client.DefaultRequestHeaders.Add("X-Test-Peer", "198.51.100.20");
        for (var i = 0; i < 3; i++)
            (await browser.SubmitAsync("/account/login", "form", new() { ["UserName"] = "street", ["Password"] = "Wrong-password-9" })).Status.ShouldBe(HttpStatusCode.OK);
        var (status, page) = await browser.SubmitAsync("/account/login", "form", new() { ["UserName"] = "street", ["Password"] = "Wrong-password-9" });
        status.ShouldBe(HttpStatusCode.TooManyRequests);
        page.QuerySelector("h1")!.TextContent.ShouldBe("请求过于频繁");
        (await browser.GetAsync("/account/login")).Status.ShouldBe(HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> GetFrom(string peer, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Test-Peer", peer);
        return app.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task PublicDownloads_ALimitPerClient_InChinese_WhileTheListsThemselvesAreNotLimited()
    {
        const string peer = "198.51.100.30";
        string[] downloads = ["/api/v1/public/certified/export?format=csv", "/public/statistics?handler=table&name=districts&format=csv", "/api/v1/public/certified/export"];
        foreach (var url in downloads)
            (await GetFrom(peer, url)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
        var refused = await (await GetFrom(peer, "/api/v1/public/certified/export?format=csv")).Problem(HttpStatusCode.TooManyRequests, "too-many-downloads");
        refused.GetProperty("title").GetString().ShouldBe("下载过于频繁");
        (await GetFrom(peer, "/public/statistics?handler=table&name=districts&format=xlsx")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // The pages and the paged list are not downloads; another client has its own allowance.
        for (var i = 0; i < 5; i++)
        {
            (await GetFrom(peer, "/public/statistics")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await GetFrom(peer, "/api/v1/public/certified?page=1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await GetFrom("198.51.100.31", "/api/v1/public/certified/export?format=csv")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
