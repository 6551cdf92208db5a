using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>
/// The account rules of issue #5 in one place: password policy and hashing, session bounds, cookie security,
/// revocation within a minute on every node, forced password change, sign-in rate limits and trusted proxies.
/// </summary>
public static class AccountsSetup
{
    /// <summary>PBKDF2-HMAC-SHA512 iterations (OWASP 2023: ≥ 210,000); older hashes are upgraded at the next sign-in.</summary>
    public const int Pbkdf2Iterations = 210_000;

    public const string SignInRateLimit = "sign-in";

    private static readonly RateLimitRefusal SignInRefusal = new("登录尝试过于频繁", "来自您所在网络的登录尝试过多，请 1 分钟后再试", "too-many-sign-ins");

    public static IdentityBuilder AddWuyiAccountRules(this IdentityBuilder identity, IConfiguration configuration)
    {
        var services = identity.Services;
        var accounts = Settings.Read<AccountOptions>(configuration, AccountOptions.Section);

        services.Configure<IdentityOptions>(o =>
        {
            // WuyiPasswordValidator holds every rule; Identity's own checks would repeat them.
            o.Password.RequiredLength = 0;
            o.Password.RequiredUniqueChars = 0;
            o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
            o.Tokens.AuthenticatorTokenProvider = AuthenticatorCodes.Name; // each code once
        });
        identity.AddTokenProvider<AuthenticatorCodes>(AuthenticatorCodes.Name);
        identity.AddPasswordValidator<WuyiPasswordValidator>().AddErrorDescriber<ChineseIdentityErrors>();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = Pbkdf2Iterations);
        // Sign-out elsewhere, disabling and role changes reach every node's cookies within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        // Every cookie: __Host- (needs Secure, path / and no domain), HttpOnly, SameSite — unless RequireHttps is off.
        void Harden(CookieBuilder cookie, string name, SameSiteMode sameSite)
        {
            cookie.Name = (accounts.RequireHttps ? "__Host-" : "") + name;
            cookie.SecurePolicy = accounts.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.HttpOnly = true;
            cookie.SameSite = sameSite;
            cookie.Path = "/";
        }
        services.ConfigureApplicationCookie(o =>
        {
            Harden(o.Cookie, "Wuyi", SameSiteMode.Lax);
            o.ExpireTimeSpan = AccountOptions.IdleTimeout;
            o.SlidingExpiration = true;
            var stamp = o.Events.OnValidatePrincipal; // Identity's security-stamp check
            o.Events.OnValidatePrincipal = async ctx =>
            {
                var now = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                if (WuyiSignInManager.PastAbsoluteLimit(ctx.Properties.Items.TryGetValue(WuyiSignInManager.SignedInAt, out var at) ? at : null, now))
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await stamp(ctx);
            };
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o => Harden(o.Cookie, "Wuyi.2fa", SameSiteMode.Lax));
        services.AddAntiforgery(o => Harden(o.Cookie, "Wuyi.Antiforgery", SameSiteMode.Strict));

        // Per client IP: how fast one address may try at all (guessing one name is slowed per name and client by SignInThrottle).
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInRateLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? ClientRateLimits.PerClientPerMinute(http, accounts.SignInsPerMinutePerIp)
                : RateLimitPartition.GetNoLimiter("read"));
            PublicSite.PublicExport.AddRateLimit(o, Settings.Read<WuyiOptions>(configuration, WuyiOptions.Section).PublicDownloadsPerMinutePerIp);
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "60";
                if (!http.Request.Path.StartsWithSegments("/api")) return; // people get the error page (429) in Chinese
                var refusal = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == PublicSite.PublicExport.RateLimit
                    ? PublicSite.PublicExport.RateLimitRefusal
                    : SignInRefusal;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429,
                        Title = refusal.Title,
                        Detail = refusal.Detail,
                        Extensions = { ["code"] = refusal.Code },
                    },
                });
            };
        });

        // Client IP and scheme from X-Forwarded-* only when the direct peer is a configured proxy. The framework
        // believes loopback by default (KnownProxies ::1, and 127.0.0.0/8 in the obsolete KnownNetworks, which still
        // counts), and with every list empty it believes anyone: so the lists are emptied, and with no proxy
        // configured no header is read at all.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            var proxies = Settings.Read<WuyiOptions>(configuration, WuyiOptions.Section).KnownProxies;
            o.ForwardedHeaders = proxies.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var ip in proxies)
                o.KnownProxies.Add(IPAddress.Parse(ip));
        });

        services.AddAuthorizationBuilder().AddAdministratorPolicies();
        return identity.AddDefaultTokenProviders();
    }

    /// <summary>
    /// After authentication: bearer tokens are checked against the account on every request (a cookie is
    /// re-checked every minute by Identity). An account that must change its password, or an administrator
    /// without an authenticator, can do nothing else until it has.
    /// </summary>
    public static IApplicationBuilder UseAccountChecks(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var pending = http.User.Identity?.IsAuthenticated == true ? await PendingStepAsync(http) : Pending.None;
        if (pending == Pending.None || MayPassWhilePending(http.Request.Path))
        {
            await next(http);
            return;
        }
        var (page, title, detail, code) = pending == Pending.PasswordChange
            ? ("/account/password", "需要修改密码", "初始密码、被重置的密码或已过期的密码须先修改：POST /api/v1/auth/password", "password-change-required")
            : ("/account/two-factor", "需要启用双因素认证", "管理员账号须先在 /account/two-factor 页面启用身份验证器", "two-factor-enrolment-required");
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.Redirect(page + "?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
            return;
        }
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = 403, Title = title, Detail = detail, Extensions = { ["code"] = code } },
        });
    });

    private enum Pending { None, PasswordChange, TwoFactorEnrolment }

    private static async Task<Pending> PendingStepAsync(HttpContext http)
    {
        if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return http.User.HasClaim(c => c.Type == WuyiClaims.PasswordChangeRequired) ? Pending.PasswordChange
                : http.User.HasClaim(c => c.Type == WuyiClaims.TwoFactorEnrolmentRequired) ? Pending.TwoFactorEnrolment
                : Pending.None;
        // A bearer token lives 30 minutes and carries the security stamp it was issued with: a stale stamp
        // (password changed, signed out everywhere, disabled, role changed) or a revoked token family (a used refresh
        // token came back) makes the request anonymous.
        var signIn = http.RequestServices.GetRequiredService<SignInManager<User>>();
        var user = await signIn.ValidateSecurityStampAsync(http.User);
        if (user is null || user.DisabledAtUtc is not null
            || !await TokenFamilies.StandsAsync(http.RequestServices.GetRequiredService<Wuyi.Web.Data.WuyiDbContext>(), http.User))
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity());
            return Pending.None;
        }
        var accounts = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value;
        return accounts.MustChangePassword(user, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()) ? Pending.PasswordChange
            : http.User.HasClaim(c => c.Type == WuyiClaims.Administrator) && !user.TwoFactorEnabled ? Pending.TwoFactorEnrolment
            : Pending.None;
    }

    private static bool MayPassWhilePending(PathString path) =>
        path.StartsWithSegments("/account/password") || path.StartsWithSegments("/account/two-factor") || path.StartsWithSegments("/account/logout")
        || path.StartsWithSegments("/account/denied") || path.StartsWithSegments("/error") || path.StartsWithSegments("/api/v1/auth")
        || path.StartsWithSegments("/api/v1/me");
}
