using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Data;

/// <summary>
/// The hand-written SQL migrations have no model snapshot behind them, so EF cannot tell when they drift
/// from the model. These tests can: a database built by the migrations must have exactly the schema that
/// EF creates from the model (<c>EnsureCreated</c>), on each database; upgrading keeps data; down and up
/// again round-trips.
/// </summary>
public abstract class MigrationSchemaTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Initial = "20261122000001_Initial";
    private const string CertificationRound = "20261122000002_CertificationRound";
    private const string BeforeCaseNumbers = "20261205000014_TokenFamilies";
    private const string BeforeCertificateNumbers = "20261207000018_DashboardFigures";
    private const string BeforeEvidenceSubjects = "20261207000026_Inspections";

    private readonly List<TestDatabase> _databases = [];
    private readonly List<WuyiDbContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var db in _contexts) await db.DisposeAsync();
        foreach (var database in _databases) await database.DisposeAsync();
    }

    [Fact]
    public async Task Migrations_BuildExactlyTheModel()
    {
        var migrated = await FreshContextAsync();
        await migrated.Database.MigrateAsync();

        var migratedSchema = await DatabaseSchema.ReadAsync(migrated);
        var modelSchema = await ModelSchemaAsync();

        ShouldBeNonTrivial(migratedSchema);
        ShouldBeNonTrivial(modelSchema);
        ShouldMatchModel(migratedSchema, modelSchema);
    }

    [Fact]
    public async Task Comparison_NoticesADifference()
    {
        var migrated = await FreshContextAsync();
        await migrated.Database.MigrateAsync();
        await migrated.Database.ExecuteSqlRawAsync("""DROP INDEX "IX_Applications_OpenForCommunity" """);
        await migrated.Database.ExecuteSqlRawAsync("""ALTER TABLE "VetoEvents" ADD "Extra" TEXT NULL""");

        var diff = DatabaseSchema.Diff(await DatabaseSchema.ReadAsync(migrated), "migrations", await ModelSchemaAsync(), "model");

        diff.ShouldContain("+ index Applications.IX_Applications_OpenForCommunity: UNIQUE (OpenForCommunity)");
        diff.ShouldContain("- column VetoEvents.Extra:");
    }

    [Fact]
    public async Task Upgrade_FromFirstMigration_KeepsData()
    {
        var db = await FreshContextAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Initial);
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe([Initial]);
        (await TableNamesAsync(db)).ShouldNotContain("Applications");

        // Rows of the first release, written with plain SQL against its tables only.
        var loadedAt = new DateTime(2022, 5, 1, 2, 0, 0, DateTimeKind.Utc);
        await InsertDivisionAsync(db, "11", null, "北京市", DivisionLevel.Province, CommunityKind.None);
        await InsertDivisionAsync(db, "1101", "11", "市辖区", DivisionLevel.Prefecture, CommunityKind.None);
        await InsertDivisionAsync(db, "110108", "1101", "海淀区", DivisionLevel.District, CommunityKind.None);
        await InsertDivisionAsync(db, "110108001", "110108", "万寿路街道", DivisionLevel.Street, CommunityKind.None);
        await InsertDivisionAsync(db, "110108001001", "110108001", "翠微路社区居委会", DivisionLevel.Community, CommunityKind.Community);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ScaleVersions" ("Id", "Name", "EffectiveFrom", "Definition", "LoadedAtUtc")
            VALUES ({"upgrade-test-v1"}, {"升级测试量表"}, {new DateOnly(2022, 5, 1)}, {"{}"}, {loadedAt})
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AspNetUsers" ("Id", "DisplayName", "Role", "DivisionCode", "UserName", "NormalizedUserName",
                "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            VALUES ({"u-upgrade"}, {"升级前的账号"}, {(int)ProgrammeRole.District}, {"110108"}, {"upgrade"}, {"UPGRADE"},
                {false}, {false}, {false}, {true}, {0})
            """);

        await migrator.MigrateAsync(); // to the latest

        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
        (await db.Database.GetAppliedMigrationsAsync()).Take(2).ShouldBe([Initial, CertificationRound]);
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();

        // The old rows are still there, and EF reads them.
        db.ChangeTracker.Clear();
        (await db.Divisions.AsNoTracking().OrderBy(d => d.Code).Select(d => d.Code).ToListAsync())
            .ShouldBe(["11", "1101", "110108", "110108001", "110108001001"]);
        var community = await db.Divisions.AsNoTracking().SingleAsync(d => d.Code == "110108001001");
        (community.Name, community.ParentCode, community.Level, community.Kind)
            .ShouldBe(("翠微路社区居委会", "110108001", DivisionLevel.Community, CommunityKind.Community));
        var scale = await db.ScaleVersions.AsNoTracking().SingleAsync();
        (scale.Id, scale.EffectiveFrom, scale.LoadedAtUtc).ShouldBe(("upgrade-test-v1", new DateOnly(2022, 5, 1), loadedAt));
        var user = await db.Users.AsNoTracking().SingleAsync();
        (user.UserName, user.DisplayName, user.Role, user.DivisionCode).ShouldBe(("upgrade", "升级前的账号", ProgrammeRole.District, "110108"));

        // The second migration's tables exist and take rows that point at the old ones.
        var applicationId = Guid.CreateVersion7();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PublicationBatches" ("Number", "Title", "PublishedOn", "PublishedAtUtc", "PublishedByUserId", "PublishedByName", "CommunityCount")
            VALUES ({1}, {"第1批无疫社区（村）名单"}, {new DateOnly(2022, 6, 20)}, {loadedAt.AddDays(50)}, {"u-upgrade"}, {"升级前的账号"}, {0})
            """);
        await InsertApplicationAsync(db, applicationId, "110108001001", "upgrade-test-v1", loadedAt.AddDays(40));

        var batch = await db.PublicationBatches.AsNoTracking().SingleAsync();
        (batch.Number, batch.PublishedOn).ShouldBe((1, new DateOnly(2022, 6, 20)));
        var application = await db.Applications.AsNoTracking().SingleAsync();
        (application.Id, application.CommunityCode, application.ScaleVersionId, application.State, application.CreatedAtUtc)
            .ShouldBe((applicationId, "110108001001", "upgrade-test-v1", ApplicationState.Draft, loadedAt.AddDays(40)));
        application.SelfScores["A1"].ShouldBe(15m);

        // ... and their foreign keys to the first migration's tables are enforced.
        var violation = await Should.ThrowAsync<DbException>(() => InsertApplicationAsync(db, Guid.CreateVersion7(), "110108001999", "upgrade-test-v1", loadedAt));
        violation.Message.ShouldContain("foreign key", Case.Insensitive);
    }

    /// <summary>Beijing with two districts (110105, 110108) of one street and three communities each, and a scale version on record.</summary>
    private static async Task TwoDistrictsAndAScaleAsync(WuyiDbContext db)
    {
        await InsertDivisionAsync(db, "11", null, "北京市", DivisionLevel.Province, CommunityKind.None);
        await InsertDivisionAsync(db, "1101", "11", "市辖区", DivisionLevel.Prefecture, CommunityKind.None);
        foreach (var district in new[] { "110105", "110108" })
        {
            await InsertDivisionAsync(db, district, "1101", district, DivisionLevel.District, CommunityKind.None);
            await InsertDivisionAsync(db, district + "001", district, district + "001", DivisionLevel.Street, CommunityKind.None);
            for (var n = 1; n <= 3; n++)
                await InsertDivisionAsync(db, $"{district}00100{n}", district + "001", $"社区{n}", DivisionLevel.Community, CommunityKind.Community);
        }
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ScaleVersions" ("Id", "Name", "EffectiveFrom", "Definition", "LoadedAtUtc")
            VALUES ({"upgrade-test-v1"}, {"升级测试量表"}, {new DateOnly(2022, 5, 1)}, {"{}"}, {DateTime.UtcNow})
            """);
    }

    [Fact]
    public async Task CaseNumbers_NumberTheApplicationsOnRecord_PerDistrictAndYear_InOrderOfCreation()
    {
        var db = await FreshContextAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(BeforeCaseNumbers);
        await TwoDistrictsAndAScaleAsync(db);
        // Inserted out of order; 2022-12-31 17:00 UTC is already 2023 in Beijing.
        var late = Guid.CreateVersion7();
        var early = Guid.CreateVersion7();
        var newYear = Guid.CreateVersion7();
        var chaoyang = Guid.CreateVersion7();
        await InsertApplicationAsync(db, late, "110108001002", "upgrade-test-v1", new DateTime(2022, 6, 20, 2, 0, 0, DateTimeKind.Utc));
        await InsertApplicationAsync(db, early, "110108001001", "upgrade-test-v1", new DateTime(2022, 6, 1, 2, 0, 0, DateTimeKind.Utc));
        await InsertApplicationAsync(db, newYear, "110108001003", "upgrade-test-v1", new DateTime(2022, 12, 31, 17, 0, 0, DateTimeKind.Utc));
        await InsertApplicationAsync(db, chaoyang, "110105001001", "upgrade-test-v1", new DateTime(2022, 6, 25, 2, 0, 0, DateTimeKind.Utc));

        await migrator.MigrateAsync();

        db.ChangeTracker.Clear();
        (await db.Applications.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.CaseNumber)).ShouldBe(new Dictionary<Guid, string>
        {
            [early] = "2022-110108-0001",
            [late] = "2022-110108-0002",
            [newYear] = "2023-110108-0001",
            [chaoyang] = "2022-110105-0001",
        }, ignoreOrder: true);
        // Migration 16 gives the applications on record no findings by indicator (评定意见), and EF reads them so.
        (await db.Applications.AsNoTracking().ToListAsync()).ShouldAllBe(a => a.DistrictIndicatorFindings.Count == 0);
    }

    [Fact]
    public async Task CertificateNumbers_NumberTheCertificationsOnRecord_PerDistrictAndYear_InOrderOfCertification()
    {
        var db = await FreshContextAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(BeforeCertificateNumbers);
        await TwoDistrictsAndAScaleAsync(db);
        var june = new DateTime(2022, 6, 18, 0, 0, 0, DateTimeKind.Utc);
        var january = new DateTime(2023, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        await InsertBatchAsync(db, 1, new DateOnly(2022, 6, 18), june);
        await InsertBatchAsync(db, 2, new DateOnly(2023, 1, 5), january);
        // Inserted out of order: within a batch the community code decides, as at publication.
        var second = await InsertCertificationAsync(db, "110108001002", 1, new DateOnly(2022, 6, 18), june);
        var first = await InsertCertificationAsync(db, "110108001001", 1, new DateOnly(2022, 6, 18), june);
        var chaoyang = await InsertCertificationAsync(db, "110105001001", 1, new DateOnly(2022, 6, 18), june);
        var nextYear = await InsertCertificationAsync(db, "110108001003", 2, new DateOnly(2023, 1, 5), january);

        await migrator.MigrateAsync();

        db.ChangeTracker.Clear();
        (await db.Certifications.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Number)).ShouldBe(new Dictionary<Guid, string>
        {
            [first] = "京无疫证〔2022〕0108-0001",
            [second] = "京无疫证〔2022〕0108-0002",
            [chaoyang] = "京无疫证〔2022〕0105-0001",
            [nextYear] = "京无疫证〔2023〕0108-0001",
        }, ignoreOrder: true);
    }

    private static Task<int> InsertBatchAsync(WuyiDbContext db, int number, DateOnly on, DateTime at) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PublicationBatches" ("Number", "Title", "PublishedOn", "PublishedAtUtc", "PublishedByUserId", "PublishedByName", "CommunityCount")
            VALUES ({number}, {$"第{number}批"}, {on}, {at}, {"city"}, {"市社区防控组"}, {1})
            """);

    private async Task<Guid> InsertCertificationAsync(WuyiDbContext db, string community, int batch, DateOnly on, DateTime at)
    {
        var application = Guid.CreateVersion7();
        await InsertApplicationAsync(db, application, community, "upgrade-test-v1", at.AddDays(-10));
        var id = Guid.CreateVersion7();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Certifications" ("Id", "CommunityCode", "ApplicationId", "BatchNumber", "CertifiedOn", "CertifiedAtUtc", "ActiveForCommunity")
            VALUES ({GuidValue(id)}, {community}, {GuidValue(application)}, {batch}, {on}, {at}, {community})
            """);
        return id;
    }

    [Fact]
    public async Task EvidenceSubjects_MoveTheInspectionPhotosIntoTheEvidence_AndKeepTheRectificationsFiles()
    {
        var db = await FreshContextAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(BeforeEvidenceSubjects);
        await TwoDistrictsAndAScaleAsync(db);
        var at = new DateTime(2022, 6, 20, 2, 0, 0, DateTimeKind.Utc);
        var task = Guid.CreateVersion7();
        var inspection = Guid.CreateVersion7();
        var report = Guid.CreateVersion7();
        var photo = Guid.CreateVersion7();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "RectificationTasks" ("Id", "CommunityCode", "DistrictCode", "Reason", "OpenedAtUtc", "Deadline", "State", "Returns", "Version", "VetoesOnly")
            VALUES ({GuidValue(task)}, {"110108001001"}, {"110108"}, {"卡口无人值守"}, {at}, {new DateOnly(2022, 7, 1)}, {0}, {0}, {1}, {true})
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Inspections" ("Id", "CommunityCode", "DistrictCode", "State", "PlannedOn", "PlannedAtUtc", "PlannedByUserId", "PlannedByName",
                "InspectorUserId", "InspectorName", "RiskModelId", "RiskScore", "RiskReasons", "ScaleVersionId", "Checkpoints", "Indicators", "Version")
            VALUES ({GuidValue(inspection)}, {"110108001002"}, {"110108"}, {1}, {new DateOnly(2022, 6, 21)}, {at}, {"city"}, {"市社区防控组"},
                {"inspector"}, {"检查员"}, {"beijing-2026-12"}, {12m}, {"[]"}, {"upgrade-test-v1"}, {"[]"}, {"[]"}, {1})
            """);
        await InsertFileAsync("EvidenceFiles", "RectificationId", report, task, "110108001001", "整改照片.jpg", "0123456789abcdef0123456789abcdef");
        await InsertFileAsync("InspectionPhotos", "InspectionId", photo, inspection, "110108001002", "卡口.png", "fedcba9876543210fedcba9876543210");

        await migrator.MigrateAsync();

        db.ChangeTracker.Clear();
        (await TableNamesAsync(db)).ShouldNotContain("InspectionPhotos");
        var files = await db.EvidenceFiles.AsNoTracking().OrderBy(e => e.FileName).ToListAsync();
        files.Count.ShouldBe(2);
        var moved = files.Single(f => f.Id == photo);
        (moved.InspectionId, moved.RectificationId, moved.AppealId).ShouldBe((inspection, null, null));
        (moved.FileName, moved.StoredName, moved.CommunityCode, moved.Sha256).ShouldBe(("卡口.png", "fedcba9876543210fedcba9876543210", "110108001002", new string('a', 64)));
        var kept = files.Single(f => f.Id == report);
        (kept.RectificationId, kept.InspectionId, kept.AppealId).ShouldBe((task, null, null));

        // A file must be evidence of exactly one subject: the database refuses none, and two.
        var none = await Should.ThrowAsync<DbException>(() => InsertFileAsync("EvidenceFiles", null, Guid.CreateVersion7(), null, "110108001001", "x.png",
            "00000000000000000000000000000001"));
        none.Message.ShouldContain("CK_EvidenceFiles_OneSubject", Case.Insensitive, provider == DatabaseProvider.Postgres ? "PostgreSQL names the constraint" : "SQLite names it too");
        await Should.ThrowAsync<DbException>(() => db.Database.ExecuteSqlAsync($"""
            UPDATE "EvidenceFiles" SET "InspectionId" = {GuidValue(inspection)} WHERE "Id" = {GuidValue(report)}
            """));

        Task<int> InsertFileAsync(string table, string? subjectColumn, Guid id, Guid? subject, string community, string name, string stored)
        {
            var columns = subjectColumn is null ? "" : $"\"{subjectColumn}\", ";
            var values = subjectColumn is null ? "" : "{1}, ";
            var sql = $"INSERT INTO \"{table}\" (\"Id\", {columns}\"CommunityCode\", \"Kind\", \"FileName\", \"StoredName\", \"Length\", \"Sha256\", " +
                      $"\"UploadedAtUtc\", \"UploadedByUserId\") VALUES ({{0}}, {values}{{2}}, {{3}}, {{4}}, {{5}}, {{6}}, {{7}}, {{8}}, {{9}})";
            return db.Database.ExecuteSqlRawAsync(sql, GuidValue(id), subject is { } s ? GuidValue(s) : "", community, 1, name, stored, 1024L, new string('a', 64), at,
                "community");
        }
    }

    [Fact]
    public async Task Down_ThenUp_RoundTrips()
    {
        var db = await FreshContextAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync();
        (await TableNamesAsync(db)).Count.ShouldBeGreaterThanOrEqualTo(15);

        await migrator.MigrateAsync(Migration.InitialDatabase); // "0": every down script, newest first
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBeEmpty();
        (await TableNamesAsync(db)).ShouldBeEmpty("after migrating down to 0 no table of the application may remain");
        (await db.GetService<IHistoryRepository>().ExistsAsync()).ShouldBeTrue(); // EF's own table stays, emptied

        await migrator.MigrateAsync();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
        ShouldMatchModel(await DatabaseSchema.ReadAsync(db), await ModelSchemaAsync());
    }

    [Fact]
    public async Task Down_ToFirstMigration_LeavesExactlyItsTables()
    {
        var db = await FreshContextAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Initial);
        var firstOnly = await DatabaseSchema.ReadAsync(db);

        await migrator.MigrateAsync();
        await migrator.MigrateAsync(Initial); // the second migration's down script

        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe([Initial]);
        ShouldBeSame(await DatabaseSchema.ReadAsync(db), "the database after up and down", firstOnly, "the first migration's schema",
            $"reverting {CertificationRound} must leave the first migration's schema");
        firstOnly.Tables.Keys.ShouldContain("Divisions");
        firstOnly.Tables.Keys.ShouldNotContain("Applications");
    }

    // ---- helpers ----

    private async Task<WuyiDbContext> FreshContextAsync()
    {
        var database = await TestDatabase.CreateAsync(provider);
        _databases.Add(database);
        var options = new DbContextOptionsBuilder<WuyiDbContext>();
        Wuyi.Web.Data.Database.Configure(options, provider, database.ConnectionString);
        var db = new WuyiDbContext(options.Options);
        _contexts.Add(db);
        return db;
    }

    /// <summary>The schema EF builds straight from the model, in a fresh database.</summary>
    private async Task<DatabaseSchema> ModelSchemaAsync()
    {
        var db = await FreshContextAsync();
        (await db.Database.EnsureCreatedAsync()).ShouldBeTrue();
        return await DatabaseSchema.ReadAsync(db);
    }

    private void ShouldMatchModel(DatabaseSchema migrated, DatabaseSchema model) =>
        ShouldBeSame(migrated, "the migrated database", model, "the model (EnsureCreated)", "the migrations do not build exactly the model");

    /// <summary>Fails with the list of differences, once (not echoed by Shouldly).</summary>
    private void ShouldBeSame(DatabaseSchema actual, string actualName, DatabaseSchema expected, string expectedName, string what)
    {
        var diff = DatabaseSchema.Diff(actual, actualName, expected, expectedName);
        if (diff.Length > 0) throw new ShouldAssertException($"{provider}: {what}.\n{diff}");
    }

    /// <summary>Guards against a comparison that passes because it saw nothing.</summary>
    private static void ShouldBeNonTrivial(DatabaseSchema schema)
    {
        schema.Tables.Count.ShouldBeGreaterThanOrEqualTo(15);
        schema.Tables.Keys.ShouldContain("Divisions");
        var applications = schema.Tables["Applications"];
        applications.Columns.Count.ShouldBeGreaterThanOrEqualTo(10);
        applications.Columns.Single(c => c.Name == "Id").PrimaryKeyPosition.ShouldBe(1);
        applications.Columns.Single(c => c.Name == "OpenForCommunity").Nullable.ShouldBeTrue();
        applications.Indexes.ShouldContain(i => i.Unique && i.Columns.SequenceEqual(new[] { "OpenForCommunity" }),
            "Applications needs its unique index on OpenForCommunity (one open application per community)");
        applications.ForeignKeys.ShouldContain(f => f.PrincipalTable == "Divisions" && f.Columns.SequenceEqual(new[] { "CommunityCode" })
                                                    && f.OnDelete == "RESTRICT");
        schema.Tables["AspNetUserRoles"].ForeignKeys.ShouldContain(f => f.PrincipalTable == "AspNetUsers" && f.OnDelete == "CASCADE");
        schema.Tables["Divisions"].Indexes.ShouldContain(i => !i.Unique && i.Columns.SequenceEqual(new[] { "Level", "Code" }));
    }

    /// <summary>The application's tables (EF's own tables left out).</summary>
    private static async Task<IReadOnlyCollection<string>> TableNamesAsync(WuyiDbContext db) =>
        (await DatabaseSchema.ReadAsync(db)).Tables.Keys.ToList();

    private static Task<int> InsertDivisionAsync(WuyiDbContext db, string code, string? parent, string name, DivisionLevel level, CommunityKind kind) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Divisions" ("Code", "ParentCode", "Name", "Level", "Kind")
            VALUES ({code}, {parent}, {name}, {(int)level}, {(int)kind})
            """);

    private Task<int> InsertApplicationAsync(WuyiDbContext db, Guid id, string community, string scaleVersion, DateTime at) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Applications" ("Id", "CommunityCode", "StreetCode", "DistrictCode", "ScaleVersionId", "State", "OpenForCommunity",
                "Version", "SelfScores", "DistrictScores", "CreatedAtUtc", "UpdatedAtUtc")
            VALUES ({GuidValue(id)}, {community}, {community[..9]}, {community[..6]}, {scaleVersion}, {(int)ApplicationState.Draft}, {community},
                {1}, {"""{"A1":15}"""}, {"{}"}, {at}, {at})
            """);

    /// <summary>A Guid as each database's EF mapping stores it: SQLite as upper-case text, PostgreSQL as uuid.</summary>
    private object GuidValue(Guid id) => provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;
}

public sealed class MigrationSchemaTests_Sqlite() : MigrationSchemaTests(DatabaseProvider.Sqlite);

public sealed class MigrationSchemaTests_Postgres() : MigrationSchemaTests(DatabaseProvider.Postgres);
