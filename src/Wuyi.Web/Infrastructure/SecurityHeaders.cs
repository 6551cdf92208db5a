using Microsoft.Net.Http.Headers;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// The headers every response carries (pages, API, static files, error pages): a Content-Security-Policy that runs
/// only the app's own script files (no inline script or handler; every script is under wwwroot/js or wwwroot/lib) and
/// lets no site frame the app, nosniff, a referrer policy, HSTS over https, and no-store on what is private.
/// And plain http to an instance that requires https is redirected to it (308, so a POST stays a POST).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Inline <c>style=</c> attributes stay allowed: a few pages use them, and the QR code's SVG and Bootstrap set
    /// styles; a style cannot run code, so the risk left is small next to scripts.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>A year; sent only over https, where a browser takes it.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // At the start of the response, so that error pages (the exception handler clears headers) carry them too.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy)) headers.ContentSecurityPolicy = ContentSecurityPolicy; // a download sets a stricter one
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY"; // frame-ancestors for browsers that predate it
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (http.Request.IsHttps) headers.StrictTransportSecurity = StrictTransportSecurity;
            // What only a signed-in caller may read stays out of every cache (pages get no-store from their antiforgery token);
            // so do downloads, except an anonymous one that says itself public (an open-data snapshot: the same file for everyone, for ever).
            var signedIn = http.User.Identity?.IsAuthenticated == true;
            var publicFile = !signedIn && headers.CacheControl.ToString().StartsWith("public", StringComparison.Ordinal);
            if ((http.Request.Path.StartsWithSegments("/api") && signedIn) || (headers.ContainsKey(HeaderNames.ContentDisposition) && !publicFile))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(http);
    });

    /// <summary>
    /// Plain http (after a known proxy's X-Forwarded-Proto) goes to https on the standard <c>https_port</c> setting, else
    /// 443. Load balancers' probes (<c>/livez</c>, <c>/healthz</c>) are answered on http: they carry nothing private.
    /// </summary>
    public static IServiceCollection AddHttpsOnly(this IServiceCollection services, IConfiguration configuration) =>
        services.AddHttpsRedirection(o =>
        {
            o.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            o.HttpsPort = configuration.GetValue<int?>("https_port") ?? 443;
        });

    public static IApplicationBuilder UseHttpsOnly(this IApplicationBuilder app, bool requireHttps) => !requireHttps ? app
        : app.UseWhen(http => !http.Request.IsHttps && !http.Request.Path.StartsWithSegments("/livez") && !http.Request.Path.StartsWithSegments("/healthz"),
            a => a.UseHttpsRedirection());
}
