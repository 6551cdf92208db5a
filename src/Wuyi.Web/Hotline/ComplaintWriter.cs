using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Wuyi.Web.Data;

namespace Wuyi.Web.Hotline;

/// <summary>
/// Writes complaints in bulk inside the import's transaction, the way each database loads fastest: SQLite through
/// one prepared statement, PostgreSQL through binary COPY. EF Core's change tracker would cost most of the time
/// for a million rows and adds nothing here: these rows have no behaviour, only values.
/// </summary>
public abstract class ComplaintWriter
{
    /// <summary>The columns in the order every writer binds them.</summary>
    public const string Columns = "\"Number\", \"CommunityCode\", \"ReceivedAtUtc\", \"EpidemicRelated\", \"ResponseDeadlineUtc\", \"RespondedAtUtc\", \"FollowUp\", \"ImportedAtUtc\", \"ImportId\"";

    public static ComplaintWriter For(WuyiDbContext db)
    {
        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("complaints are written inside the import's transaction");
        return db.Database.GetDbConnection() switch
        {
            SqliteConnection c => new SqliteWriter(c, (SqliteTransaction)tx.GetDbTransaction()),
            NpgsqlConnection c => new PostgresWriter(c),
            var other => throw new NotSupportedException(other.GetType().Name),
        };
    }

    /// <summary>The complaints on record among these numbers.</summary>
    public virtual IQueryable<HotlineComplaintRecord> OnRecord(WuyiDbContext db, List<string> numbers) =>
        db.HotlineComplaints.Where(c => numbers.Contains(c.Number)); // PostgreSQL: = ANY(@numbers), one index probe each

    public abstract Task InsertAsync(IReadOnlyList<HotlineComplaintRecord> rows, CancellationToken ct);

    public abstract Task UpdateAsync(IReadOnlyList<HotlineComplaintRecord> rows, CancellationToken ct);

    private sealed class SqliteWriter(SqliteConnection connection, SqliteTransaction transaction) : ComplaintWriter
    {
        /// <summary>
        /// SQLite's planner may answer "Number IN (SELECT value FROM json_each(…))" by scanning the whole table, which for
        /// a million rows on record costs seconds a chunk; CROSS JOIN fixes the order: one primary-key probe per number.
        /// </summary>
        public override IQueryable<HotlineComplaintRecord> OnRecord(WuyiDbContext db, List<string> numbers) =>
            db.HotlineComplaints.FromSqlRaw(
                "SELECT h.* FROM json_each({0}) AS n CROSS JOIN \"HotlineComplaints\" AS h ON h.\"Number\" = n.value",
                System.Text.Json.JsonSerializer.Serialize(numbers));

        private SqliteCommand? _insert;
        private SqliteCommand? _update;

        public override Task InsertAsync(IReadOnlyList<HotlineComplaintRecord> rows, CancellationToken ct)
        {
            _insert ??= PrepareSqliteInsert(connection, transaction);
            foreach (var row in rows) RunSqlite(_insert, row);
            return Task.CompletedTask;
        }

        public override Task UpdateAsync(IReadOnlyList<HotlineComplaintRecord> rows, CancellationToken ct)
        {
            _update ??= Prepare("UPDATE \"HotlineComplaints\" SET \"CommunityCode\" = $c, \"ReceivedAtUtc\" = $r, \"EpidemicRelated\" = $e, " +
                                "\"ResponseDeadlineUtc\" = $d, \"RespondedAtUtc\" = $a, \"FollowUp\" = $f, \"ImportId\" = $imp WHERE \"Number\" = $n");
            foreach (var row in rows) RunSqlite(_update, row);
            return Task.CompletedTask;
        }

        private SqliteCommand Prepare(string sql) => PrepareSqlite(connection, transaction, sql);
    }

    /// <summary>The prepared INSERT of every column (also the import benchmark's raw baseline).</summary>
    public static SqliteCommand PrepareSqliteInsert(SqliteConnection connection, SqliteTransaction transaction) =>
        PrepareSqlite(connection, transaction, $"INSERT INTO \"HotlineComplaints\" ({Columns}) VALUES ($n, $c, $r, $e, $d, $a, $f, $i, $imp)");

