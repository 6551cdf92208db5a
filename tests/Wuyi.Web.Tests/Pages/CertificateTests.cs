using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.Certificates;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Publication;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// 认定证书 and 证书核验 (issue 13, items 1–2; decision 0012): publication numbers each certification; the print view shows
/// what the certificate says and a QR code of its verification address; the verification page is anonymous, cached, and
/// says 已取消认定 on the very next request after a veto. Each test takes its own district.
/// </summary>
public abstract partial class CertificateTests(WuyiApp app)
{
    [GeneratedRegex(@"^京无疫证〔2022〕(\d{4})-(\d{4,})$")]
    private static partial Regex NumberPattern();

    private const string Issuer = "北京市新冠肺炎疫情防控工作领导小组社区防控组";

    [Fact]
    public async Task Publication_GivesEachCertification_ItsOwnNumber_OfItsDistrictAndYear_InCodeOrder()
    {
        var first = await Round.StartAsync(app, "110109");
        var second = await Round.StartAsync(app, "110109");
        var ids = new[] { await first.FiledAsync(), await second.FiledAsync() };
        (await first.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = ids }, Json)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var a = await NumberOfAsync(first.CommunityCode);
        var b = await NumberOfAsync(second.CommunityCode);
        foreach (var n in new[] { a, b }) NumberPattern().Match(n).Groups[1].Value.ShouldBe("0109", n);
        var (lower, higher) = string.CompareOrdinal(first.CommunityCode, second.CommunityCode) < 0 ? (a, b) : (b, a);
        Sequence(higher).ShouldBe(Sequence(lower) + 1); // in division-code order within the batch

