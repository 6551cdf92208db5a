using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Wuyi.Web.Accounts;
using Wuyi.Web.Administration;
using Wuyi.Web.Applications;
using Wuyi.Web.Audit;
using Wuyi.Web.Certificates;
using Wuyi.Web.Dashboards;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Evaluation;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Notifications;
using Wuyi.Web.Publication;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Scales;

// `--demo` (the README's run command) seeds the demo accounts and prints how to sign in.
// Configuration comes from `--key=value` or `--key value`; the rest are a command's own words (Administration/CommandLine).
var (settings, words, demo) = CommandLine.Parse(args);

var builder = WebApplication.CreateBuilder(settings);
if (demo) builder.Configuration["Wuyi:SeedDemoAccounts"] = "true";
if (demo) builder.Configuration["Wuyi:SeedDemoProgramme"] ??= "true"; // 演示数据: a living programme (Administration/DemoProgramme)
// The demo is served on http://localhost:5080: cookies without __Host-/Secure there; a deployment keeps https (Accounts/AccountOptions).
if (demo) builder.Configuration["Wuyi:Accounts:RequireHttps"] ??= "false";

var services = builder.Services;
services.AddWuyiSettings(); // every Wuyi:* setting, with its default, checked at start (Infrastructure/Settings.cs)
services.AddWuyiDatabase(builder.Configuration, builder.Environment.ContentRootPath);
services.AddSingleton(TimeProvider.System);
services.AddSingleton<ScaleCatalog>();
services.AddScoped<DivisionImporter>();
services.AddScoped<ApplicationWorkflow>();
services.AddScoped<ApplicationViews>();
services.AddScoped<PublicQueries>();
services.AddScoped<Wuyi.Web.Certificates.CertificateQueries>();
services.AddScoped<OpenDataSnapshots>();
services.AddHostedService<DailySnapshots>(); // 开放数据每日快照, on every node (one per day is kept: decision 0014)
if (Database.ProviderFrom(builder.Configuration) == DatabaseProvider.Postgres)
{
    services.AddSingleton<PublicListListener>();
    services.AddHostedService(sp => sp.GetRequiredService<PublicListListener>());
}
services.AddSingleton(sp => new PublicListVersion(Database.ProviderFrom(builder.Configuration), sp.GetRequiredService<IServiceScopeFactory>(),
    sp.GetService<PublicListListener>()));
services.AddScoped<Wuyi.Web.Work.WorkQueue>();
builder.AddNotifications(); // 提醒: the notification centre and the Quartz reminders job (decision 0019)
services.AddScoped<DynamicWorkflow>();
services.AddScoped<Wuyi.Web.Notices.NoticeIssuer>();
services.AddScoped<Wuyi.Web.Notices.NoticeQueries>();
services.AddScoped<StandingRecheck>();
services.AddScoped<ScalePublishing>();
services.AddScoped<DynamicQueries>();
services.AddScoped<Wuyi.Web.Appeals.AppealWorkflow>(); // 申诉复核 (decision 0018)
services.AddScoped<Wuyi.Web.Appeals.AppealQueries>();
services.AddSingleton<Wuyi.Web.Inspections.RiskModelCatalog>(); // 督导检查
services.AddScoped<Wuyi.Web.Inspections.RiskSignalsQuery>();
services.AddSingleton<Wuyi.Web.DutyRosters.RosterSummaries>();
services.AddScoped<Wuyi.Web.Inspections.InspectionQueries>();
services.AddScoped<Wuyi.Web.Inspections.InspectionWorkflow>();
services.AddScoped<DivisionDirectory>();
services.AddScoped<Wuyi.Web.Hotline.HotlineImporter>();
services.AddScoped<Wuyi.Web.Hotline.HotlineQueries>();
services.AddScoped<Wuyi.Web.DutyRosters.DutyRosterImporter>();
services.AddScoped<Wuyi.Web.DutyRosters.DutyRosterQueries>();
services.AddScoped<Wuyi.Web.Dashboards.DashboardQueries>();
services.AddAudit();
services.AddSingleton<Wuyi.Web.Uploads.EvidenceStore>();
services.AddSingleton<Wuyi.Web.Uploads.EvidenceThumbnails>();
services.AddScoped<Wuyi.Web.Uploads.EvidenceService>();
services.AddSingleton<Wuyi.Web.ResidentReports.ReportRateLimit>(); // 群众监督
services.AddScoped<Wuyi.Web.ResidentReports.ResidentReportIntake>();
services.AddScoped<Wuyi.Web.ResidentReports.ResidentReportQueries>();
services.AddScoped<Wuyi.Web.ResidentReports.ResidentReportWorkflow>();
services.AddScoped<AccountAdministration>();
services.AddScoped<AccountImporter>();
services.AddSingleton<SignInThrottle>();

