using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Data;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// The version of the public list that cached output is keyed by.
/// <list type="bullet">
/// <item>SQLite is one file used by one app process: the version lives in memory and moves right after a
/// committed change to certifications (<see cref="WuyiDbContext"/> calls <see cref="Changed"/>). No I/O.</item>
/// <item>PostgreSQL may serve several app nodes: the version is the <see cref="PublicListStamp"/> row, which
/// moves inside the changing transaction. Each request needs an answer from the database that <em>started after
/// the request arrived</em> (so it reflects every commit before that); concurrent requests share such answers, one
/// at a time. While the node's <see cref="PublicListListener"/> listens, the answer is a round-trip on its connection
/// (the version was pushed by NOTIFY); otherwise a read of the row. See docs/decisions/0011.</item>
/// </list>
/// </summary>
public sealed class PublicListVersion(DatabaseProvider provider, IServiceScopeFactory scopes, PublicListListener? listener = null)
{
    private readonly Lock _gate = new();
    private long _local;
    private TaskCompletionSource<long>? _next; // callers waiting for a read that has not started yet
    private bool _pumping;

    public void Changed() => Interlocked.Increment(ref _local);

    public async ValueTask<long> CurrentAsync(HttpContext http, CancellationToken ct) =>
        provider == DatabaseProvider.Sqlite ? Interlocked.Read(ref _local) : await SharedReadAsync().WaitAsync(ct);

    /// <summary>Joins the next read to start; starts the pump if none is running.</summary>
    private Task<long> SharedReadAsync()
    {
        TaskCompletionSource<long> next;
        bool start;
        lock (_gate)
        {
            next = _next ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            start = !_pumping;
            _pumping = true;
        }
        if (start) _ = PumpAsync();
        return next.Task;
    }

    /// <summary>One read at a time; each serves everyone who arrived before it started.</summary>
    private async Task PumpAsync()
    {
        while (true)
        {
            TaskCompletionSource<long> batch;
            lock (_gate)
            {
                if (_next is null)
                {
                    _pumping = false;
                    return;
                }
                batch = _next;
                _next = null; // whoever comes now waits for the following read
            }
            try
            {
                batch.SetResult(await ConfirmedAsync());
            }
            catch (Exception ex)
            {
                batch.SetException(ex);
            }
        }
    }

    private async Task<long> ConfirmedAsync()
    {
        if (listener is not null && await listener.ConfirmedVersionAsync() is { } pushed) return pushed;
        using var scope = scopes.CreateScope();
        return await ReadStampAsync(scope.ServiceProvider.GetRequiredService<WuyiDbContext>(), CancellationToken.None);
    }

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
