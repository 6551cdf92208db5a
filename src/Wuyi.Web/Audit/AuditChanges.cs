using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Wuyi.Domain.Common;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.PublicSite;

namespace Wuyi.Web.Audit;

/// <summary>
/// The entity changes one request saved, with their values before and after. Changes saved inside a transaction count
/// only once it commits (a rolled-back import leaves nothing here). When the request can describe itself
/// (<paramref name="describe"/>, given by <see cref="AuditMiddleware"/>), the changes of each transaction are sealed into
/// an audit record inside that transaction, just before it commits: no change without its record (docs/decisions/0004).
/// </summary>
public sealed class AuditChanges(Func<IReadOnlyList<AuditChanges.Change>, AuditRecord>? describe = null)
{
    private static readonly AsyncLocal<AuditChanges?> Ambient = new();

    /// <summary>The collector of the request being served (set by <see cref="AuditMiddleware"/>), or null outside one.</summary>
    public static AuditChanges? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    // Chinese stays readable in the trail and its export.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    private const int MaxDetailed = 50; // a bulk import keeps counts, not every row
    private List<(EntityEntry Entry, EntityState State, JsonObject? Before, JsonObject? After)> _saving = [];
    private readonly List<Change> _pending = [];
    private readonly List<Change> _committed = [];
    private bool _sealing; // the open transaction's record is in it, waiting for the commit

    /// <summary>Committed changes that no record sealed yet (the middleware's record carries them).</summary>
    public IReadOnlyList<Change> Committed => _committed;

    /// <summary>How many of the request's transactions committed with their audit record sealed in them.</summary>
    public int Sealed { get; private set; }

    public sealed record Change(string Entity, string? Key, string State, JsonObject? Before, JsonObject? After);

    /// <summary>The committed changes not yet on record, as JSON.</summary>
    public string? ToJson() => ToJson(_committed);

    /// <summary>Changes as JSON: the first ones in full, then a count per entity and state.</summary>
    public static string? ToJson(IReadOnlyList<Change> changes)
    {
        if (changes.Count == 0) return null;
        var detailed = changes.Take(MaxDetailed).Select(c => new JsonObject
        {
            ["entity"] = c.Entity,
            ["key"] = c.Key,
            ["state"] = c.State,
            ["before"] = c.Before?.DeepClone(),
            ["after"] = c.After?.DeepClone(),
        });
        var root = new JsonObject { ["changes"] = new JsonArray([.. detailed]) };
        if (changes.Count > MaxDetailed)
        {
            var more = new JsonObject();
            foreach (var g in changes.Skip(MaxDetailed).GroupBy(c => $"{c.Entity} {c.State}"))
                more[g.Key] = g.Count();
            root["more"] = more;
        }
        return root.ToJsonString(Readable);
    }

    /// <summary>
    /// Whether saving this context would commit changes that a record must be sealed with: the caller then gives the save a
    /// transaction (see <see cref="WuyiDbContext"/>), since a save that commits by itself has no moment to seal in.
    /// </summary>
    public bool SealsWith(DbContext db) =>
        describe is not null && db.ChangeTracker.Entries().Any(e => (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) && !Ignored(e.Metadata.ClrType));

    /// <summary>The record of the open transaction's changes, to be appended in it just before it commits; null if none.</summary>
    internal AuditRecord? Seal()
    {
        if (describe is null || _pending.Count == 0 || _sealing) return null;
        _sealing = true;
        return describe(_pending);
    }

