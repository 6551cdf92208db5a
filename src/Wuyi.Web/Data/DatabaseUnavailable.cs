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
