using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Wuyi.Web.Data;

/// <summary>
/// Recognises "the database cannot be reached right now" (a server restarting, a connection cut, no free
/// connection, SQLite's file busy) as opposed to a bug: the caller gets 503 and may retry; nothing was acknowledged.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>
    /// Npgsql's answer to SQL sent on a transaction whose connection broke (the server restarting): an
    /// <see cref="InvalidOperationException"/> ("Transaction is already completed", "Connection is not open") that would read as a
    /// bug. Said as the connection failure it is, so the caller answers 503; nothing was acknowledged.
    /// </summary>
    public static NpgsqlException Broken(InvalidOperationException e) =>
        new("数据库连接已中断", new IOException("the connection broke inside the transaction", e));

    /// <summary>Whether a PostgreSQL connection broke (its transaction is then disposed: ask the connection, not the transaction).</summary>
    public static bool Broke(System.Data.Common.DbConnection connection) => connection is NpgsqlConnection { State: not System.Data.ConnectionState.Open };

    public static bool Is(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 08 connection exception, 57P01–57P03 shutting down / starting up, 53300 too many connections.
                case PostgresException p:
                    return p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal)
                        || p.SqlState == PostgresErrorCodes.TooManyConnections;
                // Not a server's answer: the connection itself failing (refused, reset, timed out) is transient; a misuse is not.
                case NpgsqlException n:
                    return n.IsTransient;
                case SqliteException s:
                    return s.SqliteErrorCode is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED
                case SocketException or TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
