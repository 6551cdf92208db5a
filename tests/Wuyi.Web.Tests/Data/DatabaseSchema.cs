using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Wuyi.Web.Tests.Data;

/// <summary>
/// A database's schema as its own catalog describes it: tables, columns (type, nullability, primary-key
/// position, default, generation), indexes (ordered columns, uniqueness) and foreign keys (columns,
/// referenced table and columns, delete and update actions); on PostgreSQL also the named constraints.
/// Reads SQLite's <c>sqlite_master</c> and pragmas, or PostgreSQL's <c>pg_catalog</c>. EF's migration
/// bookkeeping tables (migration history, and SQLite's migration lock) are left out. Two schemas are compared as sets of one-line <see cref="Facts"/>.
/// </summary>
public sealed partial class DatabaseSchema
{
    public const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>EF's own tables: the applied-migrations list, and the lock EF's SQLite migrator takes while migrating.</summary>
    public static readonly IReadOnlySet<string> EfTables = new HashSet<string>(StringComparer.Ordinal) { HistoryTable, "__EFMigrationsLock" };

    public sealed record Column(string Name, string Type, bool Nullable, int PrimaryKeyPosition, string? Default, string? Generation);

    public sealed record Index(string Name, IReadOnlyList<string> Columns, bool Unique, string Details);

    public sealed record ForeignKey(string? Name, IReadOnlyList<string> Columns, string PrincipalTable, IReadOnlyList<string> PrincipalColumns,
        string OnDelete, string OnUpdate);

    /// <summary>A named constraint other than a foreign key (PostgreSQL only: SQLite does not catalogue them).</summary>
    public sealed record Constraint(string Name, string Definition);

    public sealed class Table(string name)
    {
        public string Name { get; } = name;
        public List<Column> Columns { get; } = [];
        public List<Index> Indexes { get; } = [];
        public List<ForeignKey> ForeignKeys { get; } = [];
        public List<Constraint> Constraints { get; } = [];
    }

