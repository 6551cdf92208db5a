using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Wuyi.Domain.Applications;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Security;

/// <summary>
/// Every response carries the security headers (pages, API, static files, errors), private answers and exports are
/// no-store, plain http is redirected to https, and no page has an inline script or handler the CSP would block.
/// </summary>
public abstract partial class SecurityHeaderTests(WuyiApp app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/public")]
    [InlineData("/account/login")]
    [InlineData("/api/v1/public/summary")]
    [InlineData("/css/wuyi.css")]
    [InlineData("/lib/bootstrap/bootstrap.bundle.min.js")]
    [InlineData("/no-such-page")]
    [InlineData("/api/v1/no-such-route")]
    [InlineData("/api/v1/hotline/complaints")] // 401
    [InlineData("/openapi/v1.json")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string url)
    {
        using var response = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = WuyiApp.BaseAddress }).GetAsync(url);

        ShouldCarryTheHeaders(response);
    }

    [Fact]
    public async Task ASignedInPage_AndAnApiError_CarryThemToo()
    {
        var street = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Street, "110101001"));
        using var page = await street.Client.GetAsync("/work");
        await page.ShouldBe(HttpStatusCode.OK);
        ShouldCarryTheHeaders(page);
        page.Headers.CacheControl!.NoStore.ShouldBeTrue();

        var api = await app.AsAsync(ProgrammeRole.Street, "110101001");
        using var problem = await api.GetAsync($"/api/v1/applications/{Guid.NewGuid()}");
        await problem.ShouldBe(HttpStatusCode.NotFound);
        ShouldCarryTheHeaders(problem);
    }

    [Theory]
    [InlineData("/api/v1/me")]
    [InlineData("/api/v1/hotline/complaints")]
    [InlineData("/api/v1/hotline/appraisal?within=110101001")]
    [InlineData("/api/v1/public/summary")] // signed in, even a public answer is not stored for that caller
    public async Task AnAuthenticatedApiAnswer_IsNoStore(string url)
    {
        var street = await app.AsAsync(ProgrammeRole.Street, "110101001");

        using var response = await street.GetAsync(url);

        await response.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task AnExport_IsNoStore()
    {
        var street = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Street, "110101001"));

        using var csv = await street.Client.GetAsync("/hotline?handler=csv");

        await csv.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentDisposition.ShouldNotBeNull();
        csv.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Theory]
    [InlineData("GET", "/account/login")]
    [InlineData("GET", "/public?q=翠微")]
    [InlineData("POST", "/api/v1/auth/token")]
    [InlineData("GET", "/css/wuyi.css")]
    public async Task PlainHttp_IsRedirectedToHttps_NotA500(string method, string url)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? new StringContent("{}") : null });

        response.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect);
        response.Headers.Location!.AbsoluteUri.ShouldBe(new Uri(new Uri("https://localhost"), url).AbsoluteUri);
        response.Headers.StrictTransportSecurity().ShouldBeNull(); // HSTS only over https
    }

    [Fact]
    public async Task LoadBalancerProbes_AreAnsweredOnHttp()
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });

        (await http.GetAsync("/livez")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void NoPage_HasAnInlineScriptOrEventHandler()
    {
        var web = Resilience.AppProcess.FindWebProject();
        var offences = Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(web, f), Line: i + 1, Text: line)))
            .Where(l => InlineScript().IsMatch(l.Text) || EventHandler().IsMatch(l.Text) || l.Text.Contains("javascript:", StringComparison.OrdinalIgnoreCase))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        offences.ShouldBeEmpty(string.Join("\n", offences));
    }

    private static void ShouldCarryTheHeaders(HttpResponseMessage response)
    {
        var csp = response.Headers.TryGetValues("Content-Security-Policy", out var v) ? v.Single() : null;
        csp.ShouldNotBeNull($"no CSP on {response.RequestMessage!.RequestUri} ({(int)response.StatusCode})");
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        (directives.GetValueOrDefault("script-src") ?? directives["default-src"]).ShouldNotContain("unsafe-inline");
        directives["frame-ancestors"].ShouldBe("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin");
        response.Headers.StrictTransportSecurity().ShouldBe(SecurityHeaders.StrictTransportSecurity); // the test server is https
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();
}

internal static class HeaderReading
{
    public static string? StrictTransportSecurity(this System.Net.Http.Headers.HttpResponseHeaders headers) =>
        headers.TryGetValues("Strict-Transport-Security", out var v) ? v.Single() : null;
}

public sealed class SecurityHeaderTests_Sqlite(SqliteApp app) : SecurityHeaderTests(app), IClassFixture<SqliteApp>;

public sealed class SecurityHeaderTests_Postgres(PostgresApp app) : SecurityHeaderTests(app), IClassFixture<PostgresApp>;