    internal void Saving(DbContext db)
    {
        _saving = [];
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || Ignored(e.Metadata.ClrType)) continue;
            JsonObject? before = null, after = null;
            foreach (var p in e.Properties)
            {
                var name = p.Metadata.Name;
                var changed = e.State != EntityState.Modified || p.IsModified;
                if (!changed) continue;
                if (e.State != EntityState.Added) (before ??= [])[name] = Value(name, p.OriginalValue);
                if (e.State != EntityState.Deleted) (after ??= [])[name] = Value(name, p.CurrentValue);
            }
            if (e.State == EntityState.Modified && before is null) continue; // nothing but navigations
            _saving.Add((e, e.State, before, after));
        }
    }

    internal void Saved(DbContext db)
    {
        var saved = _saving.Select(s => new Change(s.Entry.Metadata.ClrType.Name, Key(s.Entry), s.State.ToString(), s.Before, s.After));
        (db.Database.CurrentTransaction is null ? _committed : _pending).AddRange(saved);
        _saving = [];
    }

    internal void Failed() => _saving = [];

    internal void TransactionEnded(bool committed)
    {
        if (committed && _sealing) Sealed++;
        else if (committed) _committed.AddRange(_pending);
        _pending.Clear();
        _sealing = false;
    }

    private static string? Key(EntityEntry e) =>
        e.Metadata.FindPrimaryKey() is { } pk ? string.Join("|", pk.Properties.Select(p => Convert.ToString(e.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture))) : null;

    // Secrets never enter the trail: only the fact that they changed. A resident's phone (群众监督) is read only by the officials
    // in scope, never by the audit administrators.
    private static readonly HashSet<string> Secret = [nameof(User.PasswordHash), nameof(User.SecurityStamp), nameof(User.ConcurrencyStamp),
        nameof(Domain.ResidentReports.ResidentReport.Contact)];

    private static bool Ignored(Type type) =>
        type == typeof(AuditRecord) || type == typeof(DataProtectionKey) || type == typeof(PublicListStamp) || type == typeof(IdentityUserToken<string>);

    /// <summary>The longest text kept whole in the trail; a longer one (a long note, a scale file) keeps its beginning.</summary>
    public const int MaxTextLength = 200;

    /// <summary>
    /// A text as the trail keeps it: whole up to <see cref="MaxTextLength"/>, else its beginning, its length and its SHA-256,
    /// which still prove what was written without copying megabytes into every record and export.
    /// </summary>
    public static string Excerpt(string text)
    {
        if (text.Length <= MaxTextLength) return text;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        return $"{TextLimits.Fit(text, MaxTextLength)}（共 {text.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} 字，SHA-256 {hash}）";
    }

    private static JsonNode? Value(string property, object? value)
    {
        if (Secret.Contains(property)) return value is null ? null : JsonValue.Create("（已隐去）");
        if (value is null) return null;
        if (value is string text) return JsonValue.Create(Excerpt(text));
        try
        {
            return JsonSerializer.SerializeToNode(value, WuyiDbContext.Json);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return JsonValue.Create(value.ToString());
        }
    }
}

/// <summary>Feeds <see cref="AuditChanges.Current"/> from every save and transaction of any context in the request.</summary>
public sealed class AuditChangeInterceptor : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public static readonly AuditChangeInterceptor Instance = new(); // stateless: the state is the request's collector

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db) AuditChanges.Current?.Saving(db);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) AuditChanges.Current?.Saving(db);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db) AuditChanges.Current?.Saved(db);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) AuditChanges.Current?.Saved(db);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => AuditChanges.Current?.Failed();

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AuditChanges.Current?.Failed();
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback leaves nothing behind for the next one.
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        AuditChanges.Current?.TransactionEnded(false);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        AuditChanges.Current?.TransactionEnded(false);
        return ValueTask.FromResult(result);
    }

    // The record goes into the transaction it describes, as its last write: the chain lock is held only up to the commit.
    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is WuyiDbContext db && AuditChanges.Current?.Seal() is { } record)
            AuditTrail.AppendWithinAsync(db, record, CancellationToken.None).GetAwaiter().GetResult(); // no request commits synchronously; kept for completeness
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is WuyiDbContext db && AuditChanges.Current?.Seal() is { } record)
            await AuditTrail.AppendWithinAsync(db, record, cancellationToken);
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => AuditChanges.Current?.TransactionEnded(true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AuditChanges.Current?.TransactionEnded(true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => AuditChanges.Current?.TransactionEnded(false);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AuditChanges.Current?.TransactionEnded(false);
        return Task.CompletedTask;
    }
}
