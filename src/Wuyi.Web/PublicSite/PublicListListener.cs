using Npgsql;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// PostgreSQL: one dedicated connection per node that LISTENs on <see cref="Channel"/>, where every transaction that
/// moves the <see cref="PublicListStamp"/> NOTIFYs the new version (<see cref="Data.WuyiDbContext"/>, at its commit).
/// The version heard is trusted only through <see cref="ConfirmedVersionAsync"/>: a round-trip on this connection that
/// started after the caller asked proves every notification committed before it has arrived (docs/decisions/0011).
/// When the connection is down the answer is null and the caller reads the row; the listener reconnects with backoff.
/// </summary>
public sealed class PublicListListener(IConfiguration config, ILogger<PublicListListener> log) : BackgroundService
{
    public const string Channel = "wuyi_public_list";

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _use = new(1, 1); // one command at a time on the connection
    private NpgsqlConnection? _connection; // set only while listening and caught up
    private NpgsqlCommand? _roundTrip;
    private long _version;
    private TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The listening connection's server process, while listening (tests end it to prove the fallback).</summary>
    public int? ProcessId => Volatile.Read(ref _connection)?.ProcessID;

    /// <summary>
    /// The version as of a round-trip on the listening connection that started after this call: no older than any change
    /// committed before the call. Null when not listening (then read the row).
    /// </summary>
    public async Task<long?> ConfirmedVersionAsync()
    {
        if (Volatile.Read(ref _connection) is null) return null;
        await _use.WaitAsync();
        try
        {
            if (_connection is not { } connection || _roundTrip is not { } roundTrip) return null;
            try
            {
                // Notifications queued before this query are sent before its ReadyForQuery, and Npgsql raises them as it reads.
                await roundTrip.ExecuteNonQueryAsync();
                return Interlocked.Read(ref _version);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                log.LogWarning(e, "公示名单版本监听连接中断，改为逐次读取版本行并重新连接");
                _connection = null;
                _roundTrip = null;
                _lost.TrySetResult();
                return null;
            }
        }
        finally
        {
            _use.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(config.GetConnectionString("Wuyi"))
        {
            Pooling = false, // its own physical connection, never handed to anyone else
            ApplicationName = "wuyi-public-list-listener",
        }.ToString();
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stopping.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await ListenAsync(connectionString, stopping);
                backoff = TimeSpan.FromMilliseconds(250);
                while (!_lost.Task.IsCompleted && !stopping.IsCancellationRequested)
                {
                    // While idle, a round-trip now and then takes pushed versions in and notices a dead connection.
                    await Task.WhenAny(_lost.Task, Task.Delay(Idle, stopping));
                    if (!_lost.Task.IsCompleted && !stopping.IsCancellationRequested) await ConfirmedVersionAsync();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                log.LogWarning(e, "公示名单版本监听连接失败，{Seconds} 秒后重试", backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, stopping);
                }
                catch (OperationCanceledException)
                {
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            finally
            {
                await DropAsync(connection);
            }
        }
    }

    /// <summary>LISTEN first, then read the row: a change after the read is heard, one before it is in the read.</summary>
    private async Task<NpgsqlConnection> ListenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            connection.Notification += (_, e) =>
            {
                if (long.TryParse(e.Payload, System.Globalization.CultureInfo.InvariantCulture, out var version)) Raise(version);
            };
            await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                await listen.ExecuteNonQueryAsync(ct);
            await using (var read = new NpgsqlCommand($"SELECT \"Version\" FROM \"PublicListStamps\" WHERE \"Id\" = {PublicListStamp.SingletonId}", connection))
                Raise(Convert.ToInt64(await read.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture));
            var roundTrip = new NpgsqlCommand("SELECT 1", connection);
            await roundTrip.PrepareAsync(ct);
            await _use.WaitAsync(ct);
            try
            {
                _lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _roundTrip = roundTrip;
                Volatile.Write(ref _connection, connection);
            }
            finally
            {
                _use.Release();
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task DropAsync(NpgsqlConnection? connection)
    {
        if (connection is null) return;
        await _use.WaitAsync();
        try
        {
            if (_connection == connection)
            {
                _connection = null;
                _roundTrip = null;
            }
        }
        finally
        {
            _use.Release();
        }
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
        {
            // already broken: nothing to close cleanly
        }
    }

    /// <summary>Versions only go up (the stamp is a concurrency token): a late or repeated notification changes nothing.</summary>
    private void Raise(long version)
    {
        var seen = Interlocked.Read(ref _version);
        while (version > seen)
        {
            var was = Interlocked.CompareExchange(ref _version, version, seen);
            if (was == seen) return;
            seen = was;
        }
    }
}