        // A later batch goes on from the highest of the district; the API and the certified list carry the number.
        var third = await Round.StartAsync(app, "110109");
        await third.CertifiedAsync();
        var c = await NumberOfAsync(third.CommunityCode);
        Sequence(c).ShouldBe(Sequence(higher) + 1);
        var listed = await (await app.CreateClient().GetAsync($"/api/v1/public/certified?q={third.CommunityCode}")).Read<Paged<CertifiedCommunity>>();
        listed.Items.ShouldHaveSingleItem().CertificateNumber.ShouldBe(c);
        (await app.WithDbAsync(db => Task.FromResult(db.Certifications.Count(x => x.Number == c)))).ShouldBe(1);
    }

    [Fact]
    public async Task PrintView_ShowsTheCertificate_AndAQrCodeOfItsExactVerificationUrl()
    {
        var round = await Round.StartAsync(app, "110114");
        await round.CertifiedAsync();
        var code = round.CommunityCode;
        var number = await NumberOfAsync(code);
        var community = await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{code}")).Read<CommunityStatus>();
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110114"));

        // From the community's story page to the certificate.
        var (storyStatus, story) = await district.GetAsync($"/communities/{code}/story");
        storyStatus.ShouldBe(HttpStatusCode.OK);
        var link = story.QuerySelectorAll("[data-testid=certificate] a").Select(x => x.GetAttribute("href")).First()!;
        link.ShouldBe(CertificateLinks.Print(number));

        var (status, page) = await district.GetAsync(link);
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=certificate-number]")!.TextContent.ShouldBe(number);
        var addressee = page.QuerySelector("[data-testid=certificate-community]")!.TextContent;
        addressee.ShouldContain(community.District.Name + community.Street.Name + community.Name);
        page.QuerySelector("[data-testid=certificate-date]")!.TextContent.ShouldBe(FormalDate.Of(app.Clock.GetUtcNow())); // e.g. 2022年6月16日
        page.QuerySelector("[data-testid=certificate-date]")!.TextContent.ShouldMatch(@"^2022年\d{1,2}月\d{1,2}日$");
        page.QuerySelector("[data-testid=certificate-issuer]")!.TextContent.ShouldBe(Issuer);
        page.QuerySelector("[data-testid=certificate]")!.TextContent.ShouldContain("北京市无疫社区（村）创建活动");
        page.QuerySelector("[data-testid=not-valid]").ShouldBeNull();

        // The QR code holds the absolute verification address, which the page also shows and links as text.
        var url = CertificateLinks.VerifyUrl(WuyiApp.BaseAddress.GetLeftPart(UriPartial.Authority), number);
        url.ShouldBe("https://localhost/public/verify/" + Uri.EscapeDataString(number));
        page.QuerySelector("[data-testid=verify-url]")!.GetAttribute("href").ShouldBe(url);
        page.QuerySelector("[data-testid=verify-url]")!.TextContent.ShouldBe("https://localhost/public/verify/" + number); // as people read it
        page.QuerySelector("[data-testid=certificate-qr]")!.GetAttribute("data-url").ShouldBe(url);
        var html = await district.Client.GetStringAsync(link);
        html.ShouldContain(CertificateLinks.QrSvg(url)); // the generator is deterministic: this SVG is the code of exactly that URL
        html.ShouldNotContain(CertificateLinks.QrSvg(url + "x"));

        // The plaque: the same certificate on a landscape sheet.
        var plaque = await district.Client.GetStringAsync(CertificateLinks.Print(number, "plaque"));
        plaque.ShouldContain("certificate-plaque");
        plaque.ShouldContain("A4 landscape");
        plaque.ShouldContain(number);
        plaque.ShouldContain(CertificateLinks.QrSvg(url));

        // The community itself may print it too.
        var own = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Community, code));
        (await own.GetAsync(link)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PrintView_OutsideTheCallersSubtree_IsNotFound()
    {
        var round = await Round.StartAsync(app, "110116");
        await round.CertifiedAsync();
        var link = CertificateLinks.Print(await NumberOfAsync(round.CommunityCode));

        var otherDistrict = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110117"));
        (await otherDistrict.GetAsync(link)).Status.ShouldBe(HttpStatusCode.NotFound);
        var sibling = await app.WithDbAsync(db => Task.FromResult(db.Divisions
            .Where(d => d.Code.StartsWith(round.CommunityCode.Substring(0, 9)) && d.Code.Length == 12 && d.Code != round.CommunityCode)
            .OrderBy(d => d.Code).Select(d => d.Code).First()));
        var otherCommunity = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Community, sibling));
        (await otherCommunity.GetAsync(link)).Status.ShouldBe(HttpStatusCode.NotFound);
        var (anonymous, _) = await Browserless.Anonymous(app).GetAsync(link);
        anonymous.ShouldBe(HttpStatusCode.Redirect); // to sign in
        var city = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.City, "11"));
        (await city.GetAsync(link)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheQrCodesPage_SaysValid_AndAVeto_TurnsItToRevoked_OnTheVeryNextRequest()
    {
        var round = await Round.StartAsync(app, "110115");
        await round.CertifiedAsync();
        var code = round.CommunityCode;
        var number = await NumberOfAsync(code);
        var district = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110115"));
        var (_, print) = await district.GetAsync(CertificateLinks.Print(number));
        var scanned = new Uri(print.QuerySelector("[data-testid=certificate-qr]")!.GetAttribute("data-url")!); // what a phone reads
        var anonymous = Browserless.Anonymous(app);

        var (status, page) = await anonymous.GetAsync(scanned.PathAndQuery);
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=certificate-status]")!.TextContent.Trim().ShouldBe("有效");
        page.QuerySelector("[data-testid=certificate-number]")!.TextContent.ShouldBe(number);
        (await anonymous.GetAsync(scanned.PathAndQuery)).Document.QuerySelector("[data-testid=certificate-status]")!.TextContent.Trim()
            .ShouldBe("有效"); // now cached
        var api = await (await app.CreateClient().GetAsync(CertificateLinks.VerifyApi(number))).Read<CertificateVerification>();
        (api.Status, api.StatusName, api.Number, api.VerifyUrl).ShouldBe((CertificateStatus.Valid, "有效", number, scanned.AbsoluteUri));
        // The public community page links the certificate to its verification.
        var (_, communityPage) = await anonymous.GetAsync($"/public/communities/{code}");
        communityPage.QuerySelector("[data-testid=certificate] a")!.GetAttribute("href").ShouldBe(CertificateLinks.Verify(number));

        (await round.District.RecordVeto(code, VetoKind.MediaExposure, app.Clock, source: "北京日报")).StatusCode.ShouldBe(HttpStatusCode.Created);

        (status, page) = await anonymous.GetAsync(scanned.PathAndQuery);
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-testid=certificate-status]")!.TextContent.Trim().ShouldBe("已取消认定");
        var revoked = page.QuerySelector("[data-testid=revoked]")!.TextContent;
        revoked.ShouldContain(FormalDate.Of(app.Clock.GetUtcNow()) + "取消认定");
        revoked.ShouldContain("一票否决：" + VetoKindNames.Of(VetoKind.MediaExposure));
        revoked.ShouldContain("北京日报");
        page.QuerySelector("[data-testid=rectifying]")!.TextContent.ShouldContain("整改中");
        api = await (await app.CreateClient().GetAsync(CertificateLinks.VerifyApi(number))).Read<CertificateVerification>();
        (api.Status, api.RevokedOn, api.Rectifying).ShouldBe((CertificateStatus.Revoked, ProgrammeClock.DateOf(app.Clock.GetUtcNow()), true));
        // The print view still opens for the record, marked as no longer valid.
        var (_, voided) = await district.GetAsync(CertificateLinks.Print(number));
        voided.QuerySelector("[data-testid=not-valid]")!.TextContent.ShouldContain("已取消认定");
    }

    [Fact]
    public async Task CertifiedAgain_TheOldCertificateSaysSo_AndPointsToTheNewOne()
    {
        var start = app.Clock.GetUtcNow();
        try
        {
            var round = await Round.StartAsync(app, "110118");
            var code = round.CommunityCode;
            await round.CertifiedAsync();
            var old = await NumberOfAsync(code);
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await round.District.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
            var task = await round.Community.OpenTaskAsync(code);
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await (await round.Community.TaskStep(task.Id, "report", new { report = "卡口恢复24小时值守" })).ShouldBe(HttpStatusCode.OK);
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await (await round.District.TaskStep(task.Id, "accept", new { comment = "整改到位" })).ShouldBe(HttpStatusCode.OK);
            var (_, afterAccept) = await Browserless.Anonymous(app).GetAsync(CertificateLinks.Verify(old));
            afterAccept.QuerySelector("[data-testid=certificate-status]")!.TextContent.Trim().ShouldBe("已取消认定");
            afterAccept.QuerySelector("[data-testid=rectifying]").ShouldBeNull(); // accepted: no longer 整改中, on the next request

            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await round.CertifiedAsync();
            var again = await NumberOfAsync(code);
            again.ShouldNotBe(old);
            Sequence(again).ShouldBeGreaterThan(Sequence(old));

            var (_, page) = await Browserless.Anonymous(app).GetAsync(CertificateLinks.Verify(old));
            page.QuerySelector("[data-testid=certificate-status]")!.TextContent.Trim().ShouldBe("已重新认定");
            page.QuerySelector("[data-testid=successor] a")!.GetAttribute("href").ShouldBe(CertificateLinks.Verify(again));
            var (_, current) = await Browserless.Anonymous(app).GetAsync(CertificateLinks.Verify(again));
            current.QuerySelector("[data-testid=certificate-status]")!.TextContent.Trim().ShouldBe("有效");
        }
        finally
        {
            app.Clock.Set(start);
        }
    }

    [Fact]
    public async Task AnUnknownNumber_SaysSoPlainly_With404_AndASearchBox()
    {
        var unknown = "京无疫证〔2022〕0119-9999";
        var anonymous = Browserless.Anonymous(app);

        var (status, page) = await anonymous.GetAsync(CertificateLinks.Verify(unknown));
        status.ShouldBe(HttpStatusCode.NotFound);
        page.QuerySelector("[data-testid=certificate-status]")!.TextContent.ShouldContain("证书编号不存在");
        page.QuerySelector("[data-testid=verify-form] input[name=q]").ShouldNotBeNull();
        (status, page) = await anonymous.GetAsync("/public/verify/not-a-number");
        status.ShouldBe(HttpStatusCode.NotFound);
        page.QuerySelector("[data-testid=certificate-status]")!.TextContent.ShouldContain("证书编号不存在");

        var problem = await (await app.CreateClient().GetAsync(CertificateLinks.VerifyApi(unknown))).ChineseProblem(HttpStatusCode.NotFound, "certificate-not-found");
        problem.GetProperty("title").GetString().ShouldBe("证书编号不存在");

        // The search box reads a number however it was typed, and sends it to the number's own page.
        using var typed = await anonymous.Client.GetAsync("/public/verify?q=" + Uri.EscapeDataString(" 2022-0119-9999 "));
        typed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        typed.Headers.Location!.ToString().ShouldBe(CertificateLinks.Verify(unknown));
        (status, page) = await anonymous.GetAsync("/public/verify?q=" + Uri.EscapeDataString("翠微路"));
        status.ShouldBe(HttpStatusCode.NotFound);
        page.QuerySelector("[data-testid=certificate-status]")!.TextContent.ShouldContain("证书编号不存在");
    }

    private async Task<string> NumberOfAsync(string code) =>
        (await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{code}")).Read<CommunityStatus>()).CertificateNumber
        ?? await app.WithDbAsync(db => Task.FromResult(db.Certifications.Where(c => c.CommunityCode == code).OrderByDescending(c => c.CertifiedAtUtc)
            .Select(c => c.Number).First()));

    private static int Sequence(string number) => int.Parse(NumberPattern().Match(number).Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class CertificateTests_Sqlite(SqliteApp app) : CertificateTests(app), IClassFixture<SqliteApp>;

public sealed class CertificateTests_Postgres(PostgresApp app) : CertificateTests(app), IClassFixture<PostgresApp>;