services.AddIdentityCore<User>(o =>
    {
        o.User.RequireUniqueEmail = false;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(30);
    })
    .AddSignInManager<WuyiSignInManager>()
    .AddEntityFrameworkStores<WuyiDbContext>()
    .AddClaimsPrincipalFactory<WuyiClaimsFactory>()
    .AddWuyiAccountRules(builder.Configuration); // password policy, sessions, cookies, rate limits (Accounts/AccountsSetup.cs)

// One key ring for every node, kept in the database (see DatabaseKeyRing), encrypted to a certificate kept outside it.
services.AddSingleton<DatabaseKeyRing>();
services.AddDataProtection().SetApplicationName("Wuyi")
    .ProtectKeysWithKeyRingCertificate(builder.Configuration, builder.Environment.ContentRootPath, demo, required: words.Length == 0, out var keyRingProblem); // Accounts/KeyRingCertificate.cs
services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(sp =>
    new Microsoft.Extensions.Options.ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(
        o => o.XmlRepository = sp.GetRequiredService<DatabaseKeyRing>()));

// Browsers carry the Identity cookie, API clients a bearer token; one policy scheme picks per request.
const string AnyScheme = "Wuyi";
services.AddAuthentication(o =>
    {
        o.DefaultScheme = AnyScheme;
        o.DefaultChallengeScheme = AnyScheme;
    })
    .AddPolicyScheme(AnyScheme, AnyScheme, o => o.ForwardDefaultSelector = http =>
        http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme)
    .AddBearerToken(IdentityConstants.BearerScheme, o =>
    {
        o.BearerTokenExpiration = AccountOptions.IdleTimeout;
        o.RefreshTokenExpiration = AccountOptions.AbsoluteTimeout; // and /auth/refresh refuses past 12 h from the sign-in
    })
    .AddIdentityCookies();
services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/account/login";
    o.AccessDeniedPath = "/account/denied";
    // An API call without a session answers 401/403, never a redirect to a sign-in page.
    o.Events.OnRedirectToLogin = ctx => ApiOr(ctx.HttpContext, 401, () => ctx.Response.Redirect(ctx.RedirectUri));
    o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx.HttpContext, 403, () => ctx.Response.Redirect(ctx.RedirectUri));
});

// Deny by default: every endpoint needs a signed-in account unless it says AllowAnonymous.
services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so malformed bodies get a Chinese problem
services.AddRazorPages(o =>
{
    o.RootDirectory = "/"; // pages live in their feature folders
    o.Conventions.AuthorizeFolder("/");
}).AddMvcOptions(o =>
{
    ModelBindingMessages.UseChinese(o.ModelBindingMessageProvider);
    o.Filters.Add<NoHandlerFilter>();
});
services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
services.AddAntiforgery(o => o.HeaderName = CookieApiAntiforgery.Header); // pages' own JavaScript sends it to the API
// Chinese text goes out as text, not as &#x...; entities: readable source and a third of the bytes.
services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
services.AddPublicOutputCache();
services.AddHttpsOnly(builder.Configuration);
services.AddProblemDetails();
services.AddExceptionHandler<ProblemExceptionHandler>();
services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "Wuyi 无疫社区（村）创建平台 API";
    doc.Info.Version = "v1";
    return Task.CompletedTask;
}));

var app = builder.Build();
if (!Settings.CheckedAtStart(app.Services, keyRingProblem)) return Settings.BadSettingsExitCode; // a bad setting stops commands too

if (words.Length > 0 && Commands.Names.Contains(words[0]))
    return await Commands.RunAsync(app, words);
if (words.Length > 0)
{
    Console.Error.WriteLine($"未知参数：{string.Join(" ", words)}。命令：{string.Join("、", Commands.Names)}；配置请用 --键=值 或 --键 值");
    return 2;
}

await Startup.PrepareAsync(app.Services, app.Environment.ContentRootPath);
var demoLines = demo ? await DemoProgramme.DescribeAsync(app.Services) : [];

app.UseSecurityHeaders(); // CSP, nosniff, referrer policy, HSTS, no-store: on every response, errors included
app.UseForwardedHeaders(); // trusts only Wuyi:KnownProxies, so the client IP cannot be spoofed
app.UseHttpsOnly(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.RequireHttps);

