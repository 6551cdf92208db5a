using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>Another node on the same database, configured with another key-ring certificate than the first.</summary>
public sealed class OtherCertificateNode(WuyiApp first) : WuyiApp(first.Provider, first.Database)
{
    private static readonly Lazy<string> Other = new(NewKeyRingCertificate);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Wuyi:DataProtection:CertificatePath", Other.Value);
    }
}

/// <summary>
/// The key ring is stored encrypted to a certificate kept outside the database: a copy of the database alone cannot
/// read (or forge) cookies and tokens.
/// </summary>
public abstract class KeyRingTests(WuyiApp app)
{
    [Fact]
    public async Task KeysInTheDatabase_AreEncrypted()
    {
        await app.SignInAsync("street"); // protecting a token needs a key
        var keys = await app.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync());
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(xml => xml.Contains("EncryptedData") && !xml.Contains("<value>") && !xml.Contains("unencrypted"));
    }

    [Fact]
    public async Task ANodeWithAnotherCertificate_CannotReadTheCookiesAndTokens()
    {
        var cookie = await Browserless.SignInCookieAsync(app, "city");
        var bearer = (await app.SignInAsync("district")).DefaultRequestHeaders.Authorization;

        await using var other = new OtherCertificateNode(app);
        await ((Xunit.IAsyncLifetime)other).InitializeAsync();
        var client = other.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = WuyiApp.BaseAddress });
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/work"))
        {
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect); // to the sign-in page: the cookie means nothing here
            response.Headers.Location!.OriginalString.ShouldContain("/account/login");
        }
        client.DefaultRequestHeaders.Authorization = bearer;
        (await client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The same certificate reads them (a second node as deployed).
        await using var same = new SecondNode(app);
        await ((Xunit.IAsyncLifetime)same).InitializeAsync();
        var sameClient = same.CreateClient();
        sameClient.DefaultRequestHeaders.Authorization = bearer;
        (await sameClient.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class KeyRingTests_Sqlite(SqliteApp app) : KeyRingTests(app), IClassFixture<SqliteApp>;

public sealed class KeyRingTests_Postgres(PostgresApp app) : KeyRingTests(app), IClassFixture<PostgresApp>;
