
namespace Wuyi.Web.PublicSite;

/// <summary>
/// Publication day brings the whole city to the certified list. Its output is cached per query string
/// and per version of the list (<see cref="PublicListVersion"/>), which every change to certifications
/// moves: a cached list is never served stale. Signed-in requests are never cached (the default policy).
/// </summary>
public static class PublicOutputCache
{
    public const string Policy = "public-list";

    public static IServiceCollection AddPublicOutputCache(this IServiceCollection services) =>
        services.AddOutputCache(o =>
        {
            o.SizeLimit = 256L * 1024 * 1024;
            o.AddPolicy(Policy, b => b
                .Expire(TimeSpan.FromMinutes(10))
                .SetVaryByQuery("*")
                .VaryByValue(async (http, ct) =>
                    new KeyValuePair<string, string>("v", (await http.RequestServices.GetRequiredService<PublicListVersion>().CurrentAsync(http, ct)).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        });
}
