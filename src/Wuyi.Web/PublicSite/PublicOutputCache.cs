using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Data;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// Publication day brings the whole city to the certified list. Its output is cached per query string
/// and per <see cref="PublicListStamp"/> version, read from the database on every request: publication
/// and revocation move the version in their own transaction, so a cached list is never served stale,
/// on this node or any other. Signed-in requests are never cached (the default policy).
/// </summary>
public static class PublicOutputCache
{
    public const string Policy = "public-list";

    // Not an EF compiled query: those are bound to one model, and a process may host both databases (tests).
    private static Task<long> CurrentVersion(WuyiDbContext db, CancellationToken ct) =>
        db.PublicListStamps.AsNoTracking().Where(s => s.Id == PublicListStamp.SingletonId).Select(s => s.Version).FirstOrDefaultAsync(ct);

    public static IServiceCollection AddPublicOutputCache(this IServiceCollection services) =>
        services.AddOutputCache(o =>
        {
            o.SizeLimit = 256L * 1024 * 1024;
            o.AddPolicy(Policy, b => b
                .Expire(TimeSpan.FromMinutes(10))
                .SetVaryByQuery("*")
                .VaryByValue(async (http, ct) =>
                    new KeyValuePair<string, string>("v", (await CurrentVersion(http.RequestServices.GetRequiredService<WuyiDbContext>(), ct)).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        });
}
