using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Wuyi.Web.Data.Migrations;

// The schema's history, oldest first. Each migration runs its own SQL script per database (see SqlMigration).

/// <summary>Accounts, the division tree, scale versions and pass marks.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261122000001_Initial")]
public sealed class Initial : SqlMigration
{
    protected override string ScriptName => "20261122000001_Initial";
}

/// <summary>The certification round: applications, history, batches, certifications, hotline complaints, veto events.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261122000002_CertificationRound")]
public sealed class CertificationRound : SqlMigration
{
    protected override string ScriptName => "20261122000002_CertificationRound";
}

/// <summary>The public list's version row, for caches that are never stale.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261122000003_PublicListStamp")]
public sealed class PublicListStampMigration : SqlMigration
{
    protected override string ScriptName => "20261122000003_PublicListStamp";
}

/// <summary>The data-protection key ring in the database, one for every app node.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261122000004_DataProtectionKeys")]
public sealed class DataProtectionKeysMigration : SqlMigration
{
    protected override string ScriptName => "20261122000004_DataProtectionKeys";
}

/// <summary>Dynamic management: vetoes, rectification tasks, re-evaluations and the programme history.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261123000005_DynamicManagement")]
public sealed class DynamicManagementMigration : SqlMigration
{
    protected override string ScriptName => "20261123000005_DynamicManagement";
}

/// <summary>The 12345 import log; complaints point at their community (foreign key) and at the import that last wrote them.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261129000006_Hotline")]
public sealed class HotlineMigration : SqlMigration
{
    protected override string ScriptName => "20261129000006_Hotline";
}

/// <summary>Accounts to 等保 level 3: forced password change, password age, disabled accounts.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261129000007_Accounts")]
public sealed class AccountsMigration : SqlMigration
{
    protected override string ScriptName => "20261129000007_Accounts";
}

/// <summary>The audit trail: one hash-chained, append-only record per sign-in, state-changing request and export.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261129000008_Audit")]
public sealed class AuditMigration : SqlMigration
{
    protected override string ScriptName => "20261129000008_Audit";
}

/// <summary>Evidence files of rectification reports (整改佐证材料), kept outside the web root with their SHA-256.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261129000009_Uploads")]
public sealed class UploadsMigration : SqlMigration
{
    protected override string ScriptName => "20261129000009_Uploads";
}

/// <summary>Whether every cause of a rectification task is a veto (only such a task may be withdrawn on annulment).</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261129000010_TaskOrigin")]
public sealed class TaskOriginMigration : SqlMigration
{
    protected override string ScriptName => "20261129000010_TaskOrigin";
}

/// <summary>Authenticator codes accepted once (the last accepted step per account); refresh-token families, rotated on refresh.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261205000014_TokenFamilies")]
public sealed class TokenFamiliesMigration : SqlMigration
{
    protected override string ScriptName => "20261205000014_TokenFamilies";
}

/// <summary>Every application's case number (办件编号), read out on the phone instead of its id; those on record are numbered in order of creation.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000015_CaseNumbers")]
public sealed class CaseNumbersMigration : SqlMigration
{
    protected override string ScriptName => "20261207000015_CaseNumbers";
}

/// <summary>The district's finding by indicator (评定意见), as JSON: required where it scores below the self-assessment.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000016_IndicatorFindings")]
public sealed class IndicatorFindingsMigration : SqlMigration
{
    protected override string ScriptName => "20261207000016_IndicatorFindings";
}

/// <summary>What an import did to the 12345 deductions of the communities it touched, before and after, as JSON.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000017_HotlineImportDeductions")]
public sealed class HotlineImportDeductionsMigration : SqlMigration
{
    protected override string ScriptName => "20261207000017_HotlineImportDeductions";
}

/// <summary>The dashboards' summaries (统计汇总), kept in the changing transaction (decision 0010).</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000018_DashboardFigures")]
public sealed class DashboardFiguresMigration : SqlMigration
{
    protected override string ScriptName => "20261207000018_DashboardFigures";
}

/// <summary>Every certification's certificate number (证书编号), unique across the country; those on record are numbered in order of certification.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000019_CertificateNumbers")]
public sealed class CertificateNumbersMigration : SqlMigration
{
    protected override string ScriptName => "20261207000019_CertificateNumbers";
}

/// <summary>The notices to a community (通知书), numbered per kind, district and year and stored as issued (decision 0013).</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000020_Notices")]
public sealed class NoticesMigration : SqlMigration
{
    protected override string ScriptName => "20261207000020_Notices";
}

/// <summary>The open dataset's daily snapshots (开放数据每日快照): one row per Beijing day, its files as first served with their SHA-256 (decision 0014).</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000021_OpenDataSnapshots")]
public sealed class OpenDataSnapshotsMigration : SqlMigration
{
    protected override string ScriptName => "20261207000021_OpenDataSnapshots";
}

/// <summary>The checkpoint duty roster (值守排班, issue 14): its shifts, replaced by date, and the uploads that brought them.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000022_DutyRosters")]
public sealed class DutyRostersMigration : SqlMigration
{
    protected override string ScriptName => "20261207000022_DutyRosters";
}

/// <summary>Residents' reports (群众监督): taken without an account, never public, followed by a receipt number.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000023_ResidentReports")]
public sealed class ResidentReportsMigration : SqlMigration
{
    protected override string ScriptName => "20261207000023_ResidentReports";
}

/// <summary>Appeals (申诉复核) against a counted complaint, the district's score or a veto; a complaint an upheld appeal waived (decision 0018).</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000024_Appeals")]
public sealed class AppealsMigration : SqlMigration
{
    protected override string ScriptName => "20261207000024_Appeals";
}

/// <summary>The notification centre (提醒): one notification per account and idempotent key, and every outbound delivery attempt (decision 0019).</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000025_Notifications")]
public sealed class NotificationsMigration : SqlMigration
{
    protected override string ScriptName => "20261207000025_Notifications";
}

/// <summary>Spot checks (督导检查) with their findings and photos, and the inspection a municipal inspection notice was issued on (the veto's source).</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000026_Inspections")]
public sealed class InspectionsMigration : SqlMigration
{
    protected override string ScriptName => "20261207000026_Inspections";
}

/// <summary>Evidence of a subject: an evidence file belongs to a rectification, an inspection (its photos, moved here) or an appeal.</summary>
[DbContext(typeof(WuyiDbContext))]
[Migration("20261207000027_EvidenceSubjects")]
public sealed class EvidenceSubjectsMigration : SqlMigration
{
    protected override string ScriptName => "20261207000027_EvidenceSubjects";
}
