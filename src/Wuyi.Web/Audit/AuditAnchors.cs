using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wuyi.Web.Data;

namespace Wuyi.Web.Audit;

/// <summary>
/// The chain's head anchored outside the database (链头锚定): one signed line per anchor — why, node, sequence number,
/// hash, time, and an HMAC-SHA256 with a key kept outside the database — appended to a file
/// (<c>Wuyi:Audit:AnchorPath</c>) at each backup, after each restore and on a schedule. Cutting the newest records off
/// leaves a shorter chain that is valid in itself; the anchors say how long it was. Someone with database access alone
/// cannot forge a line; a restore's line says from where the chain legitimately starts again (docs/decisions/0004).
/// </summary>
public sealed class AuditAnchors(AuditAnchors.Settings settings, TimeProvider time)
{
    public const string Scheduled = "scheduled";
    public const string AtBackup = "backup";
    public const string AtRestore = "restore";

    public sealed record Settings(string Path, string KeyPath, TimeSpan Interval);

    /// <summary>One line of the file: the head of the chain at a moment, signed.</summary>
    public sealed record Anchor(string Kind, string Node, long Sequence, string Hash, DateTime AtUtc, string Mac)
    {
        public string Describe() => $"{Kind} 锚点（{Node}，{Infrastructure.Display.Time(AtUtc)}）";
    }

    /// <summary>The anchors in force (from the latest restore on), or what is wrong with the file.</summary>
    public sealed record Reading(IReadOnlyList<Anchor> InForce, string? Problem);

    public Settings Configured => settings;

    public static Settings From(AuditOptions options, string contentRoot) => new(
        System.IO.Path.GetFullPath(options.AnchorPath, contentRoot),
        System.IO.Path.GetFullPath(options.AnchorKeyPath, contentRoot),
        TimeSpan.FromMinutes(options.AnchorMinutes));

    /// <summary>Anchors the head of the chain as the database holds it now.</summary>
    public async Task<Anchor> AnchorHeadAsync(WuyiDbContext db, string kind, CancellationToken ct = default)
    {
        var (sequence, hash) = await AuditTrail.HeadAsync(db, ct);
        return await AppendAsync(kind, sequence, hash, ct);
    }

    /// <summary>Appends one signed line, in one write, flushed to the disk: an anchor must outlive a crash.</summary>
    public async Task<Anchor> AppendAsync(string kind, long sequence, string hash, CancellationToken ct = default)
    {
        var key = await KeyAsync(create: true, ct) ?? throw new InvalidOperationException("审计锚点密钥不可用");
        var at = time.GetUtcNow().UtcDateTime;
        at = new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var anchor = new Anchor(kind, Environment.MachineName, sequence, hash, at, "");
        anchor = anchor with { Mac = Sign(key, anchor) };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(settings.Path)!);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(anchor, WuyiDbContext.Json) + "\n");
        // Append mode: every node's writes land at the end, one line at a time, never over another's.
        await using var file = new FileStream(settings.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        await file.WriteAsync(line, ct);
        file.Flush(flushToDisk: true);
        return anchor;
    }

    /// <summary>
    /// Reads every line and checks its signature. A line that does not read, or whose signature does not match, is
    /// reported (forged or changed); the anchors in force are the latest restore's line and all after it.
    /// </summary>
    public async Task<Reading> ReadAsync(CancellationToken ct = default)
    {
        if (!File.Exists(settings.Path)) return new Reading([], null);
        var lines = await File.ReadAllLinesAsync(settings.Path, ct);
        if (lines.All(string.IsNullOrWhiteSpace)) return new Reading([], null);
        var key = await KeyAsync(create: false, ct);
        if (key is null) return new Reading([], $"锚点文件 {settings.Path} 存在，但没有锚点密钥 {settings.KeyPath}：无法核对锚点签名");
        var anchors = new List<Anchor>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            Anchor? anchor;
            try
            {
                anchor = JsonSerializer.Deserialize<Anchor>(lines[i], WuyiDbContext.Json);
            }
            catch (JsonException)
            {
                anchor = null;
            }
            if (anchor is not { Kind: not null, Node: not null, Hash: not null, Mac: not null })
                return new Reading([], $"锚点文件第 {i + 1} 行无法读取（被改动或截断）");
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, anchor)), Encoding.ASCII.GetBytes(anchor.Mac)))
                return new Reading([], $"锚点文件第 {i + 1} 行签名不符（锚点被伪造或改动）");
            if (anchor.Kind == AtRestore) anchors.Clear(); // the chain was put back to this head on purpose
            anchors.Add(anchor);
        }
        return new Reading(anchors, null);
    }

    private static string Sign(byte[] key, Anchor a) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[]
    {
        a.Kind, a.Node, a.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        a.Hash, a.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
    }))));

    /// <summary>
    /// The key (32 random bytes, base64). Created on first use if missing — the demo makes its own; a deployment keeps a
    /// copy apart from the database and its backups. Written under a temporary name and renamed, so two nodes starting
    /// together end up with one key.
    /// </summary>
    private async Task<byte[]?> KeyAsync(bool create, CancellationToken ct)
    {
        if (!File.Exists(settings.KeyPath))
        {
            if (!create) return null;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(settings.KeyPath)!);
            var temporary = settings.KeyPath + "." + Guid.NewGuid().ToString("N");
            await File.WriteAllTextAsync(temporary, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try
            {
                File.Move(temporary, settings.KeyPath, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temporary); // another process made it first: use that one
            }
        }
        try
        {
            return Convert.FromBase64String((await File.ReadAllTextAsync(settings.KeyPath, ct)).Trim());
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"审计锚点密钥 {settings.KeyPath} 格式不对（应为 base64）");
        }
    }
}

/// <summary>Anchors the head every <c>Wuyi:Audit:AnchorMinutes</c> (default 10), when it moved since the last anchor this node wrote.</summary>
public sealed class AuditAnchoring(AuditAnchors anchors, IServiceScopeFactory scopes, TimeProvider time, ILogger<AuditAnchoring> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? anchored = null;
        try
        {
            using var timer = new PeriodicTimer(anchors.Configured.Interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
                    var (sequence, hash) = await AuditTrail.HeadAsync(db, stoppingToken);
                    if (sequence == anchored) continue;
                    await anchors.AppendAsync(AuditAnchors.Scheduled, sequence, hash, stoppingToken);
                    anchored = sequence;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "审计链头锚定失败，将于下一周期重试");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }
}
