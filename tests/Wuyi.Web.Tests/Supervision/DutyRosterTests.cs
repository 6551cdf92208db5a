using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Supervision;
using Wuyi.Web.DutyRosters;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Supervision.DutyRosterFiles;

namespace Wuyi.Web.Tests.Supervision;

/// <summary>
/// 值守排班 (issue 14 item 2) through the API: a community uploads its checkpoint roster (.csv or .xlsx), all or nothing,
/// every bad row listed; a new upload replaces the dates it covers and says what it replaced; the community and the
/// levels over it read 24-hour coverage per checkpoint per day with every gap; nobody else sees or changes it. The test
/// clock stands at 2022-06-16 09:00 Beijing time.
/// </summary>
public abstract class DutyRosterTests(WuyiApp app)
{
    private Task<int> ShiftsOnRecordAsync(string code) => app.WithDbAsync(db => db.DutyShifts.CountAsync(s => s.CommunityCode == code));

    private static async Task<JsonElement> CoverageAsync(HttpClient client, string code, string? from = null, string? to = null) =>
        await (await client.GetAsync($"/api/v1/communities/{code}/duty-roster" + (from is null ? "" : $"?from={from}&to={to}"))).Read<JsonElement>();

    [Fact]
    public async Task Upload_AGoodCsv_IsStored_AndTheCoverageShowsEveryGap_ToTheLevelsAbove()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;

        var report = await (await round.Community.UploadRoster(code, Csv(WithAGap))).Read<DutyRosterReport>();
        report.Imported.ShouldBeTrue();
        (report.Shifts, report.Days, report.FirstDate, report.LastDate, report.ReplacedShifts).ShouldBe((4, 3, new DateOnly(2022, 6, 13), new DateOnly(2022, 6, 15), 0));
        report.Message.ShouldContain("这些日期此前没有排班");
        (await ShiftsOnRecordAsync(code)).ShouldBe(4);

