using System.Text;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Tests.Pages;

/// <summary>Exports open in Excel as text: quoted, UTF-8 with a BOM, and never as a formula.</summary>
public sealed class CsvExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("110108001001", "\"110108001001\"")]
    [InlineData("翠微路社区, \"东\"", "\"翠微路社区, \"\"东\"\"\"")]
    [InlineData(null, "\"\"")]
    public void Cells_AreQuoted_AndFormulasNeutralised(string? value, string expected) => CsvExport.Cell(value).ShouldBe(expected);

    [Fact]
    public void AFile_StartsWithTheBom_AndEndsEachRowWithCrLf()
    {
        var bytes = CsvExport.Build(["代码", "名称"], [["110108", "海淀区"]]);
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).ShouldBe("\"代码\",\"名称\"\r\n\"110108\",\"海淀区\"\r\n");
    }
}
