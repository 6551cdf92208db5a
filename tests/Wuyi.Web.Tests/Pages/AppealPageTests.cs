using System.Net;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Rules;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// 申诉复核 through the pages, without JavaScript: the community finds the veto it may appeal and files with reasons (refused beside the
/// field without); the page says the revocation stands meanwhile; the recorder's refusal is shown; a second city official confirms the
/// domain's consequences and the title is back.
/// </summary>
public abstract class AppealPageTests(WuyiApp app)
{
    [Fact]
    public async Task TheCommunityFiles_TheRecorderIsRefused_ASecondCityOfficialConfirmsAndRestoresTheTitle()
    {
        var round = await Round.StartAsync(app, "110116");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var recorderName = await app.CreateAccountAsync(ProgrammeRole.City, "11");
        var recorderApi = await app.SignInAsync(recorderName);
        var veto = await recorderApi.VetoAsync(code, VetoKind.InspectionNotice, app.Clock);
        var community = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.Community, code));

        var (_, choose) = await community.GetAsync("/appeals/new");
        var candidate = choose.QuerySelectorAll("[data-testid=candidates] a").Single(a => a.TextContent.Contains("市卫健委检查通报"));
        candidate.TextContent.ShouldStartWith("一票否决：");
        candidate.TextContent.ShouldNotContain("一票否决：一票否决"); // the kind once, then the veto's own words
        var link = candidate.GetAttribute("href")!;
        var (status, page) = await community.SubmitAsync(link, "form[data-testid=appeal-form]", new() { ["Reasons"] = "" });
        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("[data-valmsg-for=Reasons]")!.TextContent.ShouldBe("请填写申诉理由");
        (status, page) = await community.SubmitAsync(link, "form[data-testid=appeal-form]", new() { ["Reasons"] = "通报所指卡口属相邻社区" });
        status.ShouldBe(HttpStatusCode.Redirect);
        var appealId = await app.WithDbAsync(db => Task.FromResult(db.Appeals.Single(a => a.CommunityCode == code).Id));
        var (_, filed) = await community.GetAsync($"/appeals/{appealId}");
        filed.QuerySelector("[data-testid=stands]")!.TextContent.ShouldContain("原决定照常执行");
        filed.QuerySelector("form[data-confirm-step]").ShouldBeNull(); // the community does not decide
        await app.ShouldBeOnPublicList(code, false);

        var recorder = await Browserless.SignInAsync(app, recorderName);
        (status, page) = await recorder.SubmitAsync($"/appeals/{appealId}", "form[data-confirm-step]", new() { ["Answer"] = "Uphold", ["Reasons"] = "同意" });
        status.ShouldBe(HttpStatusCode.Forbidden);
        page.QuerySelector("[data-testid=errors]")!.TextContent.ShouldContain("未参与记录该否决事项");

        var second = await Browserless.SignInAsync(app, await app.CreateAccountAsync(ProgrammeRole.City, "11"));
        var (_, queue) = await second.GetAsync("/appeals");
        queue.QuerySelector("[data-testid=appeals]")!.TextContent.ShouldContain("待复核");
        queue.QuerySelector("[data-testid=export-xlsx]").ShouldNotBeNull();
        var (confirmedStatus, result, confirmation) = await second.SubmitConfirmedAsync($"/appeals/{appealId}", "form[data-confirm-step]",
            new() { ["Answer"] = "Uphold", ["Reasons"] = "经核实，通报所指卡口属相邻社区" });
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldContain("恢复无疫社区（村）认定，重新列入公布名单");
        confirmedStatus.ShouldBe(HttpStatusCode.Redirect);
        var (_, decided) = await second.GetAsync($"/appeals/{appealId}");
        decided.QuerySelector("[data-testid=state]")!.TextContent.ShouldBe("申诉成立");
        decided.QuerySelector("[role=status]")!.TextContent.ShouldStartWith("申诉成立：");
        decided.QuerySelector("[data-testid=notice]")!.TextContent.ShouldStartWith("京无疫复〔2022〕0116-");
        await app.ShouldBeOnPublicList(code, true);
    }
}

public sealed class AppealPageTests_Sqlite(SqliteApp app) : AppealPageTests(app), IClassFixture<SqliteApp>;

public sealed class AppealPageTests_Postgres(PostgresApp app) : AppealPageTests(app), IClassFixture<PostgresApp>;
