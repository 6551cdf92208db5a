using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Web.Accounts;
using Wuyi.Web.Audit;
using Wuyi.Web.Divisions;
using Wuyi.Web.Hotline;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Data;

/// <summary>
/// The one database context. The schema is created and upgraded only by the hand-written migrations in
/// <c>Data/Migrations</c>; <c>MigrationSchemaTests</c> proves they build exactly this model on both databases.
/// </summary>
public sealed class WuyiDbContext(DbContextOptions<WuyiDbContext> options) : IdentityDbContext<User>(options)
{
    public DbSet<Division> Divisions => Set<Division>();
    public DbSet<ScaleVersionRecord> ScaleVersions => Set<ScaleVersionRecord>();
    public DbSet<PassMarkChange> PassMarkChanges => Set<PassMarkChange>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ApplicationTransition> ApplicationTransitions => Set<ApplicationTransition>();
    public DbSet<PublicationBatch> PublicationBatches => Set<PublicationBatch>();
    public DbSet<Certification> Certifications => Set<Certification>();
    public DbSet<HotlineComplaintRecord> HotlineComplaints => Set<HotlineComplaintRecord>();
    public DbSet<HotlineImport> HotlineImports => Set<HotlineImport>();
    public DbSet<Veto> Vetoes => Set<Veto>();
    public DbSet<RectificationTask> RectificationTasks => Set<RectificationTask>();
    public DbSet<ReEvaluation> ReEvaluations => Set<ReEvaluation>();
    public DbSet<ProgrammeEvent> ProgrammeEvents => Set<ProgrammeEvent>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<Domain.Appeals.Appeal> Appeals => Set<Domain.Appeals.Appeal>();
    public DbSet<PublicListStamp> PublicListStamps => Set<PublicListStamp>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<TokenFamily> TokenFamilies => Set<TokenFamily>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<Uploads.EvidenceFile> EvidenceFiles => Set<Uploads.EvidenceFile>();
    public DbSet<Dashboards.DashboardFigure> DashboardFigures => Set<Dashboards.DashboardFigure>();
    public DbSet<OpenDataSnapshot> OpenDataSnapshots => Set<OpenDataSnapshot>();
    public DbSet<DutyRosters.DutyShiftRecord> DutyShifts => Set<DutyRosters.DutyShiftRecord>();
    public DbSet<DutyRosters.DutyRosterUpload> DutyRosterUploads => Set<DutyRosters.DutyRosterUpload>();
    public DbSet<Domain.ResidentReports.ResidentReport> ResidentReports => Set<Domain.ResidentReports.ResidentReport>();
    public DbSet<global::Wuyi.Web.Notifications.Notification> Notifications => Set<global::Wuyi.Web.Notifications.Notification>();
    public DbSet<global::Wuyi.Web.Notifications.NotificationDelivery> NotificationDeliveries => Set<global::Wuyi.Web.Notifications.NotificationDelivery>();
    public DbSet<Domain.Supervision.Inspection> Inspections => Set<Domain.Supervision.Inspection>();

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Every instant is stored in UTC; SQLite hands DateTime back unspecified, so say what it is.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<User>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.DivisionCode).HasMaxLength(12);
            e.Property(u => u.MustChangePassword).HasDefaultValue(false); // added to a table with rows (migration 7)
            e.HasIndex(u => u.DivisionCode);
        });

        b.Entity<Division>(e =>
        {
            e.HasKey(d => d.Code);
            e.Property(d => d.Code).HasMaxLength(12);
            e.Property(d => d.ParentCode).HasMaxLength(12);
            e.Property(d => d.Name).HasMaxLength(100);
            e.HasIndex(d => d.ParentCode);
            e.HasIndex(d => new { d.Level, d.Code });
        });

        b.Entity<ScaleVersionRecord>(e =>
        {
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasMaxLength(64);
            e.Property(s => s.Name).HasMaxLength(200);
        });

        b.Entity<PassMarkChange>(e =>
        {
            e.Property(p => p.ScaleVersionId).HasMaxLength(64);
            e.Property(p => p.Value).HasPrecision(5, 1);
            e.Property(p => p.SetByUserId).HasMaxLength(450);
            e.Property(p => p.SetByName).HasMaxLength(100);
            e.Property(p => p.Reason).HasMaxLength(2000);
            e.HasIndex(p => new { p.ScaleVersionId, p.EffectiveFrom }).IsUnique();
            e.HasOne<ScaleVersionRecord>().WithMany().HasForeignKey(p => p.ScaleVersionId).OnDelete(DeleteBehavior.Restrict);
        });

        var scores = new ValueConverter<IReadOnlyDictionary<string, decimal>, string>(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<Dictionary<string, decimal>>(v, Json) ?? new Dictionary<string, decimal>());
        var scoresComparer = new ValueComparer<IReadOnlyDictionary<string, decimal>>(
            (a, c) => a != null && c != null && a.Count == c.Count && a.All(kv => c.ContainsKey(kv.Key) && c[kv.Key] == kv.Value),
            v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
            v => new Dictionary<string, decimal>(v));
        var texts = new ValueConverter<IReadOnlyDictionary<string, string>, string>(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, Json) ?? new Dictionary<string, string>());
        var textsComparer = new ValueComparer<IReadOnlyDictionary<string, string>>(
            (a, c) => a != null && c != null && a.Count == c.Count && a.All(kv => c.ContainsKey(kv.Key) && c[kv.Key] == kv.Value),
            v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
            v => new Dictionary<string, string>(v));

        b.Entity<Application>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).ValueGeneratedNever(); // the domain assigns ids (Guid v7)
            // Nullable in the database only because SQLite cannot add a NOT NULL column to a referenced table (see the migration).
            e.Property(a => a.CaseNumber).HasMaxLength(CaseNumber.MaxLength).IsRequired(false);
            e.HasIndex(a => a.CaseNumber).IsUnique(); // 办件编号: the allocator retries on a taken one
            e.Property(a => a.CommunityCode).HasMaxLength(12);
            e.Property(a => a.StreetCode).HasMaxLength(9);
            e.Property(a => a.DistrictCode).HasMaxLength(6);
            e.Property(a => a.ScaleVersionId).HasMaxLength(64);
            e.Property(a => a.OpenForCommunity).HasMaxLength(12);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.Property(a => a.SelfScores).HasConversion(scores, scoresComparer);
            e.Property(a => a.DistrictScores).HasConversion(scores, scoresComparer);
            e.Property(a => a.SelfNote).HasMaxLength(2000);
            e.Property(a => a.DistrictFindings).HasMaxLength(4000);
            // 评定意见 by indicator, as JSON; the default only because it was added to a table with rows (migration 16).
            e.Property(a => a.DistrictIndicatorFindings).HasConversion(texts, textsComparer).HasDefaultValueSql("'{}'");
            e.HasIndex(a => a.OpenForCommunity).IsUnique(); // one open application per community
            e.HasIndex(a => a.SuspendedByVetoId);
            e.HasIndex(a => new { a.CommunityCode, a.CreatedAtUtc });
            e.HasIndex(a => new { a.State, a.CommunityCode, a.UpdatedAtUtc }); // covers 积压与逾期: the queues and their oldest wait
            e.HasMany(a => a.History).WithOne().HasForeignKey(t => t.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.Navigation(a => a.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.HasOne<Division>().WithMany().HasForeignKey(a => a.CommunityCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ScaleVersionRecord>().WithMany().HasForeignKey(a => a.ScaleVersionId).OnDelete(DeleteBehavior.Restrict);
        });

        var explanation = new ValueConverter<Explanation?, string?>(
            v => v == null ? null : JsonSerializer.Serialize(v, Json),
            v => v == null ? null : JsonSerializer.Deserialize<Explanation>(v, Json));

        b.Entity<ApplicationTransition>(e =>
        {
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever(); // set by the domain: a new row in History is an insert
            e.Property(t => t.ActorUserId).HasMaxLength(450);
            e.Property(t => t.ActorName).HasMaxLength(100);
            e.Property(t => t.ActorDivisionCode).HasMaxLength(12);
            e.Property(t => t.Comment).HasMaxLength(2000);
            e.Property(t => t.Explanation).HasConversion(explanation);
            e.HasIndex(t => new { t.ApplicationId, t.Sequence }).IsUnique();
        });

        b.Entity<PublicationBatch>(e =>
        {
            e.HasKey(p => p.Number);
            e.Property(p => p.Number).ValueGeneratedNever();
            e.Property(p => p.Title).HasMaxLength(200);
            e.Property(p => p.PublishedByUserId).HasMaxLength(450);
            e.Property(p => p.PublishedByName).HasMaxLength(100);
        });

        b.Entity<Certification>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
            // 证书编号 (decision 0012). Nullable in the database only because SQLite cannot add a NOT NULL column to a referenced table (see the migration).
            e.Property(c => c.Number).HasMaxLength(CertificateNumber.MaxLength).IsRequired(false);
            e.HasIndex(c => c.Number).IsUnique();
            e.Property(c => c.CommunityCode).HasMaxLength(12);
            // Two revocations (or restorations) racing: the later one finds the title already changed and gets a 409.
            e.Property(c => c.ActiveForCommunity).HasMaxLength(12).IsConcurrencyToken();
            e.Property(c => c.RevocationReason).HasMaxLength(2000);
            e.Ignore(c => c.IsActive);
            e.HasIndex(c => c.RevokedByVetoId);
            e.HasIndex(c => c.ActiveForCommunity).IsUnique(); // one standing title per community
            e.HasIndex(c => c.CommunityCode);
            e.HasIndex(c => c.BatchNumber);
            e.HasOne<PublicationBatch>().WithMany().HasForeignKey(c => c.BatchNumber).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Division>().WithMany().HasForeignKey(c => c.CommunityCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Application>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<HotlineComplaintRecord>(e =>
        {
            e.HasKey(c => c.Number);
            e.Property(c => c.Number).HasMaxLength(64);
            e.Property(c => c.CommunityCode).HasMaxLength(12);
            e.HasIndex(c => new { c.CommunityCode, c.ReceivedAtUtc });
            e.HasOne<Division>().WithMany().HasForeignKey(c => c.CommunityCode).OnDelete(DeleteBehavior.Restrict);
            // ImportId points at the import that last wrote the row; no foreign key, so a bulk load checks one constraint less per row.
        });

        b.Entity<HotlineImport>(e =>
        {
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).ValueGeneratedNever();
            e.Property(i => i.ActorUserId).HasMaxLength(450);
            e.Property(i => i.ActorName).HasMaxLength(100);
            e.Property(i => i.ActorDivisionCode).HasMaxLength(12);
            e.Property(i => i.FileName).HasMaxLength(260);
            e.Property(i => i.Sha256).HasMaxLength(64);
            e.HasIndex(i => i.AtUtc);
        });

        b.Entity<TokenFamily>(e =>
        {
            e.HasKey(f => f.Id);
            e.Property(f => f.Id).ValueGeneratedNever();
            e.Property(f => f.UserId).HasMaxLength(450);
            e.HasIndex(f => f.UserId);
        });

        b.Entity<DataProtectionKey>(e =>
        {
            e.HasKey(k => k.Id);
            e.Property(k => k.Id).ValueGeneratedNever();
            e.Property(k => k.FriendlyName).HasMaxLength(200);
        });

        b.Entity<PublicListStamp>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken(); // two publications at once: one waits its turn (409)
        });

        b.Entity<Veto>(e =>
        {
            e.ToTable("VetoEvents");
            e.HasKey(v => v.Id);
            e.Property(v => v.Id).ValueGeneratedNever();
            e.Property(v => v.CommunityCode).HasMaxLength(12);
            e.Property(v => v.Source).HasMaxLength(200);
            e.Property(v => v.Description).HasMaxLength(4000);
            e.Property(v => v.DocumentReference).HasMaxLength(500);
            e.Property(v => v.RecordedByUserId).HasMaxLength(450);
            e.Property(v => v.RecordedByName).HasMaxLength(100);
            e.Property(v => v.AnnulledByUserId).HasMaxLength(450);
            e.Property(v => v.AnnulmentReason).HasMaxLength(2000);
            e.HasIndex(v => v.CommunityCode);
            e.HasOne<Division>().WithMany().HasForeignKey(v => v.CommunityCode).OnDelete(DeleteBehavior.Restrict);
            // 市级检查通报 from a spot check: the inspection is the veto's source (migration 26).
            e.HasOne<Domain.Supervision.Inspection>().WithMany().HasForeignKey(v => v.InspectionId).OnDelete(DeleteBehavior.Restrict);
        });

        ConfigureInspections(b);

        b.Entity<RectificationTask>(e =>
        {
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever();
            e.Property(t => t.CommunityCode).HasMaxLength(12);
            e.Property(t => t.DistrictCode).HasMaxLength(6);
            e.Property(t => t.Report).HasMaxLength(4000);
            e.Property(t => t.Evidence).HasMaxLength(2000);
            e.Property(t => t.DecisionComment).HasMaxLength(2000);
            e.Property(t => t.OpenForCommunity).HasMaxLength(12);
            e.Property(t => t.Version).IsConcurrencyToken();
            e.HasIndex(t => t.OpenForCommunity).IsUnique(); // one open task per community
            e.HasIndex(t => new { t.CommunityCode, t.OpenedAtUtc });
            e.HasIndex(t => new { t.State, t.Deadline });
            e.HasOne<Division>().WithMany().HasForeignKey(t => t.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        });

        // 通知书 (decision 0013): written once, as issued; the paragraphs and items as JSON arrays of text.
        var lines = new ValueConverter<IReadOnlyList<string>, string>(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<List<string>>(v, Json) ?? new List<string>());
        var linesComparer = new ValueComparer<IReadOnlyList<string>>(
            (a, c) => a != null && c != null && a.SequenceEqual(c),
            v => v.Aggregate(0, (h, line) => HashCode.Combine(h, line)),
            v => v.ToList());
        b.Entity<Notice>(e =>
        {
            e.HasKey(n => n.Id);
            e.Property(n => n.Id).ValueGeneratedNever();
            e.Property(n => n.Number).HasMaxLength(NoticeNumber.MaxLength);
            e.HasIndex(n => n.Number).IsUnique(); // the numbering turn gives one; the index has the last word
            e.Property(n => n.CommunityCode).HasMaxLength(12);
            e.Property(n => n.DistrictCode).HasMaxLength(6);
            e.Property(n => n.IssuedByUserId).HasMaxLength(450);
            e.Property(n => n.IssuedByName).HasMaxLength(100);
            e.Property(n => n.Title).HasMaxLength(50);
            e.Property(n => n.Addressee).HasMaxLength(300);
            e.Property(n => n.Issuer).HasMaxLength(200);
            e.Property(n => n.Paragraphs).HasConversion(lines, linesComparer);
            e.Property(n => n.Items).HasConversion(lines, linesComparer);
            e.Ignore(n => n.Text);
            e.HasIndex(n => new { n.CommunityCode, n.IssuedAtUtc });
            e.HasOne<Division>().WithMany().HasForeignKey(n => n.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        });

        // 值守排班 (issue 14): the shifts of a community's checkpoints, replaced by date, and the uploads that brought them.
        b.Entity<DutyRosters.DutyRosterUpload>(e =>
        {
            e.HasKey(u => u.Id);
            e.Property(u => u.Id).ValueGeneratedNever();
            e.Property(u => u.CommunityCode).HasMaxLength(12);
            e.Property(u => u.ActorUserId).HasMaxLength(450);
            e.Property(u => u.ActorName).HasMaxLength(100);
            e.Property(u => u.FileName).HasMaxLength(260);
            e.Property(u => u.Sha256).HasMaxLength(64);
            e.HasIndex(u => new { u.CommunityCode, u.AtUtc });
            e.HasOne<Division>().WithMany().HasForeignKey(u => u.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<DutyRosters.DutyShiftRecord>(e =>
        {
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.CommunityCode).HasMaxLength(12);
            e.Property(s => s.Checkpoint).HasMaxLength(Wuyi.Domain.Supervision.DutyRosterRules.MaxCheckpointLength);
            e.Property(s => s.Person).HasMaxLength(Wuyi.Domain.Supervision.DutyRosterRules.MaxPersonLength);
            e.HasIndex(s => new { s.CommunityCode, s.Date });
            e.HasIndex(s => s.UploadId);
            e.HasOne<Division>().WithMany().HasForeignKey(s => s.CommunityCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<DutyRosters.DutyRosterUpload>().WithMany().HasForeignKey(s => s.UploadId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Uploads.EvidenceFile>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.CommunityCode).HasMaxLength(12);
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.StoredName).HasMaxLength(32);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.UploadedByUserId).HasMaxLength(450);
            e.HasIndex(x => x.RectificationId);
            e.HasIndex(x => x.InspectionId);
            e.HasIndex(x => x.AppealId);
            e.HasIndex(x => x.StoredName).IsUnique();
            e.HasOne<RectificationTask>().WithMany().HasForeignKey(x => x.RectificationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Domain.Supervision.Inspection>().WithMany().HasForeignKey(x => x.InspectionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Domain.Appeals.Appeal>().WithMany().HasForeignKey(x => x.AppealId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("CK_EvidenceFiles_OneSubject", Uploads.EvidenceFile.OneSubject));
        });

        // 群众监督: residents' reports, never public; the receipt number is their only public key.
        b.Entity<Domain.ResidentReports.ResidentReport>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.Receipt).HasMaxLength(12);
            e.Property(r => r.CommunityCode).HasMaxLength(12);
            e.Property(r => r.DistrictCode).HasMaxLength(6);
            e.Property(r => r.Text).HasMaxLength(1000);
            e.Property(r => r.Contact).HasMaxLength(32);
            e.Property(r => r.PhotoStoredName).HasMaxLength(32);
            e.Property(r => r.PhotoContentType).HasMaxLength(32);
            e.Property(r => r.PhotoSha256).HasMaxLength(64);
            e.Property(r => r.PublicOutcome).HasMaxLength(200);
            e.Property(r => r.InternalNote).HasMaxLength(2000);
            e.Property(r => r.HandledByUserId).HasMaxLength(450);
            e.Property(r => r.HandledByName).HasMaxLength(100);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Ignore(r => r.IsOpen);
            e.HasIndex(r => r.Receipt).IsUnique();
            e.HasIndex(r => new { r.CommunityCode, r.ReceivedAtUtc });
            e.HasIndex(r => new { r.Status, r.ReceivedAtUtc });
            e.HasOne<Division>().WithMany().HasForeignKey(r => r.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        });

        // 申诉复核 (decision 0018): one open appeal per decision appealed.
        b.Entity<Domain.Appeals.Appeal>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.CommunityCode).HasMaxLength(12);
            e.Property(x => x.DistrictCode).HasMaxLength(6);
            e.Property(x => x.SubjectKey).HasMaxLength(64);
            e.Property(x => x.SubjectLabel).HasMaxLength(Domain.Appeals.AppealTexts.LabelMax);
            e.Property(x => x.Reasons).HasMaxLength(Domain.Appeals.AppealTexts.Reasons.Max);
            e.Property(x => x.FiledByUserId).HasMaxLength(450);
            e.Property(x => x.FiledByName).HasMaxLength(100);
            e.Property(x => x.DecidedByUserId).HasMaxLength(450);
            e.Property(x => x.DecidedByName).HasMaxLength(100);
            e.Property(x => x.DecisionReasons).HasMaxLength(Domain.Appeals.AppealTexts.DecisionReasons.Max);
            e.Property(x => x.OpenKey).HasMaxLength(80);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.OpenKey).IsUnique();
            e.HasIndex(x => new { x.CommunityCode, x.FiledAtUtc });
            e.HasIndex(x => new { x.State, x.CommunityCode });
            e.HasOne<Division>().WithMany().HasForeignKey(x => x.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<ReEvaluation>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.CommunityCode).HasMaxLength(12);
            e.Property(r => r.DistrictCode).HasMaxLength(6);
            e.Property(r => r.Detail).HasMaxLength(4000);
            e.Property(r => r.Explanation).HasConversion(explanation);
            e.Property(r => r.DecidedByUserId).HasMaxLength(450);
            e.Property(r => r.DecidedByName).HasMaxLength(100);
            e.Property(r => r.Comment).HasMaxLength(2000);
            e.Property(r => r.OpenKey).HasMaxLength(32);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasIndex(r => r.OpenKey).IsUnique(); // one open re-evaluation per community and cause
            e.HasIndex(r => new { r.State, r.CommunityCode });
            e.HasIndex(r => r.CommunityCode);
            e.HasOne<Division>().WithMany().HasForeignKey(r => r.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<AuditRecord>(e =>
        {
            e.HasKey(r => r.Sequence);
            e.Property(r => r.Sequence).ValueGeneratedNever(); // the chain assigns it under its lock
            e.Property(r => r.ActorUserId).HasMaxLength(450);
            e.Property(r => r.ActorName).HasMaxLength(256);
            e.Property(r => r.Role).HasMaxLength(64);
            e.Property(r => r.Unit).HasMaxLength(12);
            e.Property(r => r.ClientIp).HasMaxLength(64);
            e.Property(r => r.UserAgent).HasMaxLength(512);
            e.Property(r => r.Action).HasMaxLength(300);
            e.Property(r => r.ObjectType).HasMaxLength(64);
            e.Property(r => r.ObjectId).HasMaxLength(128);
            e.Property(r => r.Outcome).HasMaxLength(16);
            e.Property(r => r.ProblemCode).HasMaxLength(64);
            e.Property(r => r.PreviousHash).HasMaxLength(64);
            e.Property(r => r.Hash).HasMaxLength(64);
            e.HasIndex(r => r.AtUtc);
            e.HasIndex(r => r.ActorUserId);
            e.HasIndex(r => r.ObjectId);
        });

        b.Entity<Dashboards.DashboardFigure>(e =>
        {
            e.HasKey(f => new { f.Unit, f.Key });
            e.Property(f => f.Unit).HasMaxLength(12);
            e.Property(f => f.Key).HasMaxLength(100);
            foreach (var v in new[] { "V0", "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9" }) e.Property(v).HasDefaultValue(0L);
        });

        // 提醒 (decision 0019): one per account and key; the menu counts the unread by (UserId, ReadAtUtc).
        b.Entity<global::Wuyi.Web.Notifications.Notification>(e =>
        {
            e.HasKey(n => n.Id);
            e.Property(n => n.Id).ValueGeneratedNever();
            e.Property(n => n.UserId).HasMaxLength(450);
            e.Property(n => n.Key).HasMaxLength(global::Wuyi.Web.Notifications.Notification.KeyLength);
            e.Property(n => n.Title).HasMaxLength(global::Wuyi.Web.Notifications.Notification.TitleLength);
            e.Property(n => n.Body).HasMaxLength(global::Wuyi.Web.Notifications.Notification.BodyLength);
            e.Property(n => n.Link).HasMaxLength(global::Wuyi.Web.Notifications.Notification.LinkLength);
            e.Property(n => n.CommunityCode).HasMaxLength(12);
            e.HasIndex(n => new { n.UserId, n.Key }).IsUnique();
            e.HasIndex(n => new { n.UserId, n.ReadAtUtc });
            e.HasIndex(n => new { n.UserId, n.CreatedAtUtc });
            e.HasIndex(n => n.Key);
            e.HasIndex(n => new { n.EmailState, n.NextEmailAtUtc });
        });

        b.Entity<global::Wuyi.Web.Notifications.NotificationDelivery>(e =>
        {
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).ValueGeneratedNever();
            e.Property(d => d.Address).HasMaxLength(global::Wuyi.Web.Notifications.NotificationDelivery.AddressLength);
            e.Property(d => d.Error).HasMaxLength(global::Wuyi.Web.Notifications.NotificationDelivery.ErrorLength);
            e.Property(d => d.Node).HasMaxLength(global::Wuyi.Web.Notifications.NotificationDelivery.NodeLength);
            e.HasIndex(d => d.NotificationId);
            e.HasIndex(d => d.AttemptedAtUtc);
            e.HasOne<global::Wuyi.Web.Notifications.Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<OpenDataSnapshot>(e =>
        {
            e.HasKey(s => s.Date); // one snapshot per day, whichever node takes it (decision 0014)
            e.Property(s => s.MissingReason).HasMaxLength(500);
            e.Property(s => s.JsonSha256).HasMaxLength(64);
            e.Property(s => s.CsvSha256).HasMaxLength(64);
            e.Property(s => s.XlsxSha256).HasMaxLength(64);
        });

        b.Entity<ProgrammeEvent>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.CommunityCode).HasMaxLength(12);
            e.Property(x => x.ActorUserId).HasMaxLength(450);
            e.Property(x => x.ActorName).HasMaxLength(100);
            e.Property(x => x.ActorDivisionCode).HasMaxLength(12);
            e.Property(x => x.PublicSummary).HasMaxLength(1000);
            e.HasIndex(x => new { x.CommunityCode, x.AtUtc });
            e.HasIndex(x => new { x.Kind, x.AtUtc });
            e.HasIndex(x => x.SubjectId);
        });
    }

    /// <summary>督导检查 (migration 26): the inspections, their checkpoints and points of the scale as JSON arrays, and their photos.</summary>
    private static void ConfigureInspections(ModelBuilder b)
    {
        b.Entity<Domain.Supervision.Inspection>(e =>
        {
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).ValueGeneratedNever();
            e.Property(i => i.CommunityCode).HasMaxLength(12);
            e.Property(i => i.DistrictCode).HasMaxLength(6);
            e.Property(i => i.PlannedByUserId).HasMaxLength(450);
            e.Property(i => i.PlannedByName).HasMaxLength(100);
            e.Property(i => i.InspectorUserId).HasMaxLength(450);
            e.Property(i => i.InspectorName).HasMaxLength(100);
            e.Property(i => i.RiskModelId).HasMaxLength(64);
            e.Property(i => i.RiskScore).HasPrecision(7, 1);
            e.Property(i => i.RiskReasons).HasMaxLength(1000);
            e.Property(i => i.ScaleVersionId).HasMaxLength(64);
            e.Property(i => i.Place).HasMaxLength(200);
            e.Property(i => i.Latitude).HasPrecision(9, 6);
            e.Property(i => i.Longitude).HasPrecision(9, 6);
            e.Property(i => i.Summary).HasMaxLength(2000);
            e.Property(i => i.DecidedByUserId).HasMaxLength(450);
            e.Property(i => i.DecidedByName).HasMaxLength(100);
            e.Property(i => i.DecisionComment).HasMaxLength(2000);
            e.Property(i => i.Checkpoints).HasConversion(JsonList<Domain.Supervision.CheckpointCheck>(), JsonListComparer<Domain.Supervision.CheckpointCheck>());
            e.Property(i => i.Indicators).HasConversion(JsonList<Domain.Supervision.IndicatorCheck>(), JsonListComparer<Domain.Supervision.IndicatorCheck>());
            e.Property(i => i.Version).IsConcurrencyToken();
            e.Ignore(i => i.IsEditable);
            e.HasIndex(i => new { i.CommunityCode, i.PlannedOn });
            e.HasIndex(i => new { i.InspectorUserId, i.State });
            e.HasIndex(i => new { i.State, i.PlannedOn });
            e.HasOne<Division>().WithMany().HasForeignKey(i => i.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        });
    }

    private static ValueConverter<IReadOnlyList<T>, string> JsonList<T>() => new(
        v => JsonSerializer.Serialize(v, Json),
        v => JsonSerializer.Deserialize<List<T>>(v, Json) ?? new List<T>());

    private static ValueComparer<IReadOnlyList<T>> JsonListComparer<T>() => new(
        (a, c) => a != null && c != null && a.SequenceEqual(c),
        v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)),
        v => v.ToList());

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var movesFigures = _figures.Collect(ChangeTracker);
        if (Database.CurrentTransaction is null && (AuditChanges.Current?.SealsWith(this) == true || movesFigures))
        {
            // A request's change commits with its audit record (AuditChanges) and the dashboards' summaries it moves (FigureStore):
            // a save that would commit alone gets a transaction to seal them in.
            using var tx = Database.BeginTransaction();
            var count = SaveChanges(acceptAllChangesOnSuccess: false);
            tx.Commit();
            if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
            return count;
        }
        RefuseHistoryRewrites();
        var listChanges = BumpPublicListStampIfNeeded();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        if (listChanges) PublicListChanged();
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var movesFigures = _figures.Collect(ChangeTracker);
        if (Database.CurrentTransaction is null && (AuditChanges.Current?.SealsWith(this) == true || movesFigures))
        {
            await using var tx = await Database.BeginTransactionAsync(cancellationToken); // as in SaveChanges
            var count = await SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
            return count;
        }
        RefuseHistoryRewrites();
        var listChanges = BumpPublicListStampIfNeeded();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (listChanges) PublicListChanged();
        return saved;
    }

    /// <summary>History is append-only: an entry, once written, is never changed or deleted through the app.</summary>
    private void RefuseHistoryRewrites()
    {
        if (ChangeTracker.Entries<ProgrammeEvent>().Any(e => e.State is EntityState.Modified or EntityState.Deleted)
            || ChangeTracker.Entries<ApplicationTransition>().Any(e => e.State is EntityState.Modified or EntityState.Deleted)
            || ChangeTracker.Entries<AuditRecord>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("history is append-only: an entry cannot be changed or deleted");
    }

    /// <summary>
    /// Any change to a certification moves the public list's version in the same transaction; so does a rectification
    /// task opening or closing, which the certificate verification page shows (整改中) — not its other steps (a report, a
    /// photo), which would only make concurrent rectifications wait for each other on the stamp.
    /// </summary>
    private bool BumpPublicListStampIfNeeded()
    {
        if (!ChangeTracker.Entries<Certification>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            && !ChangeTracker.Entries<RectificationTask>().Any(e => e.State is EntityState.Added or EntityState.Deleted
                || (e.State == EntityState.Modified && e.Property(t => t.OpenForCommunity).IsModified)))
            return false;
        var stamp = PublicListStamps.Local.FirstOrDefault() ?? PublicListStamps.Find(PublicListStamp.SingletonId)
            ?? throw new InvalidOperationException("PublicListStamps row missing: the database was not migrated");
        stamp.Version++;
        _publicListNotify = stamp.Version;
        return true;
    }

    private long? _publicListNotify;

    /// <summary>
    /// PostgreSQL: every node's <see cref="PublicListListener"/> hears the new version, sent inside the committing
    /// transaction so that it is delivered only if, and once, the change commits (docs/decisions/0011).
    /// </summary>
    private async ValueTask NotifyPublicListAsync(System.Data.Common.DbTransaction transaction, bool async, CancellationToken ct)
    {
        if (_publicListNotify is not { } version || transaction.Connection is not Npgsql.NpgsqlConnection connection) return;
        _publicListNotify = null;
        await using var command = new Npgsql.NpgsqlCommand($"SELECT pg_notify('{PublicListListener.Channel}', $1)", connection, (Npgsql.NpgsqlTransaction)transaction);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (async) await command.ExecuteNonQueryAsync(ct);
        else command.ExecuteNonQuery();
    }

    private bool _publicListChangePending;

    /// <summary>After the commit, the in-process version (SQLite) moves too; inside a caller's transaction, at its commit.</summary>
    private void PublicListChanged()
    {
        if (Database.CurrentTransaction is not null)
            _publicListChangePending = true; // told at the commit, see PublicListCommitInterceptor
        else
        {
            NotifyPublicListUnlessSent();
            TellPublicListVersion();
        }
    }

    /// <summary>EF commits a save of several statements in a transaction of its own, where the notification went; should one ever commit without, it goes now.</summary>
    private void NotifyPublicListUnlessSent()
    {
        if (_publicListNotify is not { } version || !Database.IsNpgsql()) return;
        _publicListNotify = null;
        Database.ExecuteSql($"SELECT pg_notify({PublicListListener.Channel}, {version.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
    }

    private void TellPublicListVersion() =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService<PublicListVersion>()?.Changed();

    private readonly Dashboards.PendingFigures _figures = new();

    /// <summary>
    /// A writer that bypasses the change tracker (the 12345 import's bulk writes) says which communities' figures it moved;
    /// they are recounted when its transaction commits.
    /// </summary>
    public void FiguresMoved(Dashboards.FigureSections sections, IEnumerable<string> communityCodes)
    {
        if (Database.CurrentTransaction is null) throw new InvalidOperationException("FiguresMoved needs the writer's open transaction");
        foreach (var code in communityCodes) _figures.Community(code, sections);
    }

    /// <summary>The figures the transaction moved, recounted as its last writes but the audit record's.</summary>
    internal Task RefreshFiguresAsync(CancellationToken ct) => Dashboards.FigureStore.RefreshAsync(this, _figures, ct);

    internal Task RollupFiguresAsync(CancellationToken ct) => Dashboards.FigureStore.RollupAsync(this, _figures, ct);

    /// <summary>
    /// The transaction's last write but the audit record's (the figures' rollup), as SQL whose parameters are numbered from
    /// <paramref name="first"/>, for the audit record to send with its own insert; null when there is none, or when it is
    /// too large for one statement (then <see cref="FigureRollupInterceptor"/> writes it after the record, as before). Taken once.
    /// </summary>
    internal (string Sql, IReadOnlyList<object> Parameters)? TakeLastWrite(int first) => Dashboards.FigureStore.TakeRollupStatement(_figures, first);

    /// <summary>A service of the app this context belongs to; null for a context made outside the app.</summary>
    internal T? AppService<T>() where T : class =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<T>();

    internal void TransactionEnded(bool committed)
    {
        _figures.Clear();
        var pending = _publicListChangePending;
        _publicListChangePending = false;
        _publicListNotify = null;
        if (pending && committed) TellPublicListVersion();
    }

    /// <summary>
    /// The transaction's last write, after the audit record (registered after <see cref="Audit.AuditChangeInterceptor"/>): the
    /// figures' differences for the districts, provinces and the country, whose rows every change of a province shares.
    /// </summary>
    internal sealed class FigureRollupInterceptor : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
    {
        public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult TransactionCommitting(System.Data.Common.DbTransaction transaction,
            Microsoft.EntityFrameworkCore.Diagnostics.TransactionEventData e, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult result)
        {
            (e.Context as WuyiDbContext)?.RollupFiguresAsync(CancellationToken.None).GetAwaiter().GetResult(); // no request commits synchronously
            return result;
        }

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult> TransactionCommittingAsync(System.Data.Common.DbTransaction transaction,
            Microsoft.EntityFrameworkCore.Diagnostics.TransactionEventData e, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult result, CancellationToken ct = default)
        {
            if (e.Context is WuyiDbContext db) await db.RollupFiguresAsync(ct);
            return result;
        }
    }

    /// <summary>Tells the context when a transaction it began has committed or rolled back.</summary>
    internal sealed class PublicListCommitInterceptor : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
    {
        public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult TransactionCommitting(System.Data.Common.DbTransaction transaction,
            Microsoft.EntityFrameworkCore.Diagnostics.TransactionEventData e, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult result)
        {
            if (e.Context is not WuyiDbContext db) return result;
            try
            {
                db.RefreshFiguresAsync(CancellationToken.None).GetAwaiter().GetResult(); // no request commits synchronously
                db.NotifyPublicListAsync(transaction, async: false, default).AsTask().GetAwaiter().GetResult();
            }
            catch (InvalidOperationException ex) when (DatabaseUnavailable.Broke(db.Database.GetDbConnection()))
            {
                throw DatabaseUnavailable.Broken(ex);
            }
            return result;
        }

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult> TransactionCommittingAsync(System.Data.Common.DbTransaction transaction,
            Microsoft.EntityFrameworkCore.Diagnostics.TransactionEventData e, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult result, CancellationToken ct = default)
        {
            if (e.Context is not WuyiDbContext db) return result;
            try
            {
                await db.RefreshFiguresAsync(ct);
                await db.NotifyPublicListAsync(transaction, async: true, ct);
            }
            catch (InvalidOperationException ex) when (DatabaseUnavailable.Broke(db.Database.GetDbConnection()))
            {
                // The connection broke before the commit (the server restarting): Npgsql calls the transaction completed.
                throw DatabaseUnavailable.Broken(ex);
            }
            return result;
        }

        public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData e) =>
            (e.Context as WuyiDbContext)?.TransactionEnded(committed: true);

        public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData e, CancellationToken ct = default)
        {
            (e.Context as WuyiDbContext)?.TransactionEnded(committed: true);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData e) =>
            (e.Context as WuyiDbContext)?.TransactionEnded(committed: false);

        public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData e, CancellationToken ct = default)
        {
            (e.Context as WuyiDbContext)?.TransactionEnded(committed: false);
            return Task.CompletedTask;
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? null : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? null : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
