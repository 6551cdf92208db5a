using System.Net;
using System.Net.Http.Json;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Web.Certificates;
using Wuyi.Web.Publication;
using Wuyi.Web.PublicSite;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// The programme's PDFs (issue 13, items 1, 3 and 5): the certificate, the plaque and a batch's publication notice are real
/// text in a CJK font — pdftotext reads the community's name and the numbers back — and render to pages that are not blank.
/// Each test takes its own district.
/// </summary>
public abstract class DocumentPdfTests(WuyiApp app)
{
    private const string Issuer = "北京市新冠肺炎疫情防控工作领导小组社区防控组";

    private string Sample(string name) => $"{name}-{app.Provider.ToString().ToLowerInvariant()}";

    [Fact]
    public async Task TheCertificate_AndThePlaque_AreText_WithTheNameTheNumberAndTheIssuer_OnAPageThatIsNotBlank()
    {
        var round = await Round.StartAsync(app, "110105");
        await round.CertifiedAsync();
        var (code, number) = (round.CommunityCode, await NumberOfAsync(round.CommunityCode));
        var community = await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{code}")).Read<CommunityStatus>();
        var signedIn = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110105"));

        // From the print view's button.
        var (_, view) = await signedIn.GetAsync(CertificateLinks.Print(number));
        view.QuerySelector("[data-testid=pdf]")!.GetAttribute("href").ShouldBe(CertificateLinks.Pdf(number));
        using var response = await signedIn.Client.GetAsync(CertificateLinks.Pdf(number));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue(); // its standing is live

        var certificate = await PdfFile.ReadAsync(await response.Content.ReadAsByteArrayAsync(), Sample("certificate"));
        certificate.Pages.ShouldBe(1);
        certificate.Text.ShouldContain("无疫社区（村）认定证书");
        certificate.Text.ShouldContain(community.District.Name + community.Street.Name + community.Name + "：");
        certificate.Text.ShouldContain("证书编号：" + number);
        certificate.Text.ShouldContain(Issuer);
        certificate.Text.ShouldContain(FormalDate.Of(app.Clock.GetUtcNow()));
        certificate.Text.ShouldContain("北京市无疫社区（村）创建活动");
        certificate.Text.ShouldNotContain("已取消认定");
        var (width, height, ink) = await certificate.RenderAsync();
        height.ShouldBeGreaterThan(width); // A4 portrait
        ink.ShouldBeGreaterThan(0.02, "the certificate's page renders blank");

        using var plaqueResponse = await signedIn.Client.GetAsync(CertificateLinks.Pdf(number, "plaque"));
        plaqueResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        var plaque = await PdfFile.ReadAsync(await plaqueResponse.Content.ReadAsByteArrayAsync(), Sample("plaque"));
        plaque.Pages.ShouldBe(1);
        plaque.Text.ShouldContain("无疫社区");
        plaque.Text.ShouldContain(community.Name);
        plaque.Text.ShouldContain(number);
        (width, height, ink) = await plaque.RenderAsync();
        width.ShouldBeGreaterThan(height); // A4 landscape
        ink.ShouldBeGreaterThan(0.02, "the plaque's page renders blank");
    }

    [Fact]
    public async Task ACertificateThatNoLongerStands_IsPrintedSaying已取消认定()
    {
        var round = await Round.StartAsync(app, "110106");
        await round.CertifiedAsync();
        var number = await NumberOfAsync(round.CommunityCode);
        await round.District.VetoAsync(round.CommunityCode, VetoKind.InspectionNotice, app.Clock);

        using var response = await round.Community.GetAsync(CertificateLinks.PdfApi(number));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var pdf = await PdfFile.ReadAsync(await response.Content.ReadAsByteArrayAsync(), Sample("certificate-revoked"));
        pdf.Text.ShouldContain(number);
        pdf.Text.ShouldContain($"本证书当前状态：已取消认定（{FormalDate.Of(app.Clock.GetUtcNow())}取消认定）");
    }

