using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Wuyi.Web.Data;

namespace Wuyi.Web.Administration;

/// <summary>What a backup folder holds, written last as <c>manifest.json</c>: restore checks everything against it.</summary>
public sealed record BackupManifest(
    int Format,
    DateTimeOffset CreatedAtUtc,
    string Provider,
    string? MigrationId,
    SortedDictionary<string, long> RowCounts,
    SortedDictionary<string, string> Files,
    string KeyRing)
{
    public const int CurrentFormat = 1;
    public const string FileName = "manifest.json";
}

/// <summary>
/// Backup and restore of the database and the uploaded files (命令 <c>backup</c> / <c>restore</c>).
/// SQLite: the online backup API, consistent while the app runs. PostgreSQL: <c>pg_dump</c> (custom format)
/// inside an exported snapshot, so the row counts in the manifest are those of the dump; <c>pg_restore</c> back.
/// The data-protection key ring is a table of the database, encrypted to a certificate that is not in the backup: sign-ins
/// and tokens survive a restore only where the same certificate is configured (the manifest and the restore say so).
/// </summary>
public sealed class Backup(WuyiDbContext db, DatabaseProvider provider, string uploadsFolder, TimeProvider time, string? postgresBin,
    IConfiguration config, string contentRoot, Audit.AuditAnchors? anchors = null)
{
    private const string SqliteFile = "database/wuyi.db";
    private const string PostgresFile = "database/wuyi.dump";
    private const string UploadsPrefix = "uploads/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All), // Chinese stays readable
    };

    private string ConnectionString => db.Database.GetConnectionString() ?? throw new InvalidOperationException("没有配置数据库连接");

    public async Task<BackupManifest> BackupAsync(string folder, CancellationToken ct = default)
    {
        folder = Path.GetFullPath(folder);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new InvalidOperationException($"备份目录 {folder} 不是空的：请指定一个新目录");
        Directory.CreateDirectory(Path.Combine(folder, "database"));

        string? migration;
        SortedDictionary<string, long> counts;
        (long Sequence, string Hash)? auditHead;
        if (provider == DatabaseProvider.Sqlite)
        {
            var copy = Path.Combine(folder, SqliteFile);
            await using (var source = new SqliteConnection(ConnectionString))
            await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
            {
                await source.OpenAsync(ct);
                await target.OpenAsync(ct);
                source.BackupDatabase(target); // one step: a consistent copy even while the app writes
                await Scalar(target, "PRAGMA journal_mode=DELETE", ct); // one self-contained file, no -wal beside it
            }
            // Counted in the copy itself, so the manifest describes exactly what was saved.
            await using var saved = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            await saved.OpenAsync(ct);
            (migration, counts) = await DescribeAsync(saved, ct);
            auditHead = await AuditHeadAsync(saved, ct);
        }
        else
        {
            // Counts and dump read the same snapshot: the transaction that exported it stays open until pg_dump ends.
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            var snapshot = (string)(await Scalar(connection, "SELECT pg_export_snapshot()", ct))!;
            (migration, counts) = await DescribeAsync(connection, ct);
            auditHead = await AuditHeadAsync(connection, ct);
            await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", $"--file={Path.Combine(folder, PostgresFile)}"], ct);
            await tx.CommitAsync(ct);
        }

        // After the database, so every file a saved row points at is already there (uploads are only ever added).
        if (Directory.Exists(uploadsFolder))
            CopyFolder(uploadsFolder, Path.Combine(folder, "uploads"));

        var manifest = new BackupManifest(BackupManifest.CurrentFormat, time.GetUtcNow(), provider.ToString(), migration, counts, HashFiles(folder),
            Accounts.KeyRingCertificate.BackupNote(config, contentRoot));
        await File.WriteAllTextAsync(Path.Combine(folder, BackupManifest.FileName), JsonSerializer.Serialize(manifest, Json), ct);
        // The head the backup holds, anchored outside the database: a later cut of the newest records is found against it.
        if (anchors is not null && auditHead is { } head) await anchors.AppendAsync(Audit.AuditAnchors.AtBackup, head.Sequence, head.Hash, ct);
        return manifest;
    }

    public async Task<BackupManifest> RestoreAsync(string folder, bool force, CancellationToken ct = default)
    {
        folder = Path.GetFullPath(folder);
        var manifest = await CheckAsync(folder, ct);

        var occupied = await DatabaseHoldsTablesAsync(ct);
        var uploadsHoldFiles = Directory.Exists(uploadsFolder) && Directory.EnumerateFiles(uploadsFolder, "*", SearchOption.AllDirectories).Any();
        if ((occupied || uploadsHoldFiles) && !force)
            throw new InvalidOperationException((occupied ? "目标数据库不是空的" : "上传文件目录不是空的") + "：恢复会覆盖现有数据。确认要覆盖请加 --force");

        if (provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, SqliteFile), Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            await using var target = new SqliteConnection(ConnectionString);
            await source.OpenAsync(ct);
            await target.OpenAsync(ct);
            source.BackupDatabase(target); // replaces every page of the target
            await Scalar(target, "PRAGMA journal_mode=WAL", ct); // as EF creates the app's database
        }
        else
        {
            if (occupied) await EmptyPostgresAsync(ct);
            await RunAsync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", $"--dbname={PostgresDatabase()}", Path.Combine(folder, PostgresFile)], ct);
        }
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();

        if (Directory.Exists(uploadsFolder)) Directory.Delete(uploadsFolder, recursive: true);
        if (Directory.Exists(Path.Combine(folder, "uploads"))) CopyFolder(Path.Combine(folder, "uploads"), uploadsFolder);

        await VerifyRestoredAsync(manifest, ct);
        // The hashes prove the backup is the one taken; the audit chain proves nobody rewrote the record before it was.
        var chain = await Audit.AuditTrail.VerifyAsync(db, ct: ct);
        if (!chain.Intact) throw new InvalidDataException($"恢复的数据中审计链不完整：{chain.Describe()}");
        // The chain is back at the backup's head on purpose: anchors written after the backup no longer apply.
        if (anchors is not null) await anchors.AnchorHeadAsync(db, Audit.AuditAnchors.AtRestore, ct);
        return manifest;
    }

    /// <summary>The manifest reads, is for this database and this app, and every file is there, unchanged, and listed.</summary>
    public async Task<BackupManifest> CheckAsync(string folder, CancellationToken ct = default)
    {
        var path = Path.Combine(folder, BackupManifest.FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{folder} 中没有 {BackupManifest.FileName}：不是本系统的备份");
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(path, ct), Json);
        }
        catch (JsonException)
        {
            manifest = null;
        }
        if (manifest is not { Format: BackupManifest.CurrentFormat, RowCounts: not null, Files: not null, Provider: not null })
            throw new InvalidDataException("备份清单（manifest.json）损坏或格式不对，拒绝恢复");
        if (!string.Equals(manifest.Provider, provider.ToString(), StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"这是 {manifest.Provider} 数据库的备份，当前配置的是 {provider}：请用相同类型的数据库恢复");
        if (manifest.MigrationId is { } id && !db.Database.GetMigrations().Contains(id))
            throw new InvalidDataException($"备份的数据库结构版本 {id} 比本程序新：请用更新版本的程序恢复");
        var databaseFile = provider == DatabaseProvider.Sqlite ? SqliteFile : PostgresFile;
        if (!manifest.Files.ContainsKey(databaseFile))
            throw new InvalidDataException("备份清单中没有数据库文件，拒绝恢复");

        var actual = HashFiles(folder);
        var problems = manifest.Files.Where(f => !actual.TryGetValue(f.Key, out var h) || h != f.Value).Select(f => f.Key)
            .Concat(actual.Keys.Where(k => !manifest.Files.ContainsKey(k)))
            .ToList();
        if (problems.Count > 0)
            throw new InvalidDataException($"备份文件与清单不符（缺失、被改动或多出）：{string.Join("、", problems.Take(10))}，拒绝恢复");
        return manifest;
    }

    private async Task VerifyRestoredAsync(BackupManifest manifest, CancellationToken ct)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        var (migration, counts) = await DescribeAsync(connection, ct);
        var wrong = manifest.RowCounts.Keys.Union(counts.Keys)
            .Where(t => manifest.RowCounts.GetValueOrDefault(t, -1) != counts.GetValueOrDefault(t, -1))
            .Select(t => $"{t}（清单 {manifest.RowCounts.GetValueOrDefault(t, -1)}，恢复后 {counts.GetValueOrDefault(t, -1)}）")
            .ToList();
        if (migration != manifest.MigrationId) wrong.Add($"结构版本（清单 {manifest.MigrationId}，恢复后 {migration}）");
        var restoredFiles = Directory.Exists(uploadsFolder) ? HashFiles(uploadsFolder, except: null) : [];
        var expectedFiles = manifest.Files.Where(f => f.Key.StartsWith(UploadsPrefix, StringComparison.Ordinal)).ToDictionary(f => f.Key[UploadsPrefix.Length..], f => f.Value);
        wrong.AddRange(expectedFiles.Where(f => restoredFiles.GetValueOrDefault(f.Key) != f.Value).Select(f => UploadsPrefix + f.Key));
        if (wrong.Count > 0)
            throw new InvalidDataException($"恢复后核对不符：{string.Join("、", wrong.Take(10))}");
    }

    private DbConnection Connect() => provider == DatabaseProvider.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);

    private async Task<bool> DatabaseHoldsTablesAsync(CancellationToken ct)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        return (await TablesAsync(connection, ct)).Count > 0;
    }

    private static async Task<List<string>> TablesAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = connection is SqliteConnection
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        return tables;
    }

    /// <summary>The latest migration and the rows of every table, as the connection sees them.</summary>
    private static async Task<(string? Migration, SortedDictionary<string, long> Counts)> DescribeAsync(DbConnection connection, CancellationToken ct)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var tables = await TablesAsync(connection, ct);
        foreach (var table in tables)
            counts[table] = Convert.ToInt64(await Scalar(connection, $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"")}\"", ct));
        var migration = tables.Contains("__EFMigrationsHistory")
            ? (string?)await Scalar(connection, "SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\"", ct)
            : null;
        return (migration, counts);
    }

    /// <summary>The newest audit record's sequence number and hash in what was saved (none before the first migration).</summary>
    private static async Task<(long Sequence, string Hash)?> AuditHeadAsync(DbConnection connection, CancellationToken ct)
    {
        if (!(await TablesAsync(connection, ct)).Contains("AuditRecords")) return null;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Sequence\", \"Hash\" FROM \"AuditRecords\" ORDER BY \"Sequence\" DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (0, Audit.AuditRecord.Genesis);
    }

    private static async Task<object?> Scalar(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    /// <summary>Before <c>--force</c> restores over a database: drop everything, so no table of a newer schema is left behind.</summary>
    private async Task EmptyPostgresAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await Scalar(connection, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", ct);
    }

    private string PostgresDatabase() => new NpgsqlConnectionStringBuilder(ConnectionString).Database
        ?? throw new InvalidOperationException("PostgreSQL 连接字符串中没有 Database");

    /// <summary>Runs pg_dump or pg_restore; the connection goes in libpq's environment variables, never on the command line.</summary>
    private async Task RunAsync(string program, string[] arguments, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(ConnectionString);
        var start = new ProcessStartInfo(PostgresProgram(program)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["PGHOST"] = cs.Host;
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = cs.Username;
        start.Environment["PGDATABASE"] = cs.Database;
        if (cs.Password is { } password) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"无法启动 {program}");
        var errors = process.StandardError.ReadToEndAsync(ct);
        _ = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} 失败（退出码 {process.ExitCode}）：{(await errors).Trim()}");
    }

    /// <summary><c>Wuyi:PostgresBin</c>, else the newest Debian server folder (like scripts/postgres.sh), else the PATH.</summary>
    private string PostgresProgram(string program)
    {
        if (postgresBin is { Length: > 0 } bin) return Path.Combine(bin, program);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin", program))
                .Where(File.Exists)
                .OrderBy(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .LastOrDefault()
            : null;
        return debian ?? program;
    }

    /// <summary>SHA-256 of every file below <paramref name="folder"/> (but the manifest), by relative path with '/'.</summary>
    private static SortedDictionary<string, string> HashFiles(string folder, string? except = BackupManifest.FileName)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (name == except) continue;
            using var stream = File.OpenRead(file);
            hashes[name] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        return hashes;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
