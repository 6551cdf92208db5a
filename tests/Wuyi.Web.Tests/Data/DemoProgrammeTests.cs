using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Administration;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Accounts;
using Wuyi.Web.Tests.Infrastructure;
using Xunit;

namespace Wuyi.Web.Tests.Data;

/// <summary>The README's `--demo` on a fresh database: the app started with the demo programme seeded (演示数据).</summary>
public abstract class DemoApp : WuyiApp
{
    protected DemoApp(DatabaseProvider provider) : base(provider) =>
        Clock.Set(new DateTimeOffset(2022, 10, 15, 9, 0, 0, TimeSpan.FromHours(8))); // months after the scale took effect

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Wuyi:SeedDemoProgramme", "true");
    }
}

public sealed class SqliteDemoApp() : DemoApp(DatabaseProvider.Sqlite);

public sealed class PostgresDemoApp() : DemoApp(DatabaseProvider.Postgres);

/// <summary>
/// A newcomer who opens the demo sees a living programme, not zeros; every demo account finds something waiting;
/// and nothing in it is a state the rules would refuse.
/// </summary>
public abstract class DemoProgrammeTests(DemoApp app)
{
    [Fact]
    public async Task Home_ShowsAFewHundredCertifiedCommunities_MarkedAsDemoData()
    {
        var client = app.CreateClient();
        var summary = await client.GetFromJsonAsync<JsonElement>("/api/v1/public/summary");
        summary.GetProperty("certified").GetInt32().ShouldBeInRange(250, 700);
        summary.GetProperty("batches").GetInt32().ShouldBe(2);

        var home = await client.GetStringAsync("/");
        home.ShouldContain("演示数据");
        home.ShouldContain(summary.GetProperty("certified").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var districts = await app.WithDbAsync(db => db.Certifications.Where(c => c.ActiveForCommunity != null)
            .Select(c => c.CommunityCode.Substring(0, 6)).Distinct().CountAsync());
        districts.ShouldBe(16);
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/public/adjustments")).GetProperty("items").GetArrayLength().ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task EveryDemoAccount_FindsSomethingWaiting()
    {
        var community = await app.SignInAsync("community");
        (await Waiting(community, ApplicationState.ReturnedByStreet)).ShouldBe(1);

        var street = await app.SignInAsync("street");
        (await Waiting(street, ApplicationState.Submitted)).ShouldBeGreaterThanOrEqualTo(2);

        foreach (var name in new[] { "district", "district2" })
        {
            var district = await app.SignInAsync(name);
            (await Waiting(district, ApplicationState.Recommended)).ShouldBeGreaterThan(0);
            (await Total(district, "/api/v1/re-evaluations?open=true")).ShouldBeGreaterThan(0);
            (await Total(district, "/api/v1/rectifications")).ShouldBeGreaterThan(0);
        }

        var city = await app.SignInAsync("city");
        (await Waiting(city, ApplicationState.Approved)).ShouldBeGreaterThan(0);
        (await Waiting(city, ApplicationState.Filed)).ShouldBeGreaterThan(0);

        var rectifying = await app.SignInAsync("community3");
        (await Total(rectifying, "/api/v1/rectifications")).ShouldBe(1);
        var certified = await app.SignInAsync("community2");
        (await certified.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheAdministrators_AreEnrolledInTwoFactor_AndSignInWithTheirCode()
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        foreach (var (userName, _, kind) in DemoProgramme.Administrators)
        {
            var admin = (await users.FindByNameAsync(userName)).ShouldNotBeNull();
            admin.TwoFactorEnabled.ShouldBeTrue();
            (await users.GetClaimsAsync(admin)).ShouldContain(c => c.Type == WuyiClaims.Administrator && c.Value == kind);
        }
        var key = (await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync("auditadmin"))!))!;
        var browser = await AccountTesting.SignInWithCodeAsync(app, "auditadmin", key);
        (await browser.GetAsync("/audit")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NothingInTheDemo_IsAStateTheRulesWouldRefuse()
    {
        await app.WithDbAsync(async db =>
        {
            var certified = await db.Certifications.Where(c => c.ActiveForCommunity != null).Select(c => c.CommunityCode).ToListAsync();
            var open = await db.Applications.Where(a => a.OpenForCommunity != null).Select(a => a.CommunityCode).ToListAsync();
            certified.Intersect(open).ShouldBeEmpty(); // a certified community does not apply again (rule 9)
            certified.Distinct().Count().ShouldBe(certified.Count);

            // Every revoked title was revoked by a recorded veto or a re-evaluation, and rectification follows (rule 14).
            var revoked = await db.Certifications.Where(c => c.ActiveForCommunity == null).Select(c => c.CommunityCode).ToListAsync();
            revoked.ShouldNotBeEmpty();
            var vetoed = await db.Vetoes.Select(v => v.CommunityCode).ToListAsync();
            revoked.ShouldAllBe(code => vetoed.Contains(code));
            var tasks = await db.RectificationTasks.Select(t => t.CommunityCode).ToListAsync();
            revoked.ShouldAllBe(code => tasks.Contains(code));

            // Each published application went the whole round, in order.
            var histories = await db.Applications.Where(a => a.State == ApplicationState.Published).Include(a => a.History).ToListAsync();
            histories.ShouldAllBe(a => a.History.OrderBy(t => t.Sequence).Select(t => t.Action).SequenceEqual(new[]
            {
                ApplicationAction.Create, ApplicationAction.Submit, ApplicationAction.Recommend, ApplicationAction.Approve,
                ApplicationAction.File, ApplicationAction.Publish,
            }));
        });
    }

    [Fact]
    public async Task SeedingAgain_ChangesNothing()
    {
        var before = await Snapshot();
        using (var scope = app.Services.CreateScope())
            await DemoProgramme.SeedAsync(scope.ServiceProvider);
        (await Snapshot()).ShouldBe(before);
    }

    private Task<string> Snapshot() => app.WithDbAsync(async db => string.Join(",",
        await db.Applications.CountAsync(), await db.Certifications.CountAsync(), await db.Vetoes.CountAsync(),
        await db.HotlineComplaints.CountAsync(), await db.ReEvaluations.CountAsync(), await db.Users.CountAsync()));

    private static Task<int> Waiting(HttpClient client, ApplicationState state) => Total(client, $"/api/v1/applications?state={state}");

    private static async Task<int> Total(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("total").GetInt32();
}

public sealed class DemoProgrammeTests_Sqlite(SqliteDemoApp app) : DemoProgrammeTests(app), IClassFixture<SqliteDemoApp>;

public sealed class DemoProgrammeTests_Postgres(PostgresDemoApp app) : DemoProgrammeTests(app), IClassFixture<PostgresDemoApp>;

/// <summary>The same seed gives the same programme: two fresh databases, the same titles.</summary>
public sealed class DemoProgrammeDeterminismTests
{
    [Fact]
    public async Task TwoFreshDatabases_GetTheSameCertifiedCommunities()
    {
        var lists = new List<List<string>>();
        for (var i = 0; i < 2; i++)
        {
            var app = new SqliteDemoApp();
            try
            {
                await ((IAsyncLifetime)app).InitializeAsync();
                lists.Add(await app.WithDbAsync(db => db.Certifications.OrderBy(c => c.CommunityCode).Select(c => c.CommunityCode + "/" + c.BatchNumber).ToListAsync()));
            }
            finally
            {
                await ((IAsyncLifetime)app).DisposeAsync();
            }
        }
        lists[0].ShouldNotBeEmpty();
        lists[1].ShouldBe(lists[0]);
    }
}