    private static SqliteCommand PrepareSqlite(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in new[] { "$n", "$c", "$r", "$e", "$d", "$a", "$f", "$i", "$imp" })
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    /// <summary>Binds one row and runs the statement, with values as EF Core's SQLite provider stores them:
    /// instants as "yyyy-MM-dd HH:mm:ss.FFFFFFF" text, GUIDs as upper-case text.</summary>
    public static void RunSqlite(SqliteCommand command, HotlineComplaintRecord row)
    {
        var p = command.Parameters;
        p[0].Value = row.Number;
        p[1].Value = row.CommunityCode;
        p[2].Value = row.ReceivedAtUtc;
        p[3].Value = row.EpidemicRelated;
        p[4].Value = row.ResponseDeadlineUtc;
        p[5].Value = row.RespondedAtUtc is { } r ? r : DBNull.Value;
        p[6].Value = (int)row.FollowUp;
        p[7].Value = row.ImportedAtUtc;
        p[8].Value = row.ImportId is { } id ? id.ToString().ToUpperInvariant() : DBNull.Value;
        command.ExecuteNonQuery();
    }

    private sealed class PostgresWriter(NpgsqlConnection connection) : ComplaintWriter
    {
        public override async Task InsertAsync(IReadOnlyList<HotlineComplaintRecord> rows, CancellationToken ct)
        {
            await using var copy = await connection.BeginBinaryImportAsync($"COPY \"HotlineComplaints\" ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows) await CopyRowAsync(copy, row, ct);
            await copy.CompleteAsync(ct);
        }

        /// <summary>Changed rows go through a temporary table and one UPDATE … FROM.</summary>
        public override async Task UpdateAsync(IReadOnlyList<HotlineComplaintRecord> rows, CancellationToken ct)
        {
            if (rows.Count == 0) return;
            await using (var create = new NpgsqlCommand(
                "CREATE TEMP TABLE IF NOT EXISTS hotline_changed (LIKE \"HotlineComplaints\" INCLUDING DEFAULTS) ON COMMIT DROP; TRUNCATE hotline_changed", connection))
                await create.ExecuteNonQueryAsync(ct);
            await using (var copy = await connection.BeginBinaryImportAsync($"COPY hotline_changed ({Columns}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in rows) await CopyRowAsync(copy, row, ct);
                await copy.CompleteAsync(ct);
            }
            await using var update = new NpgsqlCommand(
                "UPDATE \"HotlineComplaints\" h SET \"CommunityCode\" = c.\"CommunityCode\", \"ReceivedAtUtc\" = c.\"ReceivedAtUtc\", " +
                "\"EpidemicRelated\" = c.\"EpidemicRelated\", \"ResponseDeadlineUtc\" = c.\"ResponseDeadlineUtc\", \"RespondedAtUtc\" = c.\"RespondedAtUtc\", " +
                "\"FollowUp\" = c.\"FollowUp\", \"ImportId\" = c.\"ImportId\" FROM hotline_changed c WHERE h.\"Number\" = c.\"Number\"", connection);
            await update.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>One row of a binary COPY of every column (also the import benchmark's raw baseline).</summary>
    public static async Task CopyRowAsync(NpgsqlBinaryImporter copy, HotlineComplaintRecord row, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(row.Number, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(row.CommunityCode, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(row.ReceivedAtUtc, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(row.EpidemicRelated, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(row.ResponseDeadlineUtc, NpgsqlDbType.TimestampTz, ct);
        if (row.RespondedAtUtc is { } r) await copy.WriteAsync(r, NpgsqlDbType.TimestampTz, ct);
        else await copy.WriteNullAsync(ct);
        await copy.WriteAsync((int)row.FollowUp, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(row.ImportedAtUtc, NpgsqlDbType.TimestampTz, ct);
        if (row.ImportId is { } id) await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
        else await copy.WriteNullAsync(ct);
    }
}
