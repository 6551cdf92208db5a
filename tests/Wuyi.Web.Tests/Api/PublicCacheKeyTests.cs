using System.Net;
using Microsoft.AspNetCore.Http;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// The public output cache keys on the parameters an endpoint reads, normalised: junk parameters and other spellings of
/// the same request are answered from the entry already there (the cache's <c>Age</c> header), a different request is not.
/// </summary>
public abstract class PublicCacheKeyTests(WuyiApp app)
{
    [Theory]
    [InlineData("/api/v1/public/summary?junk={0}", "/api/v1/public/summary?other={0}&more=1")]
    [InlineData("/api/v1/public/certified?page=0{0}&pageSize=+10&junk=1", "/api/v1/public/certified?pageSize=10&page={0}")]
    [InlineData("/api/v1/public/certified?district=%20110108&q=%20x{0}%20", "/api/v1/public/certified?q=x{0}&district=110108&utm_source=a")]
    [InlineData("/api/v1/public/adjustments?page={0}&x=1", "/api/v1/public/adjustments?page=0{0}&y=2")]
    [InlineData("/public?q=%20x{0}&junk=1", "/public?q=x{0}&page=1&fbclid=abc")]
    [InlineData("/public/batches?junk={0}", "/public/batches?junk={0}1")]
    [InlineData("/?junk={0}", "/?x={0}")]
    public async Task JunkParametersAndOtherSpellings_AreAnsweredFromTheSameEntry(string first, string second)
    {
        var n = Random.Shared.Next(100_000, 999_999);
        var client = app.CreateClient();

        using var stored = await client.GetAsync(string.Format(first, n));
        await stored.ShouldBe(HttpStatusCode.OK);
        using var again = await client.GetAsync(string.Format(second, n));

        await again.ShouldBe(HttpStatusCode.OK);
        again.Headers.Age.ShouldNotBeNull($"{second} was not answered from the entry {first} stored");
        (await again.Content.ReadAsStringAsync()).ShouldBe(await stored.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/v1/public/certified?page={0}", "/api/v1/public/certified?page={0}1")]
    [InlineData("/api/v1/public/certified?q=x{0}", "/api/v1/public/certified?q=y{0}")]
    [InlineData("/public?q=x{0}", "/public?q=y{0}")]
    [InlineData("/public/adjustments?page={0}", "/public/adjustments?page={0}1")]
    public async Task AParameterTheEndpointReads_StillVariesTheEntry(string first, string second)
    {
        var n = Random.Shared.Next(100_000, 999_999);
        var client = app.CreateClient();

        await (await client.GetAsync(string.Format(first, n))).ShouldBe(HttpStatusCode.OK);
        using var other = await client.GetAsync(string.Format(second, n));

        await other.ShouldBe(HttpStatusCode.OK);
        other.Headers.Age.ShouldBeNull();
    }

    [Fact]
    public void TheKey_ReadsOnlyTheNamedParameters_AndCannotBeForgedWithSeparators()
    {
        string Key(string query) => PublicOutputCache.Key(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)), ["district", "q", "page"]);

        Key("?page=01&junk=1&q=%20翠微%20").ShouldBe(Key("?q=翠微&page=1"));
        Key("?page=abc").ShouldBe(Key("?page=xyz"));
        Key("?page=1").ShouldBe(Key("?page=-3"));
        Key("?page=1").ShouldBe(Key(""));
        Key("?page=abc").ShouldNotBe(Key(""));
        Key("?q=a%26page%3D2").ShouldNotBe(Key("?q=a&page=2"));
        Key("?district=110108").ShouldNotBe(Key("?district=110105"));
        Key("?q=").ShouldBe(Key(""));
    }
}

public sealed class PublicCacheKeyTests_Sqlite(SqliteApp app) : PublicCacheKeyTests(app), IClassFixture<SqliteApp>;

public sealed class PublicCacheKeyTests_Postgres(PostgresApp app) : PublicCacheKeyTests(app), IClassFixture<PostgresApp>;
