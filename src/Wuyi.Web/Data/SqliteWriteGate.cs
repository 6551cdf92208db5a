using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Wuyi.Web.Data;

/// <summary>
/// SQLite lets one transaction write at a time. A writer that finds the lock taken is retried by Microsoft.Data.Sqlite
/// in blocking sleeps of 150 ms: under a burst (the deadline day's 7,535 submissions) writers slept for seconds while
/// the lock stood free, and held threads doing it. The app's writers of one database file queue here instead, in order,
/// and each finds the lock free when its turn comes. A flow that holds its turn enters again at no cost (the case
/// number is read and the application inserted in one turn). PostgreSQL: no gate (row locks and the audit chain's
/// advisory lock queue writers in the server).
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly AsyncLocal<SemaphoreSlim?> Held = new();

    /// <summary>Waits for this flow's turn to write; dispose to give it up. Null on PostgreSQL or when the flow already holds it.</summary>
    public static ValueTask<IDisposable?> EnterAsync(WuyiDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return ValueTask.FromResult<IDisposable?>(null);
        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        if (Held.Value == gate) return ValueTask.FromResult<IDisposable?>(null);
        Held.Value = gate; // set here, not in an async method, so that it flows on in the caller
        return WaitAsync(gate, ct);
    }

    private static async ValueTask<IDisposable?> WaitAsync(SemaphoreSlim gate, CancellationToken ct)
    {
        try
        {
            await gate.WaitAsync(ct);
        }
        catch
        {
            Held.Value = null;
            throw;
        }
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            Held.Value = null;
            gate.Release();
        }
    }
}
