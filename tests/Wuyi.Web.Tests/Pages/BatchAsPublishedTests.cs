using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.Publication;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Exports;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// Batches frozen as published (issue 13, item 3): <c>/public/batches/{n}</c>, its API and its export list every community
/// the batch certified; a title revoked later stays listed, marked beside the name with the day, on the very next request
/// after the veto (the page is output-cached by the list's version). The certified list itself still drops it.
/// </summary>
public abstract class BatchAsPublishedTests(WuyiApp app)
{
    [Fact]
    public async Task ARevokedCommunity_StaysOnItsBatch_MarkedWithTheDay_OnTheVeryNextRequest_WhileTheCertifiedListDropsIt()
    {
        var kept = await Round.StartAsync(app, "110108");
        var revoked = await Round.StartAsync(app, "110108");
        var ids = new[] { await kept.FiledAsync(), await revoked.FiledAsync() };
        var batch = await (await kept.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = ids }, Json)).Read<PublicationApi.BatchView>();
        var n = batch.Number;
        var codes = new[] { kept.CommunityCode, revoked.CommunityCode }.Order(StringComparer.Ordinal).ToList();
        var anonymous = Browserless.Anonymous(app);
        var path = $"/public/batches/{n}";

        var (status, page) = await anonymous.GetAsync(path);
        status.ShouldBe(HttpStatusCode.OK);
        Entries(page).Select(e => e.GetAttribute("data-code")).ShouldBe(codes);
        page.QuerySelectorAll("[data-testid=revoked-mark]").ShouldBeEmpty();
        using (var cached = await app.CreateClient().GetAsync(path))
            cached.Headers.Age.ShouldNotBeNull("the batch page is output-cached"); // so the next answer must come from a new version
        var numbers = (await (await app.CreateClient().GetAsync($"/api/v1/public/batches/{n}")).Read<PublishedBatch>()).Communities
            .ToDictionary(c => c.Code, c => c.CertificateNumber);

        (await revoked.District.RecordVeto(revoked.CommunityCode, VetoKind.MediaExposure, app.Clock, source: "北京日报")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var day = ProgrammeClock.DateOf(app.Clock.GetUtcNow());

        // The page: both names as published, the revoked one marked with the day; each with its 证书编号; the note.
        (status, page) = await anonymous.GetAsync(path);
        status.ShouldBe(HttpStatusCode.OK);
        var entries = Entries(page).ToDictionary(e => e.GetAttribute("data-code")!);
        entries.Keys.Order(StringComparer.Ordinal).ShouldBe(codes);
        entries[revoked.CommunityCode].QuerySelector("[data-testid=revoked-mark]")!.TextContent.ShouldBe($"（已于{FormalDate.Of(day)}取消认定）");
        entries[kept.CommunityCode].QuerySelector("[data-testid=revoked-mark]").ShouldBeNull();
        foreach (var code in codes)
            entries[code].QuerySelector("[data-testid=certificate-number]")!.TextContent.ShouldBe(numbers[code]);
        foreach (var line in page.QuerySelectorAll(".batch-district p")) // street：name京无疫证…、name京无疫证…（已于…取消认定）, as printed
            line.TextContent.ShouldNotContain(" ");
        var note = page.QuerySelector("[data-testid=as-published]")!;
        note.TextContent.ShouldBe($"本页为第 {n} 批公布时的名单；此后的取消认定、恢复认定见动态调整。");
        note.QuerySelector("a")!.GetAttribute("href").ShouldBe("/public/adjustments");

        // The API: the batch's fields as before, and every row with its number and standing.
        var api = await (await app.CreateClient().GetAsync($"/api/v1/public/batches/{n}")).Read<PublishedBatch>();
        (api.Number, api.Title, api.CommunityCount).ShouldBe((n, batch.Title, 2));
        api.Communities.Select(c => c.Code).ShouldBe(codes);
        var gone = api.Communities.Single(c => c.Code == revoked.CommunityCode);
        (gone.Standing, gone.StandingName, gone.RevokedOn, gone.RestoredOn, gone.CertificateNumber).ShouldBe(
            (CertificateStatus.Revoked, "已取消认定", (DateOnly?)day, (DateOnly?)null, numbers[revoked.CommunityCode]));
        var stands = api.Communities.Single(c => c.Code == kept.CommunityCode);
        (stands.Standing, stands.RevokedOn).ShouldBe((CertificateStatus.Valid, (DateOnly?)null));
        var json = await app.CreateClient().GetStringAsync($"/api/v1/public/batches/{n}");
        foreach (var field in new[] { "\"certificateNumber\":", "\"revokedOn\":", "\"restoredOn\":", "\"standing\":\"Revoked\"", "\"publishedBy\":" })
            json.ShouldContain(field);

        // The export: both rows, with the standing in Chinese.
        var book = await Workbook.ReadAsync(await anonymous.Client.GetAsync($"/api/v1/public/batches/{n}/export"));
        book.Header.ShouldBe(["区划代码", "社区（村）", "类别", "街道（乡镇）", "街道代码", "区", "区代码", "公布批次", "认定日期", "证书编号",
            "现状", "取消认定日期", "恢复认定日期", "重新认定批次"]);
        book.Column("区划代码").ShouldBe(codes);
        var row = codes.IndexOf(revoked.CommunityCode) + 1;
        book.TextAt(book.Reference("现状", row)).ShouldBe("已取消认定");
        book.DateAt(book.Reference("取消认定日期", row), withTime: false).ShouldBe(day.ToDateTime(TimeOnly.MinValue));
        book.TextAt(book.Reference("证书编号", row)).ShouldBe(numbers[revoked.CommunityCode]);
        book.TextAt(book.Reference("现状", codes.IndexOf(kept.CommunityCode) + 1)).ShouldBe("有效");

        // The certified list still drops the revoked community (unchanged).
        foreach (var (code, listed) in new[] { (kept.CommunityCode, true), (revoked.CommunityCode, false) })
        {
            var (_, list) = await anonymous.GetAsync($"/public?q={code}");
            list.QuerySelectorAll("[data-testid=certified-list] a").Any(a => a.GetAttribute("href") == $"/public/communities/{code}").ShouldBe(listed, code);
        }
        var standing = await (await app.CreateClient().GetAsync($"/api/v1/public/certified?batch={n}")).Read<Paged<CertifiedCommunity>>();
        standing.Items.Select(c => c.Code).ShouldBe([kept.CommunityCode]);
    }

    [Fact]
    public async Task ACommunityCertifiedAgain_IsMarked_WithTheLaterBatch()
    {
        var start = app.Clock.GetUtcNow();
        try
        {
            var round = await Round.StartAsync(app, "110109");
            var code = round.CommunityCode;
            var (_, first) = await round.CertifiedAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
            var revokedOn = ProgrammeClock.DateOf(app.Clock.GetUtcNow());
            var task = await round.Community.OpenTaskAsync(code);
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await (await round.Community.TaskStep(task.Id, "report", new { report = "卡口恢复24小时值守" })).ShouldBe(HttpStatusCode.OK);
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await (await round.District.TaskStep(task.Id, "accept", new { comment = "整改到位" })).ShouldBe(HttpStatusCode.OK);
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            var (_, again) = await round.CertifiedAsync();
            var againOn = ProgrammeClock.DateOf(app.Clock.GetUtcNow());

            var (status, page) = await Browserless.Anonymous(app).GetAsync($"/public/batches/{first}");
            status.ShouldBe(HttpStatusCode.OK);
            var entry = Entries(page).ShouldHaveSingleItem();
            entry.GetAttribute("data-code").ShouldBe(code);
            entry.QuerySelector("[data-testid=revoked-mark]")!.TextContent
                .ShouldBe($"（已于{FormalDate.Of(revokedOn)}取消认定，{FormalDate.Of(againOn)}重新认定，见第 {again} 批）");
            var api = await (await app.CreateClient().GetAsync($"/api/v1/public/batches/{first}")).Read<PublishedBatch>();
            var row = api.Communities.ShouldHaveSingleItem();
            (row.Standing, row.RevokedOn, row.CertifiedAgainInBatch, row.CertifiedAgainOn).ShouldBe((CertificateStatus.CertifiedAgain, (DateOnly?)revokedOn, (int?)again, (DateOnly?)againOn));

            // The later batch lists it plainly.
            var (_, later) = await Browserless.Anonymous(app).GetAsync($"/public/batches/{again}");
            Entries(later).ShouldHaveSingleItem().QuerySelector("[data-testid=revoked-mark]").ShouldBeNull();
        }
        finally
        {
            app.Clock.Set(start);
        }
    }

    private static IEnumerable<IElement> Entries(IDocument page) => page.QuerySelectorAll("[data-testid=batch-entry]");
}

public sealed class BatchAsPublishedTests_Sqlite(SqliteApp app) : BatchAsPublishedTests(app), IClassFixture<SqliteApp>;

public sealed class BatchAsPublishedTests_Postgres(PostgresApp app) : BatchAsPublishedTests(app), IClassFixture<PostgresApp>;