    private DatabaseSchema(IEnumerable<Table> tables) =>
        Tables = tables.Where(t => !EfTables.Contains(t.Name)).ToDictionary(t => t.Name, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Table> Tables { get; }

    /// <summary>The schema as sorted one-line statements, e.g. <c>column Divisions.Code: TEXT NOT NULL PK1</c>.</summary>
    public IReadOnlyList<string> Facts()
    {
        var facts = new List<string>();
        foreach (var t in Tables.Values)
        {
            facts.Add($"table {t.Name}");
            foreach (var c in t.Columns)
            {
                var line = new StringBuilder($"column {t.Name}.{c.Name}: {c.Type} {(c.Nullable ? "NULL" : "NOT NULL")}");
                if (c.PrimaryKeyPosition > 0) line.Append($" PK{c.PrimaryKeyPosition}");
                if (c.Default is not null) line.Append($" DEFAULT {c.Default}");
                if (c.Generation is not null) line.Append($" {c.Generation}");
                facts.Add(line.ToString());
            }
            foreach (var i in t.Indexes)
                facts.Add($"index {t.Name}.{i.Name}: {(i.Unique ? "UNIQUE " : "")}({string.Join(", ", i.Columns)}) {i.Details}".TrimEnd());
            foreach (var f in t.ForeignKeys)
                facts.Add($"foreign key {t.Name}({string.Join(", ", f.Columns)}) -> {f.PrincipalTable}({string.Join(", ", f.PrincipalColumns)}) " +
                          $"ON DELETE {f.OnDelete} ON UPDATE {f.OnUpdate}{(f.Name is null ? "" : $" [{f.Name}]")}");
            foreach (var k in t.Constraints)
                facts.Add($"constraint {t.Name}.{k.Name}: {k.Definition}");
        }
        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    /// <summary>The facts only one side has, as a readable report; empty when the schemas are the same.</summary>
    public static string Diff(DatabaseSchema left, string leftName, DatabaseSchema right, string rightName)
    {
        var l = left.Facts().ToHashSet(StringComparer.Ordinal);
        var r = right.Facts().ToHashSet(StringComparer.Ordinal);
        var onlyLeft = l.Except(r).Order(StringComparer.Ordinal).ToList();
        var onlyRight = r.Except(l).Order(StringComparer.Ordinal).ToList();
        if (onlyLeft.Count == 0 && onlyRight.Count == 0) return "";

        var report = new StringBuilder();
        report.AppendLine($"{onlyLeft.Count + onlyRight.Count} schema difference(s):");
        report.AppendLine($"  only in {leftName} ({onlyLeft.Count}):");
        foreach (var f in onlyLeft) report.AppendLine($"    - {f}");
        report.AppendLine($"  only in {rightName} ({onlyRight.Count}):");
        foreach (var f in onlyRight) report.AppendLine($"    + {f}");
        return report.ToString();
    }

    /// <summary>Reads the schema of the database the context is connected to.</summary>
    public static async Task<DatabaseSchema> ReadAsync(DbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            return db.Database.IsSqlite() ? await ReadSqliteAsync(connection)
                : db.Database.IsNpgsql() ? await ReadPostgresAsync(connection)
                : throw new NotSupportedException(db.Database.ProviderName);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // ---- SQLite: sqlite_master and the table-valued pragmas ----

    private static async Task<DatabaseSchema> ReadSqliteAsync(DbConnection connection)
    {
        var tables = await QueryAsync(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            r => (Name: r.GetString(0), Sql: r.GetString(1)));
        var result = new List<Table>();
        foreach (var (name, sql) in tables)
        {
            var table = new Table(name);
            var autoincrement = AutoincrementPattern().IsMatch(sql);
            table.Columns.AddRange(await QueryAsync(connection,
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($t)",
                r => new Column(r.GetString(0), r.GetString(1), r.GetInt64(2) == 0, (int)r.GetInt64(4),
                    r.IsDBNull(3) ? null : r.GetString(3), autoincrement && r.GetInt64(4) == 1 ? "AUTOINCREMENT" : null),
                ("$t", name)));

            var indexes = await QueryAsync(connection,
                "SELECT name, \"unique\", origin, partial FROM pragma_index_list($t)",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1) == 1, Origin: r.GetString(2), Partial: r.GetInt64(3) == 1),
                ("$t", name));
            foreach (var index in indexes)
            {
                var columns = await QueryAsync(connection,
                    "SELECT name, \"desc\", coll FROM pragma_index_xinfo($i) WHERE key = 1 ORDER BY seqno",
                    r => (r.IsDBNull(0) ? "<expression>" : r.GetString(0)) + (r.GetInt64(1) == 1 ? " DESC" : "") +
                         (r.GetString(2) is var coll && coll != "BINARY" ? $" COLLATE {coll}" : ""),
                    ("$i", index.Name));
                var details = $"origin={index.Origin}" + (index.Partial ? " partial" : "");
                table.Indexes.Add(new Index(index.Name, columns, index.Unique, details));
            }

            var fkRows = await QueryAsync(connection,
                "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list($t) ORDER BY id, seq",
                r => (Id: r.GetInt64(0), Table: r.GetString(2), From: r.GetString(3), To: r.IsDBNull(4) ? "<primary key>" : r.GetString(4),
                    OnUpdate: r.GetString(5), OnDelete: r.GetString(6)),
                ("$t", name));
            foreach (var fk in fkRows.GroupBy(f => f.Id))
            {
                var first = fk.First();
                table.ForeignKeys.Add(new ForeignKey(null, fk.Select(f => f.From).ToList(), first.Table, fk.Select(f => f.To).ToList(),
                    first.OnDelete, first.OnUpdate));
            }
            result.Add(table);
        }
        return new DatabaseSchema(result);
    }

    [GeneratedRegex(@"\bAUTOINCREMENT\b", RegexOptions.IgnoreCase)]
    private static partial Regex AutoincrementPattern();

    // ---- PostgreSQL: pg_catalog, in the connection's current schema ----

    private const string PgTablesOfSchema = """
        JOIN pg_class t ON t.oid = {0}
        JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
        """;

    /// <summary>The names of the columns numbered in <paramref name="keys"/>, in order; only the first <paramref name="count"/> if given.</summary>
    private static string ColumnNames(string keys, string relation, string? count = null) => $"""
        ARRAY(SELECT COALESCE(a.attname::text, '<expression>')
              FROM unnest({keys}::int2[]) WITH ORDINALITY AS k(attnum, ord)
              LEFT JOIN pg_attribute a ON a.attrelid = {relation} AND a.attnum = k.attnum
              {(count is null ? "" : $"WHERE k.ord <= {count}")}
              ORDER BY k.ord)
        """;

    private static async Task<DatabaseSchema> ReadPostgresAsync(DbConnection connection)
    {
        var tables = (await QueryAsync(connection, $"""
                SELECT t.relname::text FROM pg_class x
                {string.Format(PgTablesOfSchema, "x.oid")}
                WHERE x.relkind IN ('r', 'p') ORDER BY 1
                """, r => new Table(r.GetString(0))))
            .ToDictionary(t => t.Name, StringComparer.Ordinal);

        foreach (var (table, column) in await QueryAsync(connection, $"""
                     SELECT t.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                            pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text,
                            COALESCE(array_position(pk.conkey, a.attnum), 0)
                     FROM pg_attribute a
                     {string.Format(PgTablesOfSchema, "a.attrelid")}
                     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                     LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
                     WHERE t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                     """,
                     r => (r.GetString(0), new Column(r.GetString(1), r.GetString(2), !r.GetBoolean(3), r.GetInt32(7),
                         r.IsDBNull(4) ? null : r.GetString(4), PgGeneration(r.GetString(5), r.GetString(6))))))
            tables[table].Columns.Add(column);

        foreach (var (table, index) in await QueryAsync(connection, $"""
                     SELECT t.relname::text, i.relname::text, x.indisunique,
                            {ColumnNames("x.indkey", "x.indrelid", "x.indnkeyatts")},
                            pg_get_indexdef(x.indexrelid)
                     FROM pg_index x
                     JOIN pg_class i ON i.oid = x.indexrelid
                     {string.Format(PgTablesOfSchema, "x.indrelid")}
                     """,
                     r => (r.GetString(0), new Index(r.GetString(1), r.GetFieldValue<string[]>(3), r.GetBoolean(2), IndexDetails(r.GetString(4))))))
            tables[table].Indexes.Add(index);

        foreach (var (table, fk) in await QueryAsync(connection, $"""
                     SELECT t.relname::text, c.conname::text, {ColumnNames("c.conkey", "c.conrelid")},
                            p.relname::text, {ColumnNames("c.confkey", "c.confrelid")},
                            c.confdeltype::text, c.confupdtype::text, c.condeferrable
                     FROM pg_constraint c
                     {string.Format(PgTablesOfSchema, "c.conrelid")}
                     JOIN pg_class p ON p.oid = c.confrelid
                     WHERE c.contype = 'f'
                     """,
                     r => (r.GetString(0), new ForeignKey(r.GetString(1), r.GetFieldValue<string[]>(2), r.GetString(3), r.GetFieldValue<string[]>(4),
                         PgAction(r.GetString(5)) + (r.GetBoolean(7) ? " DEFERRABLE" : ""), PgAction(r.GetString(6))))))
            tables[table].ForeignKeys.Add(fk);

        foreach (var (table, constraint) in await QueryAsync(connection, $"""
                     SELECT t.relname::text, c.conname::text, pg_get_constraintdef(c.oid)
                     FROM pg_constraint c
                     {string.Format(PgTablesOfSchema, "c.conrelid")}
                     WHERE c.contype <> 'f'
                     """,
                     r => (r.GetString(0), new Constraint(r.GetString(1), r.GetString(2)))))
            tables[table].Constraints.Add(constraint);

        return new DatabaseSchema(tables.Values);
    }

    private static string? PgGeneration(string identity, string generated) => (identity, generated) switch
    {
        ("a", _) => "GENERATED ALWAYS AS IDENTITY",
        ("d", _) => "GENERATED BY DEFAULT AS IDENTITY",
        (_, "s") => "GENERATED ALWAYS AS (...) STORED",
        (_, "v") => "GENERATED ALWAYS AS (...) VIRTUAL",
        _ => null,
    };

    private static string PgAction(string code) => code switch
    {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => $"<{code}>",
    };

    /// <summary>From <c>CREATE UNIQUE INDEX "IX" ON public."T" USING btree ("C")</c>, the part from USING on.</summary>
    private static string IndexDetails(string definition)
    {
        var at = definition.IndexOf(" USING ", StringComparison.Ordinal);
        return at < 0 ? definition : definition[(at + 1)..];
    }

    // ---- plumbing ----

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }
}
