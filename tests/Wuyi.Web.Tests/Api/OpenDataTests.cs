using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Exports;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// 开放数据 (issue 13, item 6): the certified list as a dataset in JSON, CSV and .xlsx with one documented schema; daily
/// snapshots kept per Beijing day, byte for byte, one per day whoever takes it; the status badge, live.
/// The tests of this class share one database and move its clock forward only: each works on days after the last one on record.
/// </summary>
public abstract class OpenDataTests(WuyiApp app)
{
    private static readonly string[] FieldNames =
        ["code", "name", "kind", "streetName", "streetCode", "districtName", "districtCode", "batchNumber", "certifiedOn", "certificateNumber"];

    [Fact]
    public async Task TheCurrentDataset_InEveryFormat_HasTheListsRows_UnderTheDocumentedFieldNames()
    {
        await FreshDayAsync();
        await (await Round.StartAsync(app, "110108")).CertifiedAsync();
        await (await Round.StartAsync(app, "110116")).CertifiedAsync();
        var list = (await (await app.CreateClient().GetAsync("/api/v1/public/certified?pageSize=200")).Read<Paged<CertifiedCommunity>>()).Items;
        list.Count.ShouldBeGreaterThanOrEqualTo(2);
        var expected = list.Select(Expected).ToList();

        // JSON: the envelope and each row keyed by the schema's names, in its order.
        using var jsonResponse = await app.CreateClient().GetAsync(OpenDataApi.Current(DatasetFormat.Json));
        var json = await FileAsync(jsonResponse, "application/json");
        jsonResponse.Headers.CacheControl!.NoCache.ShouldBeTrue();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        (root.GetProperty("dataset").GetString(), root.GetProperty("schemaVersion").GetInt32(), root.GetProperty("snapshot").GetBoolean())
            .ShouldBe((OpenDataset.Id, OpenDataset.SchemaVersion, false));
        root.GetProperty("date").GetString().ShouldBe(Day(ProgrammeClock.DateOf(app.Clock.GetUtcNow())));
        root.GetProperty("count").GetInt32().ShouldBe(list.Count);
        JsonRows(root).ShouldBe(expected);

        // CSV: UTF-8 with a BOM, headed by the field names, read back with CsvHelper.
        using var csvResponse = await app.CreateClient().GetAsync(OpenDataApi.Current(DatasetFormat.Csv));
        var csv = await FileAsync(csvResponse, "text/csv");
        csvResponse.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("无疫社区（村）认定名单.csv");
        csvResponse.Headers.CacheControl!.NoStore.ShouldBeFalse();
        CsvRows(csv).ShouldBe(expected);

        // .xlsx: valid (OpenXmlValidator), headed by the field names; codes as text, the batch a number, the day a date.
        using var xlsxResponse = await app.CreateClient().GetAsync(OpenDataApi.Current(DatasetFormat.Xlsx));
        var book = await Workbook.ReadAsync(xlsxResponse);
        book.Header.ShouldBe(FieldNames);
        book.DataRows.ShouldBe(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            book.TextAt(book.Reference("code", i + 1)).ShouldBe(list[i].Code);
            book.TextAt(book.Reference("certificateNumber", i + 1)).ShouldBe(list[i].CertificateNumber);
            book.NumberAt(book.Reference("batchNumber", i + 1)).ShouldBe(list[i].BatchNumber);
            book.DateAt(book.Reference("certifiedOn", i + 1), withTime: false).ShouldBe(list[i].CertifiedOn.ToDateTime(TimeOnly.MinValue));
        }

        // Cached by the list's version: the same request again is answered from the cache.
        using (var again = await app.CreateClient().GetAsync(OpenDataApi.Current(DatasetFormat.Csv)))
        {
            again.Headers.Age.ShouldNotBeNull("the current dataset is output-cached");
            (await again.Content.ReadAsByteArrayAsync()).ShouldBe(csv);
        }

        // The page documents the same fields, and links the three formats.
        var (status, page) = await Browserless.Anonymous(app).GetAsync("/public/data");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelectorAll("[data-testid=schema] tbody tr").Select(r => r.GetAttribute("data-field")).ShouldBe(FieldNames);
        page.QuerySelectorAll("[data-testid=current-downloads] a").Select(a => a.GetAttribute("href"))
            .ShouldBe([OpenDataApi.Current(DatasetFormat.Csv), OpenDataApi.Current(DatasetFormat.Xlsx), OpenDataApi.Current(DatasetFormat.Json)]);
        page.QuerySelector("[data-testid=schema-version]")!.TextContent.ShouldStartWith("1");
        page.QuerySelector("[data-testid=licence]")!.TextContent.ShouldContain("无条件开放");
        page.QuerySelectorAll("footer a, nav a").Any(a => a.GetAttribute("href") == "/public/data").ShouldBeTrue("linked from the public site");

        await (await app.CreateClient().GetAsync(OpenDataApi.Path + "?format=pdf")).ChineseProblem(HttpStatusCode.BadRequest, "export-format-invalid");

        // Described in the OpenAPI document.
        using var openApi = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        foreach (var path in new[] { OpenDataApi.Path, OpenDataApi.Path + "/{date}", OpenDataApi.Path + "/snapshots" })
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
    }

