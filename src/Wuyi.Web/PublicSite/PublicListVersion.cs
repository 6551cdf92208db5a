using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Data;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// The version of the public list that cached output is keyed by.
/// <list type="bullet">
/// <item>SQLite is one file used by one app process: the version lives in memory and moves right after a
/// committed change to certifications (<see cref="WuyiDbContext"/> calls <see cref="Changed"/>). No I/O.</item>
/// <item>PostgreSQL may serve several app nodes: each request reads the <see cref="PublicListStamp"/> row,
/// which moves inside the changing transaction, so no node serves a list older than the database.</item>
/// </list>
/// </summary>
public sealed class PublicListVersion(DatabaseProvider provider)
{
    private long _local;

    public void Changed() => Interlocked.Increment(ref _local);

    public async ValueTask<long> CurrentAsync(HttpContext http, CancellationToken ct) =>
        provider == DatabaseProvider.Sqlite
            ? Interlocked.Read(ref _local)
            : await ReadStampAsync(http.RequestServices.GetRequiredService<WuyiDbContext>(), ct);

    // One primary-key read, as plain SQL on the context's pooled connection: it runs before every cached
    // response, so the LINQ pipeline's overhead would be most of its cost.
    private static async Task<long> ReadStampAsync(WuyiDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT \"Version\" FROM \"PublicListStamps\" WHERE \"Id\" = {PublicListStamp.SingletonId}";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }
}
