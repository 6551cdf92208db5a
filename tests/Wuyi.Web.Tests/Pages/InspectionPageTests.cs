using System.Net;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Supervision;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.Pages;

/// <summary>
/// 督导检查 pages without JavaScript: plan from the risk list, fill the phone form (a refusal keeps what was typed and saves
/// nothing; another checkpoint row is one more post), submit, and decide a rectification through the confirmation step.
/// </summary>
public abstract class InspectionPageTests(WuyiApp app)
{
    [Fact]
    public async Task PlanFillAndDecide_WithoutJavaScript()
    {
        var round = await Round.StartAsync(app, "110109");
        var code = round.CommunityCode;
        await round.CertifiedAsync();
        var userName = await app.CreateAccountAsync(ProgrammeRole.District, "110109", "门头沟区检查员");
        var page = await Browserless.SignInAsync(app, userName);
        var inspector = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        var today = ProgrammeClock.DateOf(app.Clock.GetUtcNow()).ToString("yyyy-MM-dd");

        var (listStatus, list) = await page.GetAsync("/inspections");
        listStatus.ShouldBe(HttpStatusCode.OK);
        list.QuerySelector($"[data-testid=risk-row][data-code='{code}'] [data-testid=risk-reasons]")!.TextContent.ShouldContain("从未检查（+5）");

        var (planned, _) = await page.SubmitListAsync("/inspections", "#plan",
            [new("Selected", code), new("InspectorUserId", inspector), new("PlannedOn", today)], "plan");
        planned.ShouldBe(HttpStatusCode.Redirect);
        var id = await app.WithDbAsync(db => db.Inspections.Where(i => i.CommunityCode == code).Select(i => i.Id).SingleAsync());
        var form = $"/inspections/{id}/form";

        // A checkpoint without its two answers: refused beside the checkpoints, what was typed kept, nothing saved.
        var (refusedStatus, refused) = await page.SubmitAsync(form, "#inspection-form", new()
        {
            ["InspectedAt"] = today + "T09:00", ["Place"] = "西门卡口", ["Checkpoints[0].Name"] = "西门卡口",
        }, "submit");
        refusedStatus.ShouldBe(HttpStatusCode.OK);
        refused.QuerySelector("[data-testid=checkpoint-error]")!.TextContent.ShouldContain("请选择是否有人值守");
        refused.QuerySelector("#Place")!.GetAttribute("value").ShouldBe("西门卡口");
        (await app.WithDbAsync(db => db.Inspections.Where(i => i.Id == id).Select(i => i.State).SingleAsync())).ShouldBe(InspectionState.Planned);

        // Another row, without JavaScript: one more post, nothing saved.
        var (_, more) = await page.SubmitAsync(form, "#inspection-form", new() { ["Checkpoints[0].Name"] = "西门卡口" }, "addcheckpoint");
        more.QuerySelectorAll("[data-testid=checkpoint]").Length.ShouldBe(3);

        var (submitted, _) = await page.SubmitAsync(form, "#inspection-form", new()
        {
            ["InspectedAt"] = today + "T08:30", ["Place"] = "西门卡口", ["Checkpoints[0].Name"] = "西门卡口",
            ["Checkpoints[0].Staffed"] = "true", ["Checkpoints[0].DutyKept"] = "false", ["Checkpoints[0].Remark"] = "夜班无人",
            ["Results[A5]"] = "unmet", ["Notes[A5]"] = "无消毒记录", ["Results[A1]"] = "",
        }, "submit");
        submitted.ShouldBe(HttpStatusCode.Redirect);
        var (_, detail) = await page.GetAsync($"/inspections/{id}");
        detail.QuerySelectorAll("[data-testid=failed-items] li").Select(li => li.TextContent)
            .ShouldBe(["卡口“西门卡口”未落实24小时值守：夜班无人", "A5 规范卡口区域消毒消杀未达到标准：无消毒记录"]);
        // Submitted: the form is no longer offered, and going to it leads back to the inspection.
        using (var again = await page.Client.GetAsync(form)) again.Headers.Location!.ToString().ShouldBe($"/inspections/{id}");

        var (decided, _, confirmation) = await page.SubmitConfirmedAsync($"/inspections/{id}", "#decide",
            new() { ["Outcome"] = nameof(InspectionOutcome.Rectification), ["Comment"] = "限期整改" }, "decide");
        confirmation.QuerySelector("[data-testid=consequences]")!.TextContent.ShouldContain("2 项问题");
        decided.ShouldBe(HttpStatusCode.Redirect);
        var inspection = await app.WithDbAsync(db => db.Inspections.AsNoTracking().SingleAsync(i => i.Id == id));
        (inspection.State, inspection.Outcome).ShouldBe((InspectionState.Decided, InspectionOutcome.Rectification));
        (await app.WithDbAsync(db => db.RectificationTasks.CountAsync(t => t.Id == inspection.RectificationTaskId && t.OpenForCommunity == code))).ShouldBe(1);

        // The list of inspections, and its export.
        var csv = await (await page.Client.GetAsync("/inspections/list?handler=csv")).Content.ReadAsStringAsync();
        csv.ShouldContain($"\"{code}\"");
        csv.ShouldContain("督促整改");
    }
}

public sealed class InspectionPageTests_Sqlite(SqliteApp app) : InspectionPageTests(app), IClassFixture<SqliteApp>;

public sealed class InspectionPageTests_Postgres(PostgresApp app) : InspectionPageTests(app), IClassFixture<PostgresApp>;