    [Fact]
    public async Task ASnapshot_StaysByteForByte_AfterARevocation_WhileTheCurrentDatasetChanges()
    {
        var day = await FreshDayAsync();
        var kept = await Round.StartAsync(app, "110108");
        var revoked = await Round.StartAsync(app, "110105");
        await kept.CertifiedAsync();
        await revoked.CertifiedAsync();
        app.Clock.Set(ProgrammeClock.StartOf(day.AddDays(1)).AddSeconds(5));
        (await TakeDueAsync()).ShouldContain(day);

        var files = new Dictionary<DatasetFormat, byte[]>();
        foreach (var format in Enum.GetValues<DatasetFormat>())
        {
            using var response = await app.CreateClient().GetAsync(OpenDataApi.Snapshot(day, format));
            files[format] = await FileAsync(response, format == DatasetFormat.Json ? "application/json" : null);
            var sha = Sha256(files[format]);
            response.Headers.ETag!.Tag.ShouldBe($"\"{sha}\"");
            response.Headers.CacheControl!.ToString().ShouldBe(OpenDataApi.Immutable);
            // Unchanged: 304 without the file.
            using var conditional = new HttpRequestMessage(HttpMethod.Get, OpenDataApi.Snapshot(day, format));
            conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
            (await app.CreateClient().SendAsync(conditional)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        }
        using (var document = JsonDocument.Parse(files[DatasetFormat.Json]))
        {
            var root = document.RootElement;
            (root.GetProperty("date").GetString(), root.GetProperty("snapshot").GetBoolean()).ShouldBe((Day(day), true));
            var codes = JsonRows(root).Select(r => r["code"]).ToList();
            codes.ShouldContain(kept.CommunityCode);
            codes.ShouldContain(revoked.CommunityCode);
            root.GetProperty("count").GetInt32().ShouldBe(codes.Count);
            CsvRows(files[DatasetFormat.Csv]).ShouldBe(JsonRows(root));
        }

        // The SHA-256 of each file is published: on the page and in the API's list of snapshots.
        var (_, page) = await Browserless.Anonymous(app).GetAsync("/public/data");
        var row = page.QuerySelector($"[data-testid=snapshots] tr[data-date='{Day(day)}']")!;
        foreach (var format in Enum.GetValues<DatasetFormat>())
        {
            row.QuerySelector($"code.sha256[data-format={OpenDataset.Name(format)}]")!.TextContent.ShouldBe(Sha256(files[format]));
            row.QuerySelector($"a[data-format={OpenDataset.Name(format)}]")!.GetAttribute("href").ShouldBe(OpenDataApi.Snapshot(day, format));
        }
        var listed = (await (await app.CreateClient().GetAsync(OpenDataApi.Path + "/snapshots")).Read<List<SnapshotEntry>>()).Single(s => s.Date == day);
        (listed.JsonSha256, listed.CsvSha256, listed.XlsxSha256, listed.Missing)
            .ShouldBe((Sha256(files[DatasetFormat.Json]), Sha256(files[DatasetFormat.Csv]), Sha256(files[DatasetFormat.Xlsx]), false));
        Workbook.Read(files[DatasetFormat.Xlsx]).Header.ShouldBe(FieldNames);

        // The next morning a title is revoked: the current dataset drops it, the day's snapshot does not change by a byte.
        app.Clock.Set(ProgrammeClock.StartOf(day.AddDays(1)).AddHours(10));
        var district = await app.AsAsync(ProgrammeRole.District, "110105"); // yesterday's sign-ins have expired
        await district.VetoAsync(revoked.CommunityCode, VetoKind.MediaExposure, app.Clock);
        (await TakeDueAsync()).ShouldBeEmpty();
        foreach (var format in Enum.GetValues<DatasetFormat>())
            (await (await app.CreateClient().GetAsync(OpenDataApi.Snapshot(day, format))).Content.ReadAsByteArrayAsync()).ShouldBe(files[format], format.ToString());
        using (var current = JsonDocument.Parse(await app.CreateClient().GetByteArrayAsync(OpenDataApi.Current(DatasetFormat.Json))))
        {
            var codes = JsonRows(current.RootElement).Select(r => r["code"]).ToList();
            codes.ShouldContain(kept.CommunityCode);
            codes.ShouldNotContain(revoked.CommunityCode);
        }

        // 404 for a day with none, 400 for what is not a day: problems in Chinese.
        await (await app.CreateClient().GetAsync(OpenDataApi.Snapshot(new DateOnly(2000, 1, 1), DatasetFormat.Csv)))
            .ChineseProblem(HttpStatusCode.NotFound, "snapshot-not-found");
        await (await app.CreateClient().GetAsync(OpenDataApi.Path + "/2022-13-45")).ChineseProblem(HttpStatusCode.BadRequest, "dataset-date-invalid");
        await (await app.CreateClient().GetAsync(OpenDataApi.Path + "/yesterday")).ChineseProblem(HttpStatusCode.BadRequest, "dataset-date-invalid");
    }

    [Fact]
    public async Task AMissedDay_IsTakenWhenTheListHasNotChangedSince_ElseRecordedAsMissing()
    {
        var day = await FreshDayAsync();
        var first = await Round.StartAsync(app, "110108");
        await first.CertifiedAsync(); // on the day
        app.Clock.Set(ProgrammeClock.StartOf(day.AddDays(1)).AddHours(10)); // nobody froze the day (no node ran at midnight)
        var second = await Round.StartAsync(app, "110108");
        await second.CertifiedAsync(); // the next day: the day's list can no longer be read

        app.Clock.Set(ProgrammeClock.StartOf(day.AddDays(3)).AddHours(8)); // a node starts two days later
        (await TakeDueAsync()).ShouldBe([day, day.AddDays(1), day.AddDays(2)], ignoreOrder: false);

        var missing = await (await app.CreateClient().GetAsync(OpenDataApi.Snapshot(day, DatasetFormat.Json)))
            .ChineseProblem(HttpStatusCode.NotFound, "snapshot-missing");
        missing.GetProperty("detail").GetString()!.ShouldContain(OpenDataSnapshots.ChangedSince);
        foreach (var taken in new[] { day.AddDays(1), day.AddDays(2) })
        {
            using var document = JsonDocument.Parse(await app.CreateClient().GetByteArrayAsync(OpenDataApi.Snapshot(taken, DatasetFormat.Json)));
            var codes = JsonRows(document.RootElement).Select(r => r["code"]).ToList();
            codes.ShouldContain(first.CommunityCode);
            codes.ShouldContain(second.CommunityCode);
        }
        var (_, page) = await Browserless.Anonymous(app).GetAsync("/public/data");
        page.QuerySelector($"[data-testid=snapshots] tr[data-date='{Day(day)}'] [data-testid=missing]")!.TextContent.ShouldContain("缺失");
        page.QuerySelector($"[data-testid=snapshots] tr[data-date='{Day(day.AddDays(1))}'] [data-testid=missing]").ShouldBeNull();
    }

    [Fact]
    public async Task TwoNodesTakingTheSameDayAtOnce_KeepExactlyOne()
    {
        var day = await FreshDayAsync();
        await (await Round.StartAsync(app, "110108")).CertifiedAsync();
        app.Clock.Set(ProgrammeClock.StartOf(day.AddDays(1)).AddSeconds(1));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(TakeDueAsync)));

