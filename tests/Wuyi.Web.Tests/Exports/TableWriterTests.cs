using System.Text;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Tests.Exports;

/// <summary>
/// The one table writer behind every export: a valid .xlsx (the SDK's validator), codes as text with their zeros, dates
/// and Beijing times as dates, formula-like text neutralised by the CSV's own rule, the header frozen and filtered — and
/// the same columns as CSV; written as the rows come, not after.
/// </summary>
public sealed class TableWriterTests
{
    private sealed record Item(string Code, string? Note, decimal? Score, DateOnly? On, DateTime? AtUtc);

    private static readonly TableExport<Item> Table = new TableExport<Item>("测试清单", "测试")
        .Text("代码", i => i.Code, 15)
        .Text("说明", i => i.Note, 30)
        .Number("得分", i => i.Score)
        .Date("日期", i => i.On)
        .Time("时间", i => i.AtUtc);

    private static readonly Item[] Items =
    [
        new("007", "=1+1", 95.5m, new DateOnly(2022, 6, 18), new DateTime(2022, 6, 18, 16, 30, 0, DateTimeKind.Utc)),
        new("110108001001", "\tcmd\u0001", null, null, null),
        new("0", "@SUM(A1)", 0m, new DateOnly(2022, 1, 1), new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
    ];

    private static async Task<byte[]> WriteAsync(ExportFormat format, IEnumerable<Item> items)
    {
        using var output = new MemoryStream();
        var count = await Table.WriteAsync(output, format, Wuyi.Web.Infrastructure.Exports.From(items), CancellationToken.None);
        count.ShouldBe(items.Count());
        return output.ToArray();
    }

    [Fact]
    public async Task Xlsx_IsValid_CodesStayText_DatesAreDates_FormulasAreNeutralised_AndTheHeaderIsFrozen()
    {
        var book = Workbook.Read(await WriteAsync(ExportFormat.Xlsx, Items));

        book.SheetName.ShouldBe("测试");
        book.Header.ShouldBe(["代码", "说明", "得分", "日期", "时间"]);
        book.DataRows.ShouldBe(3);
        book.ShouldHaveFrozenHeaderAndFilter();
        book.TextAt("A2").ShouldBe("007");
        book.TextAt("A4").ShouldBe("0");
        book.TextAt("A3").ShouldBe("110108001001");
        book.TextAt("B2").ShouldBe("'=1+1");
        book.TextAt("B3").ShouldBe("'\tcmd"); // a control character XML cannot carry is left out
        book.TextAt("B4").ShouldBe("'@SUM(A1)");
        book.NumberAt("C2").ShouldBe(95.5m);
        book.NumberAt("C4").ShouldBe(0m);
        book.CellAt("C3").ShouldBeNull(); // nothing is nothing, not 0
        book.DateAt("D2", withTime: false).ShouldBe(new DateTime(2022, 6, 18));
        book.DateAt("E2", withTime: true).ShouldBe(new DateTime(2022, 6, 19, 0, 30, 0)); // Beijing time
        book.DateAt("E4", withTime: true).ShouldBe(new DateTime(2022, 1, 1, 8, 0, 0));
    }

    [Fact]
    public async Task AnEmptyList_IsAValidWorkbook_WithItsHeader()
    {
        var book = Workbook.Read(await WriteAsync(ExportFormat.Xlsx, []));
        book.Header.Count.ShouldBe(5);
        book.DataRows.ShouldBe(0);
        book.ShouldHaveFrozenHeaderAndFilter();
    }

    [Fact]
    public async Task Csv_HasTheSameColumns_WithABom_AndTheSameNeutralisation()
    {
        var bytes = await WriteAsync(ExportFormat.Csv, Items);
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        lines[0].ShouldBe("\"代码\",\"说明\",\"得分\",\"日期\",\"时间\"");
        lines[1].ShouldBe("\"007\",\"'=1+1\",\"95.5\",\"2022-06-18\",\"2022-06-19 00:30:00\"");
        lines[3].ShouldStartWith("\"0\",\"'@SUM(A1)\",\"0\",");
        lines[^1].ShouldBe("");
    }

    /// <summary>Bytes reach the output while rows are still being read: the workbook is never assembled in memory first.</summary>
    [Fact]
    public async Task Xlsx_GoesOut_WhileTheRowsAreStillComing()
    {
        var output = new CountingStream();
        long seenAtHalf = -1;
        async IAsyncEnumerable<Item> Rows()
        {
            for (var i = 0; i < 100_000; i++)
            {
                if (i == 50_000) seenAtHalf = output.Written;
                yield return new Item(i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture), "北京市海淀区万寿路街道翠微路社区居委会", i, new DateOnly(2022, 6, 18), DateTime.UtcNow);
            }
            await Task.CompletedTask;
        }

        var count = await Table.WriteAsync(output, ExportFormat.Xlsx, Rows(), CancellationToken.None);

        count.ShouldBe(100_000);
        seenAtHalf.ShouldBeGreaterThan(100_000); // compressed, half the rows are far more than one 64 KB chunk
        output.Written.ShouldBeGreaterThan(seenAtHalf);
        output.LargestWrite.ShouldBeLessThan(1024 * 1024); // chunks, never the whole file at once
    }

    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }
        public long LargestWrite { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("a synchronous write to the response");
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            return ValueTask.CompletedTask;
        }
    }
}