    [Fact]
    public async Task TheCertificatesPdf_IsForTheCommunity_AndTheOfficialsOverIt_Only()
    {
        var round = await Round.StartAsync(app, "110107");
        await round.CertifiedAsync();
        var number = await NumberOfAsync(round.CommunityCode);

        // Through the API with a bearer token: the community itself and the district; another district gets 404.
        foreach (var mine in new[] { round.Community, round.District, round.City })
        {
            using var ok = await mine.GetAsync(CertificateLinks.PdfApi(number, "plaque"));
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            ok.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        }
        var other = await app.AsAsync(ProgrammeRole.District, "110108");
        using (var refused = await other.GetAsync(CertificateLinks.PdfApi(number)))
            await refused.Problem(HttpStatusCode.NotFound, "certificate-not-found");
        using (var unknown = await round.City.GetAsync(CertificateLinks.PdfApi("京无疫证〔2022〕0107-9999")))
            unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using (var anonymous = await app.CreateClient().GetAsync(CertificateLinks.PdfApi(number)))
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The page's handler: out of scope is 404, as the print view.
        var outsider = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.District, "110108"));
        using var page = await outsider.Client.GetAsync(CertificateLinks.Pdf(number));
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ABatchsNotice_HasItsNumberTitleIssuerAndSealPlace_AndTheListAsPublished_EvenAfterARevocation()
    {
        var kept = await Round.StartAsync(app, "110111");
        var revoked = await Round.StartAsync(app, "110111");
        var ids = new[] { await kept.FiledAsync(), await revoked.FiledAsync() };
        var batch = await (await kept.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = ids }, Json)).Read<PublicationApi.BatchView>();
        (await revoked.District.RecordVeto(revoked.CommunityCode, VetoKind.MediaExposure, app.Clock, source: "北京日报")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var published = await (await app.CreateClient().GetAsync($"/api/v1/public/batches/{batch.Number}")).Read<PublishedBatch>();
        var noticeNumber = $"京无疫公〔{ProgrammeClock.DateOf(app.Clock.GetUtcNow()).Year}〕{batch.Number}号";

        // Linked from the batch page, which shows the same 文号.
        var anonymous = Browserless.Anonymous(app);
        var (_, page) = await anonymous.GetAsync($"/public/batches/{batch.Number}");
        page.QuerySelector("[data-testid=notice-number]")!.TextContent.ShouldBe(noticeNumber);
        var link = page.QuerySelector("[data-testid=notice-pdf]")!.GetAttribute("href")!;
        using var response = await anonymous.Client.GetAsync(link);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");

        var notice = await PdfFile.ReadAsync(await response.Content.ReadAsByteArrayAsync(), Sample("batch-notice"));
        notice.Pages.ShouldBeGreaterThanOrEqualTo(2); // the notice, then its annex
        notice.Text.ShouldContain(noticeNumber);
        notice.Text.ShouldContain($"关于公布北京市{batch.Title}的通知");
        notice.Text.ShouldContain("各区社区防控组：");
        notice.Text.ShouldContain(Issuer);
        notice.Text.ShouldContain("（盖章）");
        notice.Text.ShouldContain(FormalDate.Of(published.PublishedOn));
        notice.Text.ShouldContain("本批共2个社区（村）");
        notice.Text.ShouldContain("附件");
        notice.Text.ShouldNotContain("北京市北京市"); // a title that names the city already is not given it twice
        foreach (var c in published.Communities) // the revoked one too: the notice is the document of the day
        {
            notice.Text.ShouldContain(c.Name + c.CertificateNumber);
        }
        notice.Text.ShouldNotContain("已于"); // later revocations are marked on the page, not written into the notice
        (await notice.RenderAsync()).Ink.ShouldBeGreaterThan(0.01, "the notice's first page renders blank");
        (await notice.RenderAsync(2)).Ink.ShouldBeGreaterThan(0.002, "the annex renders blank");

        using var missing = await anonymous.Client.GetAsync("/api/v1/public/batches/9999/notice");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<string> NumberOfAsync(string code) =>
        await app.WithDbAsync(db => Task.FromResult(db.Certifications.Where(c => c.CommunityCode == code).OrderByDescending(c => c.CertifiedAtUtc)
            .Select(c => c.Number).First()));
}

public sealed class DocumentPdfTests_Sqlite(SqliteApp app) : DocumentPdfTests(app), IClassFixture<SqliteApp>;

public sealed class DocumentPdfTests_Postgres(PostgresApp app) : DocumentPdfTests(app), IClassFixture<PostgresApp>;