// API callers get problem details; people get a friendly page in Chinese.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/error",
    StatusCodeSelector = ProblemExceptionHandler.StatusFor,
});
app.UseWhen(http => IsApi(http), a => a.UseStatusCodePages(async ctx =>
{
    var http = ctx.HttpContext;
    await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
    {
        HttpContext = http,
        ProblemDetails = new ProblemDetails { Status = http.Response.StatusCode, Title = ProblemExceptionHandler.TitleFor(http.Response.StatusCode) },
    });
}));
app.UseWhen(http => !IsApi(http), a => a.UseStatusCodePagesWithReExecute("/error/{0}"));
app.UseStaticFiles();
app.UseRouting(); // after the error middlewares, so that a re-executed error page is routed again
app.UseAuthentication();
app.UseAudit(); // after authentication (the actor), before everything that may refuse (a refusal is on record too)
app.UseAccountChecks(); // bearer stamp check, forced password change
app.UseRateLimiter();
app.UseCookieApiAntiforgery(); // cookie-borne API changes need the antiforgery token; bearer calls do not
app.UseAuthorization();
app.UseOutputCache();

app.MapRazorPages();
app.MapCommunityBadge();
app.MapOpenApi().AllowAnonymous();
app.MapGet("/healthz", async (WuyiDbContext db, CancellationToken ct) =>
        await db.Database.CanConnectAsync(ct)
            ? Results.Ok(new { status = "ok" })
            : Results.Problem(title: "数据库不可用", statusCode: StatusCodes.Status503ServiceUnavailable))
    .AllowAnonymous()
    .ExcludeFromDescription();
// Liveness for load balancers: the process answers, whatever the database does.
app.MapGet("/livez", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();

var api = app.MapGroup("/api/v1");
api.MapAccountsApi();
api.MapAccountAdministrationApi();
api.MapApplicationsApi();
api.MapEvaluationApi();
api.MapPublicationApi();
api.MapCertificatesApi();
api.MapDynamicApi();
Wuyi.Web.Appeals.AppealsApi.MapAppealsApi(api);
Wuyi.Web.Notices.NoticesApi.MapNoticesApi(api);
api.MapHotlineApi();
Wuyi.Web.DutyRosters.DutyRosterApi.MapDutyRosterApi(api); // 值守排班 (issue 14)
Wuyi.Web.Uploads.EvidenceApi.MapEvidenceApi(api);
api.MapDivisionsApi();
api.MapDashboardsApi();
Wuyi.Web.Inspections.InspectionsApi.MapInspectionsApi(api);
api.MapPublicApi();
Wuyi.Web.ResidentReports.ResidentReportsApi.MapResidentReportsApi(api);
api.MapOpenDataApi();
api.MapAuditApi();
api.MapNotificationsApi();

// Anything unmatched is a 404 (a page for people, a problem for the API), not a sign-in redirect.
app.MapFallback(http =>
{
    http.Response.StatusCode = StatusCodes.Status404NotFound;
    return Task.CompletedTask;
}).AllowAnonymous();

var missingFonts = Wuyi.Web.Documents.PdfFonts.Missing();
if (missingFonts.Count > 0)
    app.Logger.LogWarning("PDFs (certificates, plaques, notices) need the Debian packages {Packages}: missing {Files}",
        Wuyi.Web.Documents.PdfFonts.Packages, string.Join(", ", missingFonts));

app.Lifetime.ApplicationStarted.Register(() =>
{
    if (!demo) return;
    if (missingFonts.Count > 0)
        Console.WriteLine($"注意：生成 PDF（证书、牌匾、通知）需要中文字体：sudo apt-get install {Wuyi.Web.Documents.PdfFonts.Packages}");
    Console.WriteLine();
    Console.WriteLine($"Wuyi 已启动：{string.Join(" ", app.Urls)}");
    Console.WriteLine($"演示账号（密码均为 {DemoAccounts.Password}）：");
    foreach (var d in DemoAccounts.All)
        Console.WriteLine($"  {d.UserName,-10} {d.DisplayName}");
    foreach (var line in demoLines)
        Console.WriteLine(line);
    Console.WriteLine();
});

await app.RunAsync();
return 0;

static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/openapi");

static Task ApiOr(HttpContext http, int status, Action otherwise)
{
    if (IsApi(http)) http.Response.StatusCode = status;
    else otherwise();
    return Task.CompletedTask;
}

public partial class Program;
