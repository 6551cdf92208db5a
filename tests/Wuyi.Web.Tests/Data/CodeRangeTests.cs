using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Data;

/// <summary>A unit's rows as a range on the code: the first code after a prefix, and the same rows as the prefix on both databases.</summary>
public abstract class CodeRangeTests(WuyiApp app)
{
    [Theory]
    [InlineData("110108", "110109")]
    [InlineData("1199", "12")]
    [InlineData("110108009", "11010801")]
    [InlineData("99", null)]
    public void TheNextCode_ComesAfterEveryCodeUnderThePrefix(string prefix, string? next) => CodeRange.Next(prefix).ShouldBe(next);

    [Theory]
    [InlineData("11")]
    [InlineData("110108")]
    [InlineData("110109")]
    [InlineData("110108001")]
    [InlineData("110119")]
    [InlineData("")]
    [InlineData("1101 ")]
    [InlineData("11a")]
    public async Task UnderAUnit_AreExactlyTheRowsItsCodePrefixes(string prefix)
    {
        var (range, like) = await app.WithDbAsync(async db => (
            await db.Divisions.AsNoTracking().Under(d => d.Code, prefix).Select(d => d.Code).OrderBy(c => c).ToListAsync(),
            (await db.Divisions.AsNoTracking().Select(d => d.Code).ToListAsync()).Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()));
        range.ShouldBe(like);
        if (prefix.All(char.IsAsciiDigit)) range.ShouldNotBeEmpty();
    }
}

public sealed class CodeRangeTests_Sqlite(SqliteApp app) : CodeRangeTests(app), IClassFixture<SqliteApp>;

public sealed class CodeRangeTests_Postgres(PostgresApp app) : CodeRangeTests(app), IClassFixture<PostgresApp>;