        attempts.Sum(a => a.Count(d => d == day)).ShouldBe(1, "one attempt wrote the day, the other found it written");
        (await app.WithDbAsync(db => db.OpenDataSnapshots.CountAsync(s => s.Date == day))).ShouldBe(1);
        (await app.CreateClient().GetAsync(OpenDataApi.Snapshot(day, DatasetFormat.Csv))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheBadge_ShowsTheLiveStatus_ChangedOnTheNextRequestAfterAVeto()
    {
        await FreshDayAsync();
        var round = await Round.StartAsync(app, "110108");
        var code = round.CommunityCode;
        var anonymous = app.CreateClient();

        (await BadgeAsync(anonymous, code)).ShouldBe(("未认定", HttpStatusCode.OK));
        await round.CertifiedAsync();
        (await BadgeAsync(anonymous, code)).ShouldBe(("有效", HttpStatusCode.OK));
        using (var cached = await anonymous.GetAsync(CommunityBadge.Path(code)))
            cached.Headers.Age.ShouldNotBeNull("the badge is output-cached"); // so the next answer must come from a new version

        await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock); // revoked, rectification ordered
        (await BadgeAsync(anonymous, code)).ShouldBe(("已取消认定·整改中", HttpStatusCode.OK)); // the revocation first, as the verification page
        var task = await round.Community.OpenTaskAsync(code);
        await (await round.Community.TaskStep(task.Id, "report", new { report = "卡口恢复24小时值守" })).ShouldBe(HttpStatusCode.OK);
        await (await round.District.TaskStep(task.Id, "accept", new { comment = "整改到位" })).ShouldBe(HttpStatusCode.OK);
        (await BadgeAsync(anonymous, code)).ShouldBe(("已取消认定", HttpStatusCode.OK));

        (await BadgeAsync(anonymous, "110108999999")).ShouldBe(("无此社区", HttpStatusCode.NotFound));
        (await BadgeAsync(anonymous, "not-a-code")).ShouldBe(("无此社区", HttpStatusCode.NotFound));

        // The community's page shows the badge and the code to embed it.
        var (status, page) = await Browserless.Anonymous(app).GetAsync($"/public/communities/{code}");
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=badge]")!.GetAttribute("src").ShouldBe(CommunityBadge.Path(code));
        var badgeUrl = $"{WuyiApp.BaseAddress.ToString().TrimEnd('/')}/public/communities/{code}/badge.svg";
        var pageUrl = $"{WuyiApp.BaseAddress.ToString().TrimEnd('/')}/public/communities/{code}";
        var html = page.QuerySelector("[data-testid=embed-html]")!.TextContent;
        html.ShouldStartWith($"<a href=\"{pageUrl}\"><img src=\"{badgeUrl}\"");
        page.QuerySelector("[data-testid=embed-markdown]")!.TextContent.ShouldEndWith($"]({badgeUrl})]({pageUrl})");
    }

    /// <summary>The badge's word, after checking it is an accessible SVG served as one.</summary>
    private static async Task<(string Text, HttpStatusCode Status)> BadgeAsync(HttpClient client, string code)
    {
        using var response = await client.GetAsync(CommunityBadge.Path(code));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        svg.Root!.Name.ShouldBe(ns + "svg");
        svg.Root.Attribute("role")!.Value.ShouldBe("img");
        svg.Root.Element(ns + "title")!.Value.ShouldContain("认定状态");
        var texts = svg.Descendants(ns + "text").ToList();
        texts.Count.ShouldBe(2);
        // Each text fits its box: the box is the measured width plus padding.
        foreach (var text in texts)
            double.Parse(text.Attribute("textLength")!.Value, CultureInfo.InvariantCulture).ShouldBe(CommunityBadge.TextWidth(text.Value), 0.01);
        return (texts[1].Value, response.StatusCode);
    }

    /// <summary>Today, with every day before it on record (as a node would have it) and the clock at 10:00.</summary>
    private async Task<DateOnly> FreshDayAsync()
    {
        var today = ProgrammeClock.DateOf(app.Clock.GetUtcNow());
        app.Clock.Set(ProgrammeClock.StartOf(today).AddHours(10));
        await TakeDueAsync();
        return today;
    }

    private async Task<IReadOnlyList<DateOnly>> TakeDueAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OpenDataSnapshots>().TakeDueAsync(CancellationToken.None);
    }

    private static async Task<byte[]> FileAsync(HttpResponseMessage response, string? mediaType)
    {
        await response.ShouldBe(HttpStatusCode.OK);
        if (mediaType is not null) response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        response.Headers.ETag!.Tag.ShouldBe($"\"{Sha256(bytes)}\"");
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A row of the list as the dataset must write it, every value as text (as CSV has it).</summary>
    private static Dictionary<string, string> Expected(CertifiedCommunity c) => new()
    {
        ["code"] = c.Code, ["name"] = c.Name, ["kind"] = c.Kind == Wuyi.Domain.Divisions.CommunityKind.Village ? "村" : "社区",
        ["streetName"] = c.Street.Name, ["streetCode"] = c.Street.Code, ["districtName"] = c.District.Name, ["districtCode"] = c.District.Code,
        ["batchNumber"] = c.BatchNumber.ToString(CultureInfo.InvariantCulture), ["certifiedOn"] = Day(c.CertifiedOn), ["certificateNumber"] = c.CertificateNumber,
    };

    private static List<Dictionary<string, string>> JsonRows(JsonElement root) =>
        [.. root.GetProperty("rows").EnumerateArray().Select(row =>
        {
            row.EnumerateObject().Select(p => p.Name).ShouldBe(FieldNames);
            row.GetProperty("batchNumber").ValueKind.ShouldBe(JsonValueKind.Number);
            return row.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetRawText() : p.Value.GetString()!);
        })];

    private static List<Dictionary<string, string>> CsvRows(byte[] bytes)
    {
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "UTF-8 with a BOM");
        using var csv = CsvHelper.CsvReader.Create(new StreamReader(new MemoryStream(bytes)), new CsvHelper.CsvReaderOptions { HasHeader = false }, leaveOpen: false);
        string[] Fields() => [.. Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i))];
        csv.Read().ShouldBeTrue();
        Fields().ShouldBe(FieldNames);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(Fields().Select((value, i) => (value, i)).ToDictionary(x => FieldNames[x.i], x => x.value));
        return rows;
    }
}

public sealed class OpenDataTests_Sqlite(SqliteApp app) : OpenDataTests(app), IClassFixture<SqliteApp>;

public sealed class OpenDataTests_Postgres(PostgresApp app) : OpenDataTests(app), IClassFixture<PostgresApp>;
