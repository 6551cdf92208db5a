using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using AngleSharp;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Tests.Hotline;
using Wuyi.Web.Tests.Infrastructure;
using Wuyi.Web.Uploads;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Api;

/// <summary>
/// Evidence files of a rectification report: taken by content (not name), photos stripped of their metadata, stored
/// outside the web root with their SHA-256, served as downloads only inside the scope. Each test takes its own community.
/// </summary>
public abstract class EvidenceTests(WuyiApp app)
{
    /// <summary>A fresh community under a veto, with its open task, and clients for it, its district and its street.</summary>
    private async Task<(Guid Task, string Code, HttpClient Community, HttpClient District, HttpClient Street)> TaskAsync()
    {
        var code = await app.FreshCommunityAsync("110116");
        var district = await app.AsAsync(ProgrammeRole.District, "110116");
        await district.VetoAsync(code, VetoKind.InspectionNotice, app.Clock, rectificationDeadline: new DateOnly(2022, 6, 30));
        var community = await app.AsAsync(ProgrammeRole.Community, code);
        var task = await community.OpenTaskAsync(code);
        return (task.Id, code, community, district, await app.AsAsync(ProgrammeRole.Street, code[..9]));
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid task, byte[] file, string name)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        return client.PostAsync($"/api/v1/rectifications/{task}/evidence", form);
    }

    [Fact]
    public async Task APhoto_IsStoredWithoutItsMetadata_OutsideTheWebRoot_AndServedAsADownloadInScope()
    {
        var (task, _, community, district, street) = await TaskAsync();
        var png = Png(("tEXt", "GPS\0北京市海淀区翠微路 39.9,116.3"u8.ToArray()), ("eXIf", "Exif\0\0MM"u8.ToArray()));
        var created = await (await UploadAsync(community, task, png, "卡口值守.png")).Read<EvidenceApi.EvidenceView>();
        created.ShouldSatisfyAllConditions(
            () => created.Kind.ShouldBe(EvidenceKind.Png),
            () => created.FileName.ShouldBe("卡口值守.png"),
            () => created.Length.ShouldBeLessThan(png.Length));

        var download = await district.GetAsync($"/api/v1/evidence/{created.Id}");
        await download.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Encoding.Latin1.GetString(bytes).ShouldNotContain("GPS");
        Encoding.Latin1.GetString(bytes).ShouldNotContain("eXIf");
        Encoding.Latin1.GetString(bytes).ShouldContain("IDAT");
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(created.Sha256);

        // On disk under a random name, outside the web root; the row says which.
        var stored = await app.WithDbAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync(e => e.Id == created.Id));
        var store = app.Services.GetRequiredService<EvidenceStore>();
        var path = Path.Combine(store.Root, stored.StoredName);
        File.ReadAllBytes(path).ShouldBe(bytes);
        stored.StoredName.ShouldNotContain("卡口");
        var webRoot = app.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath;
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(webRoot), StringComparison.Ordinal).ShouldBeFalse();

        // The street sees it; another district and another community do not (404, as for anything out of scope).
        await (await street.GetAsync($"/api/v1/evidence/{created.Id}")).ShouldBe(HttpStatusCode.OK);
        (await (await street.GetAsync($"/api/v1/rectifications/{task}/evidence")).Read<List<EvidenceApi.EvidenceView>>()).ShouldHaveSingleItem().Id.ShouldBe(created.Id);
        await (await (await app.AsAsync(ProgrammeRole.District, "110105")).GetAsync($"/api/v1/evidence/{created.Id}")).Problem(HttpStatusCode.NotFound);
        var neighbour = await app.FreshCommunityAsync("110116");
        await (await (await app.AsAsync(ProgrammeRole.Community, neighbour)).GetAsync($"/api/v1/evidence/{created.Id}")).Problem(HttpStatusCode.NotFound);
        await (await app.CreateClient().GetAsync($"/api/v1/evidence/{created.Id}")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AJpeg_LosesItsExif_AndKeepsItsImage()
    {
        var (task, _, community, district, _) = await TaskAsync();
        var exif = Segment(0xE1, [.. "Exif\0\0"u8, .. "MM\0*GPSLatitude 39.9"u8]);
        var comment = Segment(0xFE, "拍摄人：张三"u8.ToArray());
        var jpeg = Jpeg(exif, comment);
        var created = await (await UploadAsync(community, task, jpeg, "photo.JPG")).Read<EvidenceApi.EvidenceView>();
        created.Kind.ShouldBe(EvidenceKind.Jpeg);
        var bytes = await (await district.GetAsync($"/api/v1/evidence/{created.Id}")).Content.ReadAsByteArrayAsync();
        Encoding.Latin1.GetString(bytes).ShouldNotContain("Exif");
        Encoding.Latin1.GetString(bytes).ShouldNotContain("GPS");
        bytes.Length.ShouldBe(jpeg.Length - exif.Length - comment.Length);
        bytes[^2..].ShouldBe(new byte[] { 0xFF, 0xD9 });
    }

    [Fact]
    public async Task PdfXlsxAndCsv_AreTakenByContent_AndNamedByIt()
    {
        var (task, _, community, _, _) = await TaskAsync();
        var pdf = "%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n"u8.ToArray();
        (await (await UploadAsync(community, task, pdf, "验收材料.pdf")).Read<EvidenceApi.EvidenceView>()).Kind.ShouldBe(EvidenceKind.Pdf);
        var xlsx = await (await UploadAsync(community, task, HotlineFiles.Xlsx([["值守日期", "值守人"], ["2022-06-20", "李四"]]), "排班表.csv")).Read<EvidenceApi.EvidenceView>();
        (xlsx.Kind, xlsx.FileName).ShouldBe((EvidenceKind.Xlsx, "排班表.xlsx")); // named by what it is
        var csv = await (await UploadAsync(community, task, HotlineFiles.Gb18030(["2022-06-20,李四"], "值守日期,值守人"), "排班表.csv")).Read<EvidenceApi.EvidenceView>();
        csv.Kind.ShouldBe(EvidenceKind.Csv);
    }

    [Fact]
    public async Task ACsvWithFormulas_IsServedNeutralised_AndItsNameLosesFormatCharacters()
    {
        var (task, _, community, district, _) = await TaskAsync();
        var payload = "=cmd|' /C calc'!A0";
        var file = HotlineFiles.Gb18030([$"\"{payload}\",+1+1,-2,@SUM(A1),李四"], "值守日期,a,b,c,值守人");

        var created = await (await UploadAsync(community, task, file, "测试\u202Egpj\u200B.csv")).Read<EvidenceApi.EvidenceView>();
        using var download = await district.GetAsync($"/api/v1/evidence/{created.Id}");

        created.FileName.ShouldBe("测试gpj.csv");
        download.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("测试gpj.csv");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        bytes[..3].ShouldBe(Encoding.UTF8.GetPreamble()); // stored as the app's own exports: UTF-8 for Excel
        var text = Encoding.UTF8.GetString(bytes[3..]);
        text.ShouldBe(Wuyi.Web.Infrastructure.CsvExport.Build(["值守日期", "a", "b", "c", "值守人"], [[payload, "+1+1", "-2", "@SUM(A1)", "李四"]]) is var expected
            ? Encoding.UTF8.GetString(expected[3..]) : "");
        text.ShouldContain("\"'=cmd|' /C calc'!A0\"");
        text.ShouldContain("\"'+1+1\",\"'-2\",\"'@SUM(A1)\",\"李四\"");
        created.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Theory]
    [InlineData("测试\u202Egpj.csv", "测试gpj.csv")]
    [InlineData("a\u2066b\u2069\uFEFF\u00AD.csv", "ab.csv")]
    [InlineData("..\\..\\x\r\n.csv", "x.csv")]
    [InlineData("\"/etc/passwd\"", "passwd")]
    public void AFileName_LosesFoldersControlAndFormatCharacters(string given, string kept) =>
        Wuyi.Web.Infrastructure.RequestFile.SafeName(given).ShouldBe(kept);

    [Theory]
    [InlineData("exe-as-png", "evidence-file-invalid")]
    [InlineData("png-cut", "evidence-file-invalid")]
    [InlineData("png-bad-crc", "evidence-file-invalid")]
    [InlineData("jpeg-cut", "evidence-file-invalid")]
    [InlineData("pdf-cut", "evidence-file-invalid")]
    [InlineData("zip-bomb", "evidence-file-invalid")]
    [InlineData("xls", "evidence-file-invalid")]
    [InlineData("binary", "evidence-file-invalid")]
    [InlineData("empty", "evidence-file-invalid")]
    [InlineData("21mb", "evidence-file-too-large")]
    public async Task WhatIsNotEvidence_IsRefusedInChinese_AndNothingIsStored(string kind, string code)
    {
        var (task, _, community, _, _) = await TaskAsync();
        var png = Png();
        byte[] file = kind switch
        {
            "exe-as-png" => [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0],
            "png-cut" => png[..(png.Length - 5)],
            "png-bad-crc" => [.. png[..^13], (byte)(png[^13] ^ 1), .. png[^12..]],
            "jpeg-cut" => Jpeg()[..^2],
            "pdf-cut" => "%PDF-1.7\n1 0 obj<</Type/Catalog>>"u8.ToArray(),
            "zip-bomb" => new HostileZip().AddRaw("xl/worksheets/sheet1.xml", HostileZip.Bomb("<x>", "<row/>", "</x>", 300L << 20), 300u << 20).ToArray(),
            "xls" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
            "binary" => [1, 2, 3, 0, 0, 0, 255],
            "empty" => [],
            "21mb" => [.. png, .. new byte[21 << 20]],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var files = await app.WithDbAsync(db => db.EvidenceFiles.CountAsync());
        var stored = Directory.Exists(app.Services.GetRequiredService<EvidenceStore>().Root) ? Directory.GetFiles(app.Services.GetRequiredService<EvidenceStore>().Root).Length : 0;
        await (await UploadAsync(community, task, file, "照片.png")).ChineseProblem(HttpStatusCode.BadRequest, code);
        (await app.WithDbAsync(db => db.EvidenceFiles.CountAsync())).ShouldBe(files);
        (Directory.Exists(app.Services.GetRequiredService<EvidenceStore>().Root) ? Directory.GetFiles(app.Services.GetRequiredService<EvidenceStore>().Root).Length : 0).ShouldBe(stored);
    }

    [Fact]
    public async Task OnlyTheCommunityUploads_AndOnlyWhileTheTaskIsOpen()
    {
        var (task, code, community, district, street) = await TaskAsync();
        await (await UploadAsync(street, task, Png(), "a.png")).Problem(HttpStatusCode.Forbidden);
        await (await UploadAsync(district, task, Png(), "a.png")).Problem(HttpStatusCode.Forbidden);
        var other = await app.AsAsync(ProgrammeRole.Community, await app.FreshCommunityAsync("110116"));
        await (await UploadAsync(other, task, Png(), "a.png")).Problem(HttpStatusCode.NotFound);
        var view = await community.OpenTaskAsync(code);
        await (await community.TaskStep(task, "report", new { report = "已整改", version = view.Version })).ShouldBe(HttpStatusCode.OK);
        await (await UploadAsync(community, task, Png(), "a.png")).ChineseProblem(HttpStatusCode.Conflict, "illegal-transition");
    }

    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n"u8.ToArray();

    /// <summary>The community's report form posted as a phone would: the text and several files in one multipart post.</summary>
    private async Task<(Browserless Browser, Func<string, (byte[] Bytes, string Name)[], Task<HttpResponseMessage>> Post)> ReportFormAsync(string code, Guid task)
    {
        var userName = await app.WithDbAsync(db => db.Users.Where(u => u.DivisionCode == code && u.Role == ProgrammeRole.Community)
            .OrderByDescending(u => u.UserName).Select(u => u.UserName!).FirstAsync());
        var browser = await Browserless.SignInAsync(app, userName);
        return (browser, async (report, files) =>
        {
            var (_, page) = await browser.GetAsync($"/rectifications/{task}");
            var form = page.QuerySelector("form#report")!;
            form.GetAttribute("enctype").ShouldBe("multipart/form-data");
            var content = new MultipartFormDataContent
            {
                { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
                { new StringContent(form.QuerySelector("input[name=Version]")!.GetAttribute("value")!), "Version" },
                { new StringContent(report), "Report" },
                { new StringContent("纸质台账存社区办公室"), "Evidence" },
            };
            foreach (var (bytes, name) in files) content.Add(new ByteArrayContent(bytes), "Uploads", name);
            return await browser.Client.PostAsync(form.GetAttribute("action"), content);
        }
        );
    }

    [Fact]
    public async Task ThePage_TakesTheReportAndItsFiles_InOnePost_AndShowsPhotosAsThumbnails()
    {
        var (task, code, _, _, _) = await TaskAsync();
        var (browser, post) = await ReportFormAsync(code, task);

        var done = await post("已恢复卡口24小时值守", [(Png(("tEXt", "Author\0张三"u8.ToArray())), "值守照片.png"), (Pdf, "整改通知回执.pdf")]);
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, detail) = await browser.GetAsync($"/rectifications/{task}");
        detail.QuerySelector("[data-testid=report]")!.TextContent.ShouldBe("已恢复卡口24小时值守");
        detail.QuerySelector("[data-testid=state]")!.TextContent.ShouldContain("待验收");
        var files = detail.QuerySelectorAll("[data-testid=evidence-files] li").ToList();
        files.Count.ShouldBe(2);
        var photo = files.Single(f => f.GetAttribute("data-kind") == "Png");
        var img = photo.QuerySelector("img")!;
        img.GetAttribute("alt").ShouldBe("值守照片.png");
        photo.TextContent.ShouldContain("KB");
        var pdf = files.Single(f => f.GetAttribute("data-kind") == "Pdf");
        pdf.TextContent.ShouldContain("PDF");
        pdf.TextContent.ShouldContain("整改通知回执.pdf");
        pdf.QuerySelector("a")!.HasAttribute("download").ShouldBeTrue();

        // The thumbnail is made from the photo, through the same authorised endpoint; the photo itself (inline, without
        // its metadata) is one click away.
        img.GetAttribute("src").ShouldEndWith("?thumbnail=true");
        var thumbnail = await browser.Client.GetAsync(img.GetAttribute("src"));
        await thumbnail.ShouldBe(HttpStatusCode.OK);
        thumbnail.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        thumbnail.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var link = photo.QuerySelector("a")!.GetAttribute("href")!;
        link.ShouldEndWith("?inline=true");
        var shown = await browser.Client.GetAsync(link);
        await shown.ShouldBe(HttpStatusCode.OK);
        shown.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        shown.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        shown.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        Encoding.UTF8.GetString(await shown.Content.ReadAsByteArrayAsync()).ShouldNotContain("张三");
        // A PDF asked for inline is still a download.
        var pdfId = pdf.QuerySelector("a")!.GetAttribute("href")!.Split('/').Last();
        (await browser.Client.GetAsync($"/api/v1/evidence/{pdfId}?inline=true")).Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        // Another district's official cannot see it, inline or not.
        var other = await app.AsAsync(ProgrammeRole.District, "110117");
        await (await other.GetAsync(img.GetAttribute("src"))).ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(SkiaSharp.SKEncodedImageFormat.Jpeg, "image/jpeg")]
    [InlineData(SkiaSharp.SKEncodedImageFormat.Png, "image/png")]
    public async Task APhotosPreview_IsASmallerImage_MadeOnce_AndTheFullPhotoIsOneClickAway(SkiaSharp.SKEncodedImageFormat format, string type)
    {
        var (task, _, community, district, _) = await TaskAsync();
        var photo = Photo(1200, 900, format);
        var id = (await (await UploadAsync(community, task, photo, "值守照片")).Read<EvidenceApi.EvidenceView>()).Id;

        using var preview = await district.GetAsync($"/api/v1/evidence/{id}?thumbnail=true");
        await preview.ShouldBe(HttpStatusCode.OK);
        preview.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        preview.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var small = await preview.Content.ReadAsByteArrayAsync();
        small.Length.ShouldBeLessThan(photo.Length / 4);
        using (var decoded = SkiaSharp.SKBitmap.Decode(small)) // still an image, within the bound, in the photo's proportions
        {
            decoded.ShouldNotBeNull();
            (decoded.Width, decoded.Height).ShouldBe((EvidenceThumbnails.MaxSide, 240));
        }
        // Made once: the second preview is the same picture, from the cache.
        using var again = await district.GetAsync($"/api/v1/evidence/{id}?thumbnail=true");
        (await again.Content.ReadAsByteArrayAsync()).ShouldBe(small);

        using var full = await district.GetAsync($"/api/v1/evidence/{id}?inline=true");
        full.Content.Headers.ContentType!.MediaType.ShouldBe(type);
        using var original = SkiaSharp.SKBitmap.Decode(await full.Content.ReadAsByteArrayAsync());
        (original.Width, original.Height).ShouldBe((1200, 900));
        // Outside the scope there is no preview either.
        await (await (await app.AsAsync(ProgrammeRole.District, "110117")).GetAsync($"/api/v1/evidence/{id}?thumbnail=true")).ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>A photo-like picture (a gradient with noise, which does not compress to nothing) of the given size.</summary>
    private static byte[] Photo(int width, int height, SkiaSharp.SKEncodedImageFormat format)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        var random = new Random(11);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)random.Next(256)));
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    [Fact]
    public async Task ThePage_ARefusedFile_KeepsTheTypedReport_NamesTheFile_AndSavesNothing()
    {
        var (task, code, _, _, _) = await TaskAsync();
        var (_, post) = await ReportFormAsync(code, task);
        var store = app.Services.GetRequiredService<EvidenceStore>();
        var marker = Guid.NewGuid().ToString("N"); // a good file that would be found on disk had it been stored
        var good = Encoding.UTF8.GetBytes($"值守日期,值守人\r\n2022-06-20,{marker}\r\n");
        bool Stored() => Directory.Exists(store.Root) && Directory.GetFiles(store.Root).Any(f => File.ReadAllText(f, Encoding.Latin1).Contains(marker));

        var refused = await post("夜间值守已排班到人，见照片", [(good, "排班表.csv"), ([(byte)'M', (byte)'Z', 0x90, 0], "排班表.png")]);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync();
        var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
        page.QuerySelector("form#report textarea[name=Report]")!.TextContent.ShouldBe("夜间值守已排班到人，见照片");
        page.QuerySelector("form#report input[name=Evidence]")!.GetAttribute("value").ShouldBe("纸质台账存社区办公室");
        var error = page.QuerySelector("[data-testid=file-error]")!.TextContent;
        error.ShouldContain("文件“排班表.png”未能上传");
        error.ShouldContain("只接受 JPEG、PNG");
        error.ShouldContain("整改情况未提交");

        // Nothing of it was kept: no file row, no file on disk, the task still open without a report.
        (await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.RectificationId == task))).ShouldBe(0);
        Stored().ShouldBeFalse();
        var state = await app.WithDbAsync(db => db.RectificationTasks.Where(t => t.Id == task).Select(t => new { t.State, t.Report }).SingleAsync());
        state.State.ShouldBe(RectificationState.Open);
        state.Report.ShouldBeNull();

        // A refused report (no text) takes no file either.
        (await post("", [(good, "排班表.csv")])).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.RectificationId == task))).ShouldBe(0);
        Stored().ShouldBeFalse();
    }

    /// <summary>A 1×1 PNG with the given extra chunks before its image data.</summary>
    private static byte[] Png(params (string Type, byte[] Data)[] extra) => Pngs.Make(1, 1, extra);

    private static byte[] Segment(byte marker, byte[] data)
    {
        var length = data.Length + 2;
        return [0xFF, marker, (byte)(length >> 8), (byte)length, .. data];
    }

    /// <summary>A JPEG's structure: JFIF, the given segments, a frame, a scan of a few bytes, the end.</summary>
    private static byte[] Jpeg(params byte[][] segments) =>
    [
        0xFF, 0xD8, .. Segment(0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]), .. segments.SelectMany(s => s),
        .. Segment(0xC0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]), .. Segment(0xDA, [1, 1, 0, 0, 0x3F, 0]), 0x12, 0x34, 0xFF, 0xD9,
    ];
}

public sealed class EvidenceTests_Sqlite(SqliteApp app) : EvidenceTests(app), IClassFixture<SqliteApp>;

public sealed class EvidenceTests_Postgres(PostgresApp app) : EvidenceTests(app), IClassFixture<PostgresApp>;