        foreach (var reader in new[] { round.Community, round.Street, round.District, round.City })
        {
            var coverage = await CoverageAsync(reader, code, "2022-06-14", "2022-06-15");
            var summary = coverage.GetProperty("summary");
            (summary.GetProperty("fullyCoveredDays").GetInt32(), summary.GetProperty("gapDays").GetInt32(), summary.GetProperty("noRosterDays").GetInt32())
                .ShouldBe((1, 1, 0));
            summary.GetProperty("longestGapOn").GetString().ShouldBe("2022-06-15");
            var days = coverage.GetProperty("days");
            days[0].GetProperty("checkpoints")[0].GetProperty("gaps").GetArrayLength().ShouldBe(0); // the 13th's night shift covers the 14th's morning
            var gap = days[1].GetProperty("checkpoints")[0].GetProperty("gaps").EnumerateArray().ShouldHaveSingleItem();
            gap.GetProperty("from").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2022, 6, 15, 17, 0, 0, TimeSpan.FromHours(8)));
            gap.GetProperty("to").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2022, 6, 16, 0, 0, 0, TimeSpan.FromHours(8)));
        }

        // By default the last 30 days: 27 of them without any roster.
        var month = (await CoverageAsync(round.District, code)).GetProperty("summary");
        (month.GetProperty("from").GetString(), month.GetProperty("to").GetString()).ShouldBe(("2022-05-18", "2022-06-16"));
        (month.GetProperty("fullyCoveredDays").GetInt32(), month.GetProperty("gapDays").GetInt32(), month.GetProperty("noRosterDays").GetInt32()).ShouldBe((1, 2, 27));
        // A start alone is 30 days from it (a roster is planned ahead); a period that ends before it starts, or too long, is refused.
        var ahead = (await (await round.Community.GetAsync($"/api/v1/communities/{code}/duty-roster?from=2022-06-14")).Read<JsonElement>()).GetProperty("summary");
        ahead.GetProperty("to").GetString().ShouldBe("2022-07-13");
        await (await round.Community.GetAsync($"/api/v1/communities/{code}/duty-roster?from=2022-06-15&to=2022-06-14"))
            .ChineseProblem(HttpStatusCode.BadRequest, "duty-roster-period-invalid");
        await (await round.Community.GetAsync($"/api/v1/communities/{code}/duty-roster?from=2021-01-01&to=2022-06-14"))
            .ChineseProblem(HttpStatusCode.BadRequest, "duty-roster-period-invalid");
    }

    [Fact]
    public async Task Upload_AGoodXlsx_IsReadAsTheCsvIs()
    {
        var round = await Round.StartAsync(app, "110111");
        var report = await (await round.Community.UploadRoster(round.CommunityCode, Xlsx(WithAGap), "排班表.xlsx")).Read<DutyRosterReport>();
        (report.Imported, report.Shifts, report.FileName).ShouldBe((true, 4, "排班表.xlsx"));
        var summary = (await CoverageAsync(round.Street, round.CommunityCode, "2022-06-14", "2022-06-15")).GetProperty("summary");
        (summary.GetProperty("fullyCoveredDays").GetInt32(), summary.GetProperty("gapDays").GetInt32()).ShouldBe((1, 1));
    }

    [Fact]
    public async Task Upload_WithBadRows_ListsEveryOne_AndStoresNothing()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;
        string[][] rows =
        [
            ["东门卡口", "2022-06-14", "08:00", "20:00", "张三"],   // row 2: good
            ["", "2022-06-14", "20:00", "08:00", "王五"],          // row 3: no checkpoint
            ["东门卡口", "2022-13-01", "08:00", "20:00", "张三"],   // row 4: no such date
            ["东门卡口", "2022-06-15", "25:00", "08:00", "张三"],   // row 5: no such time
            ["东门卡口", "2022-06-15", "14:00", "12:00", "张三"],   // row 6: end before start, no night shift
            ["东门卡口", "2022-06-15", "08:00", "08:05", "张三"],   // row 7: five minutes
            ["东门卡口", "2022-09-15", "08:00", "20:00", "张三"],   // row 8: three months ahead
            ["东门卡口", "2022-06-15", "08:00", "20:00", " "],     // row 9: nobody on duty
        ];

        var problem = await (await round.Community.UploadRoster(code, Csv(rows))).ChineseProblem(HttpStatusCode.BadRequest, "duty-roster-rows-invalid");
        problem.GetProperty("detail").GetString()!.ShouldContain("7 行有问题，未导入任何排班");
        var problems = problem.GetProperty("report").GetProperty("problems").EnumerateArray()
            .Select(p => (Row: p.GetProperty("row").GetInt32(), Column: p.GetProperty("column").GetString(), Reason: p.GetProperty("reason").GetString()!)).ToList();
        problems.Select(p => p.Row).Distinct().ShouldBe([3, 4, 5, 6, 7, 8, 9]);
        problems.ShouldContain(p => p.Row == 3 && p.Column == "卡口名称" && p.Reason == "缺少卡口名称");
        problems.ShouldContain(p => p.Row == 4 && p.Column == "日期" && p.Reason.Contains("不是有效的日期"));
        problems.ShouldContain(p => p.Row == 5 && p.Column == "开始时间" && p.Reason.Contains("不是有效的时间"));
        problems.ShouldContain(p => p.Row == 6 && p.Column == "结束时间" && p.Reason.Contains("早于开始时间"));
        problems.ShouldContain(p => p.Row == 7 && p.Column == "结束时间" && p.Reason.Contains("5 分钟"));
        problems.ShouldContain(p => p.Row == 9 && p.Column == "值守人员" && p.Reason == "缺少值守人员");
        problems.ShouldContain(p => p.Row == 8 && p.Column == "日期" && p.Reason.Contains("两个月"));

        (await ShiftsOnRecordAsync(code)).ShouldBe(0);
        (await app.WithDbAsync(db => db.DutyRosterUploads.CountAsync(u => u.CommunityCode == code))).ShouldBe(0);
        (await CoverageAsync(round.Community, code, "2022-06-14", "2022-06-15")).GetProperty("summary").GetProperty("checkpoints").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Upload_AFileThatIsNoRoster_IsRefusedWithTheReason()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;
        var header = await (await round.Community.UploadRoster(code, Csv([["东门", "2022-06-14", "08:00"]], ["卡口名称", "日期", "开始时间"])))
            .ChineseProblem(HttpStatusCode.BadRequest, "duty-roster-file-invalid");
        header.GetProperty("detail").GetString()!.ShouldContain("表头缺少“结束时间”“值守人员”列");
        var many = Enumerable.Range(0, DutyRosterFile.MaxRows + 1).Select(_ => new[] { "东门", "2022-06-14", "08:00", "20:00", "张三" });
        (await (await round.Community.UploadRoster(code, Csv(many))).ChineseProblem(HttpStatusCode.BadRequest, "duty-roster-file-invalid"))
            .GetProperty("detail").GetString()!.ShouldContain("行的上限");
        await (await round.Community.UploadRoster(code, "%PDF-1.7\n"u8.ToArray(), "排班表.pdf")).ChineseProblem(HttpStatusCode.BadRequest, "duty-roster-file-invalid");
        await (await round.Community.UploadRoster(code, new byte[DutyRosterFile.MaxBytes + 1])).ChineseProblem(HttpStatusCode.BadRequest, "duty-roster-file-too-large");
        (await ShiftsOnRecordAsync(code)).ShouldBe(0);
    }

    [Fact]
    public async Task UploadAgain_ReplacesTheDatesItCovers_KeepsTheOthers_AndSaysWhatItReplaced()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;
        await (await round.Community.UploadRoster(code, Csv(WithAGap))).ShouldBe(HttpStatusCode.OK);

        // The 15th again, in full: its one shift is replaced, the 13th and 14th stay.
        var report = await (await round.Community.UploadRoster(code, Csv([["东门卡口", "2022-06-15", "08:00", "20:00", "张三"], ["东门卡口", "2022-06-15", "20:00", "08:00", "赵六"]])))
            .Read<DutyRosterReport>();
        (report.Shifts, report.Days, report.ReplacedShifts, report.ReplacedDays).ShouldBe((2, 1, 1, 1));
        report.Message.ShouldContain("替换了其中 1 天原有的 1 个班次");
        (await ShiftsOnRecordAsync(code)).ShouldBe(5);
        var summary = (await CoverageAsync(round.District, code, "2022-06-14", "2022-06-15")).GetProperty("summary");
        (summary.GetProperty("fullyCoveredDays").GetInt32(), summary.GetProperty("gapDays").GetInt32()).ShouldBe((2, 0));

        // The export is the roster in the template's columns: it uploads again as it is, replacing the same shifts.
        var export = await round.Community.GetAsync($"/api/v1/communities/{code}/duty-roster/export?format=csv&from=2022-06-13&to=2022-06-16");
        var csv = await export.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.UTF8.GetString(csv).ShouldContain("\"东门卡口\",\"2022-06-15\",\"20:00\",\"08:00\",\"赵六\"");
        var again = await (await round.Community.UploadRoster(code, csv)).Read<DutyRosterReport>();
        (again.Shifts, again.ReplacedShifts, again.ReplacedDays).ShouldBe((5, 5, 3));
        (await ShiftsOnRecordAsync(code)).ShouldBe(5);
    }

    [Fact]
    public async Task OutsideItsSubtree_NobodySeesOrChangesARoster_AndOnlyTheCommunityUploads()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;
        await (await round.Community.UploadRoster(code, Csv(WithAGap))).ShouldBe(HttpStatusCode.OK);
        var sibling = await app.AsAsync(ProgrammeRole.Community, await app.FreshCommunityAsync("110111"));
        var otherDistrict = await app.AsAsync(ProgrammeRole.District, "110112");

        await (await sibling.UploadRoster(code, Csv(WithAGap))).Problem(HttpStatusCode.NotFound);
        await (await sibling.GetAsync($"/api/v1/communities/{code}/duty-roster")).Problem(HttpStatusCode.NotFound);
        await (await otherDistrict.GetAsync($"/api/v1/communities/{code}/duty-roster")).Problem(HttpStatusCode.NotFound);
        await (await otherDistrict.GetAsync($"/api/v1/communities/{code}/duty-roster/coverage/export")).Problem(HttpStatusCode.NotFound);
        (await round.District.UploadRoster(code, Csv([["西门卡口", "2022-06-15", "08:00", "20:00", "张三"]]))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await round.Street.UploadRoster(code, Csv([["西门卡口", "2022-06-15", "08:00", "20:00", "张三"]]))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ShiftsOnRecordAsync(code)).ShouldBe(4);
        (await app.WithDbAsync(db => db.DutyShifts.AnyAsync(s => s.Checkpoint == "西门卡口" && s.CommunityCode == code))).ShouldBeFalse();

        // The officials' list: a district sees its community, another district does not.
        var mine = await (await round.District.GetAsync($"/api/v1/duty-roster?within={code}&from=2022-06-14&to=2022-06-15")).Read<JsonElement>();
        var line = mine.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        line.GetProperty("summary").GetProperty("gapDays").GetInt32().ShouldBe(1);
        (await (await otherDistrict.GetAsync($"/api/v1/duty-roster?within={code}")).Read<JsonElement>()).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task TheSeams_GapDaysForTheRiskRanking_AndWhoWasOnDutyForAnInspection()
    {
        var round = await Round.StartAsync(app, "110111");
        var code = round.CommunityCode;
        var none = await app.FreshCommunityAsync("110111");
        await (await round.Community.UploadRoster(code, Csv(WithAGap))).ShouldBe(HttpStatusCode.OK);

        var gaps = await app.WithDbAsync(db => DutyRosterQueries.GapDaysAsync(db, [code, none], new DateOnly(2022, 6, 14), new DateOnly(2022, 6, 16), CancellationToken.None));
        (gaps[code].FullyCoveredDays, gaps[code].GapDays, gaps[code].NoRosterDays, gaps[code].LongestGap).ShouldBe((1, 1, 1, TimeSpan.FromHours(7)));
        (gaps[none].GapDays, gaps[none].NoRosterDays).ShouldBe((0, 3));
        // The risk ranking's read, in one query under a division code: the communities with shifts in the period, the same summaries.
        var remembered = app.Services.GetRequiredService<RosterSummaries>();
        Task<IReadOnlyDictionary<string, DutyRosterSummary>> UnderAsync() => app.WithDbAsync(db =>
            DutyRosterQueries.GapDaysUnderAsync(db, remembered, "110111", new DateOnly(2022, 6, 14), new DateOnly(2022, 6, 16), CancellationToken.None));
        var under = await UnderAsync();
        under[code].ShouldBe(gaps[code]);
        under.ContainsKey(none).ShouldBeFalse();
        (await UnderAsync())[code].ShouldBe(gaps[code]); // remembered

        var night = await app.WithDbAsync(db => DutyRosterQueries.WhoWasOnDutyAsync(db, code, " 东门卡口", new DateTimeOffset(2022, 6, 15, 2, 30, 0, TimeSpan.FromHours(8)), CancellationToken.None));
        var shift = night.ShouldHaveSingleItem();
        (shift.Person, shift.Date, shift.From, shift.To).ShouldBe(("王五", new DateOnly(2022, 6, 14),
            new DateTimeOffset(2022, 6, 14, 20, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2022, 6, 15, 8, 0, 0, TimeSpan.FromHours(8))));
        (await app.WithDbAsync(db => DutyRosterQueries.WhoWasOnDutyAsync(db, code, "东门卡口", new DateTimeOffset(2022, 6, 15, 18, 0, 0, TimeSpan.FromHours(8)), CancellationToken.None)))
            .ShouldBeEmpty(); // the gap
        (await app.WithDbAsync(db => DutyRosterQueries.WhoWasOnDutyAsync(db, code, "西门卡口", new DateTimeOffset(2022, 6, 15, 2, 30, 0, TimeSpan.FromHours(8)), CancellationToken.None)))
            .ShouldBeEmpty(); // no such checkpoint

        // Every checkpoint at once, in one query, by the checkpoint's name without spaces.
        var byCheckpoint = await app.WithDbAsync(db => DutyRosterQueries.WhoWasOnDutyByCheckpointAsync(db, code, new DateTimeOffset(2022, 6, 15, 2, 30, 0, TimeSpan.FromHours(8)), CancellationToken.None));
        byCheckpoint["东门卡口"].ShouldHaveSingleItem().ShouldBe(shift);
        byCheckpoint["西门卡口"].ShouldBeEmpty();
        (await app.WithDbAsync(db => DutyRosterQueries.WhoWasOnDutyAsync(db, code, null, new DateTimeOffset(2022, 6, 15, 2, 30, 0, TimeSpan.FromHours(8)), CancellationToken.None)))
            .ShouldHaveSingleItem().ShouldBe(shift); // null: every checkpoint

        // A new upload (here at the same instant: the test's clock stands still) is never answered from memory.
        await (await round.Community.UploadRoster(code, Csv([["东门卡口", "2022-06-15", "08:00", "08:00", "张三"]]))).ShouldBe(HttpStatusCode.OK);
        var fresh = await app.WithDbAsync(db => DutyRosterQueries.GapDaysAsync(db, [code], new DateOnly(2022, 6, 14), new DateOnly(2022, 6, 16), CancellationToken.None));
        fresh[code].ShouldNotBe(gaps[code]);
        (await UnderAsync())[code].ShouldBe(fresh[code]);
    }
}

public sealed class DutyRosterTests_Sqlite(SqliteApp app) : DutyRosterTests(app), IClassFixture<SqliteApp>;

public sealed class DutyRosterTests_Postgres(PostgresApp app) : DutyRosterTests(app), IClassFixture<PostgresApp>;
