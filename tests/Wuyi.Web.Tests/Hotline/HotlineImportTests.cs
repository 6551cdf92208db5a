using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Web.Applications;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Hotline;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Hotline.HotlineFiles;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Hotline;

/// <summary>
/// 12345 complaints through real files and the hotline feed: deductions, idempotence, all-or-nothing, matching,
/// encodings, scope. Each test takes its own communities, and complaint numbers carry the community code.
/// </summary>
public abstract class HotlineImportTests(WuyiApp app)
{
    private Task<int> CountAsync(string prefix) =>
        app.WithDbAsync(db => db.HotlineComplaints.CountAsync(c => c.Number.StartsWith(prefix)));

    /// <summary>A community certified on these district scores and published.</summary>
    private static async Task<Round> CertifiedAsync(WuyiApp app, string district, Dictionary<string, decimal> scores)
    {
        var round = await Round.StartAsync(app, district);
        var id = await round.RecommendedAsync(scores);
        await (await round.District.Step(id, "approve", new { scores, findings = "现场复核属实" })).ShouldBe(HttpStatusCode.OK);
        await (await round.City.Step(id, "file")).ShouldBe(HttpStatusCode.OK);
        await (await round.City.PostAsJsonAsync("/api/v1/batches", new { applicationIds = new[] { id } })).ShouldBe(HttpStatusCode.Created);
        return round;
    }

    [Fact]
    public async Task Deductions_FromARealFile_AreCountedByTheRule_AndATitleThatFallsBelowIsQueued_NotRevoked()
    {
        var round = await CertifiedAsync(app, "110101", Scores(("C4", 0m), ("C5", 0m))); // 90 points
        var c = round.CommunityCode;
        var file = Csv([
            Row($"{c}-1", c, 10, answeredAfterHours: 30),                        // late: 1
            Row($"{c}-2", c, 11, answeredAfterHours: 2, followUp: "不满意"),     // dissatisfied: 1
            Row($"{c}-3", c, 12, answeredAfterHours: 48, followUp: "不满意"),    // late and dissatisfied: 2
            Row($"{c}-4", c, 13, epidemic: false, answeredAfterHours: 48),       // late but not epidemic: 0
            Row($"{c}-5", c, 14, answeredAfterHours: 1),                         // on time, satisfied: 0
        ]);
        var first = await (await UploadAsync(round.City, file)).Read<ImportReport>();
        first.ShouldSatisfyAllConditions(
            () => first.Imported.ShouldBeTrue(),
            () => first.Inserted.ShouldBe(5),
            () => first.Rejected.ShouldBe(0),
            () => first.ReEvaluationsQueued.ShouldBe(0)); // 90 - 4 = 86 still passes

        // One more late answer: 90 - 5 = 85, still a pass (85 以上 includes 85).
        var second = await (await UploadAsync(round.City, Csv([Row($"{c}-6", c, 14, answeredAfterHours: 25)]))).Read<ImportReport>();
        second.ReEvaluationsQueued.ShouldBe(0);

        // And one more: 84, below the pass mark: the district must evaluate again; the title still stands.
        var third = await (await UploadAsync(round.City, Csv([Row($"{c}-7", c, 14, answeredAfterHours: null, followUp: "不满意")]))).Read<ImportReport>();
        third.ReEvaluationsQueued.ShouldBe(1);

        var queue = await (await round.District.GetAsync($"/api/v1/re-evaluations?community={c}")).Read<Paged<ReEvaluationView>>();
        var item = queue.Items.ShouldHaveSingleItem();
        item.Cause.ShouldBe(ReEvaluationCause.HotlineDeductions);
        item.Explanation!.Subtotal.ShouldBe(90m);
        item.Explanation.DeductionTotal.ShouldBe(7m); // 1 + 1 + 2 + 1 + 2 (unanswered past its deadline, and dissatisfied)
        item.Explanation.Total.ShouldBe(83m);
        item.Explanation.Deductions.Select(d => d.ComplaintNumber).Distinct().Order().ShouldBe([$"{c}-1", $"{c}-2", $"{c}-3", $"{c}-6", $"{c}-7"]);
        item.Detail.ShouldContain($"{c}-7");

        var status = await (await app.CreateClient().GetAsync($"/api/v1/public/communities/{c}")).Read<JsonElement>();
        status.GetProperty("status").GetString().ShouldBe("Certified");
    }

    [Fact]
    public async Task AnEvaluation_CountsTheImportedComplaints()
    {
        var round = await Round.StartAsync(app, "110102");
        var c = round.CommunityCode;
        var id = await round.RecommendedAsync();
        await (await UploadAsync(round.District, Csv(Enumerable.Range(1, 6).Select(i => Row($"{c}-e{i}", c, 10 + i % 3, answeredAfterHours: 26)))))
            .ShouldBe(HttpStatusCode.OK);
        await round.SaveEvaluationAsync(id, Scores(("C4", 0m), ("C5", 0m)));
        var problem = await (await round.District.Step(id, "approve")).Problem(HttpStatusCode.BadRequest, "verdict-fails");
        problem.GetProperty("detail").GetString()!.ShouldContain("84");
    }

    [Fact]
    public async Task TheSameFileTwice_ChangesNothing_AndAChangedAnswerIsUpdated()
    {
        var c = await app.FreshCommunityAsync("110105");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var rows = Enumerable.Range(1, 20).Select(i => Row($"{c}-s{i}", c, 1 + i % 10, answeredAfterHours: null, followUp: "未回访")).ToList();

        var first = await (await UploadAsync(city, Csv(rows))).Read<ImportReport>();
        (first.Inserted, first.Updated, first.Unchanged).ShouldBe((20, 0, 0));
        var before = await app.WithDbAsync(db => db.HotlineComplaints.AsNoTracking().Where(x => x.Number.StartsWith(c)).OrderBy(x => x.Number).ToListAsync());

        var again = await (await UploadAsync(city, Csv(rows))).Read<ImportReport>();
        (again.Inserted, again.Updated, again.Unchanged).ShouldBe((0, 0, 20));
        var after = await app.WithDbAsync(db => db.HotlineComplaints.AsNoTracking().Where(x => x.Number.StartsWith(c)).OrderBy(x => x.Number).ToListAsync());
        after.Select(x => (x.Number, x.RespondedAtUtc, x.FollowUp, x.ImportId, x.ImportedAtUtc))
            .ShouldBe(before.Select(x => (x.Number, x.RespondedAtUtc, x.FollowUp, x.ImportId, x.ImportedAtUtc)));

        // The hotline later answers one and visits it: the next export carries the change.
        rows[0] = Row($"{c}-s1", c, 2, answeredAfterHours: 3, followUp: "满意");
        var changed = await (await UploadAsync(city, Csv(rows))).Read<ImportReport>();
        (changed.Inserted, changed.Updated, changed.Unchanged).ShouldBe((0, 1, 19));
        var updated = await app.WithDbAsync(db => db.HotlineComplaints.AsNoTracking().SingleAsync(x => x.Number == $"{c}-s1"));
        updated.FollowUp.ShouldBe(FollowUpResult.Satisfied);
        updated.RespondedAtUtc.ShouldBe(new DateTime(2022, 6, 2, 5, 0, 0, DateTimeKind.Utc));
        updated.ImportedAtUtc.ShouldBe(before[0].ImportedAtUtc);
        updated.ImportId.ShouldBe(changed.ImportId);

        var imports = await (await city.GetAsync("/api/v1/hotline/imports?pageSize=200")).Read<Paged<ImportView>>();
        imports.Items.Select(i => i.Id).ShouldContain(changed.ImportId!.Value);
    }

    [Fact]
    public async Task OneBadRowInTheMiddle_ImportsNothing_AndSaysWhichRowAndWhy()
    {
        var c = await app.FreshCommunityAsync("110106");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var rows = Enumerable.Range(1, 5).Select(i => Row($"{c}-b{i}", c, i)).ToList();
        rows[2] = rows[2].Replace("2022-06-03 10:00:00", "2022-13-03 10:00"); // the third data row: line 4 of the file
        var imports = await app.WithDbAsync(db => db.HotlineImports.CountAsync());

        var problem = await (await UploadAsync(city, Csv(rows))).Problem(HttpStatusCode.BadRequest, "hotline-rows-invalid");
        problem.GetProperty("detail").GetString()!.ShouldContain("未导入任何数据");
        var report = problem.GetProperty("report").Deserialize<ImportReport>(Json)!;
        report.Imported.ShouldBeFalse();
        (report.Rows, report.Rejected, report.Inserted).ShouldBe((5, 1, 0));
        var rejection = report.Rejections.ShouldHaveSingleItem();
        (rejection.Row, rejection.Number, rejection.Field).ShouldBe((4, $"{c}-b3", "受理时间"));
        rejection.Reason.ShouldContain("2022-13-03");
        (await CountAsync(c)).ShouldBe(0);
        (await app.WithDbAsync(db => db.HotlineImports.CountAsync())).ShouldBe(imports);

        // Chosen explicitly: exactly the valid rows, and the bad one stays on record in the report.
        var partial = await (await UploadAsync(city, Csv(rows), skipInvalid: true)).Read<ImportReport>();
        (partial.Imported, partial.Inserted, partial.Rejected).ShouldBe((true, 4, 1));
        (await CountAsync(c)).ShouldBe(4);
        var kept = await (await city.GetAsync($"/api/v1/hotline/imports/{partial.ImportId}")).Read<ImportView>();
        kept.Rejections.ShouldHaveSingleItem().Row.ShouldBe(4);
        kept.SkipInvalid.ShouldBeTrue();
    }

    [Fact]
    public async Task EveryKindOfBadRow_IsNamed()
    {
        var c = await app.FreshCommunityAsync("110107");
        var other = await app.FreshCommunityAsync("110105");
        var district = await app.AsAsync(ProgrammeRole.District, "110107");
        var good = Row($"{c}-k0", c, 5);
        var rows = new[]
        {
            good,
            Row($"{c}-k0", c, 6),                                              // 3: duplicate number
            Row("", c, 5),                                                     // 4: no number
            Row($"{c}-k3", "11010700100", 5),                                  // 5: code of 11 digits
            Row($"{c}-k4", other, 5),                                          // 6: another district
            Row($"{c}-k5", c, 5).Replace(",是,", ",也许,"),                    // 7: not yes or no
            Row($"{c}-k6", c, 5).Replace(",满意", ",还行"),                    // 8: unknown follow-up
            $"{c}-k7,2022-06-05 10:00:00,{c},是,2022-06-04 10:00:00,,",        // 9: deadline before receipt
            $"{c}-k8,2022-07-05 10:00:00,{c},是,2022-07-06 10:00:00,,",        // 10: in the future
            $"=cmd|' /C calc'!A0,2022-06-05 10:00:00,{c},是,2022-06-06 10:00:00,,", // 11: a formula is no number
        };
        var problem = await (await UploadAsync(district, Csv(rows))).Problem(HttpStatusCode.BadRequest, "hotline-rows-invalid");
        var report = problem.GetProperty("report").Deserialize<ImportReport>(Json)!;
        report.Rejected.ShouldBe(9);
        string ReasonAt(int row) => string.Join("；", report.Rejections.Where(r => r.Row == row).Select(r => r.Reason));
        ReasonAt(3).ShouldContain("与第 2 行重复");
        ReasonAt(4).ShouldContain("缺少工单编号");
        ReasonAt(5).ShouldContain("12 位");
        ReasonAt(6).ShouldContain("不在您的管辖范围内");
        ReasonAt(7).ShouldContain("是 或 否");
        ReasonAt(8).ShouldContain("满意");
        ReasonAt(9).ShouldContain("早于受理时间");
        ReasonAt(10).ShouldContain("晚于当前时间");
        ReasonAt(11).ShouldContain("只能包含字母、数字");
        (await CountAsync(c)).ShouldBe(0);
    }

    [Fact]
    public async Task AGb18030File_WithStreetAndCommunityNames_IsReadAndMatched()
    {
        var c = await app.FreshCommunityAsync("110108");
        var streetCode = c[..9];
        var (street, community) = await app.WithDbAsync(async db => (
            await db.Divisions.Where(d => d.Code == streetCode).Select(d => d.Name).SingleAsync(),
            await db.Divisions.Where(d => d.Code == c).Select(d => d.Name).SingleAsync()));
        var shortName = CommunityMatcher.CommunityName(community);
        shortName.ShouldNotBe(community); // the hotline writes "XX社区", the tree "XX社区居委会"
        var header = "工单编号,受理时间,街道,社区名称,是否涉疫,答复时限,答复时间,回访结果,诉求内容";
        var rows = new[]
        {
            $"{c}-g1,2022-06-08 09:00:00,{street},{shortName},是,2022-06-09 09:00:00,2022-06-10 09:00:00,不满意,\"卡口值守人员不在岗，扫码登记流于形式\"",
            $"{c}-g2,2022/6/9 9:30,{street}办事处,{community},否,2022/6/10 9:30,,未回访,咨询核酸检测点",
        };
        var district = await app.AsAsync(ProgrammeRole.District, "110108");
        var report = await (await UploadAsync(district, Gb18030(rows, header))).Read<ImportReport>();
        report.Inserted.ShouldBe(2);
        var stored = await app.WithDbAsync(db => db.HotlineComplaints.AsNoTracking().Where(x => x.Number.StartsWith(c)).OrderBy(x => x.Number).ToListAsync());
        stored.Select(x => x.CommunityCode).ShouldBe([c, c]);
        stored[0].FollowUp.ShouldBe(FollowUpResult.Dissatisfied);
        stored[1].ReceivedAtUtc.ShouldBe(new DateTime(2022, 6, 9, 1, 30, 0, DateTimeKind.Utc));
        stored[1].EpidemicRelated.ShouldBeFalse();
    }

    [Fact]
    public async Task AnXlsxExport_WithExcelDates_IsImported()
    {
        var c = await app.FreshCommunityAsync("110109");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var received = new DateTime(2022, 6, 7, 8, 15, 0).ToOADate();
        var file = Xlsx([
            ["工单编号", "受理时间", "社区（村）编码", "是否涉疫", "答复时限", "答复时间", "回访结果"],
            [$"{c}-x1", received, c, "是", received + 1, received + 2, "不满意"],
            [$"{c}-x2", "2022-06-08 10:00:00", c, "否", "2022-06-09 10:00:00", null, null],
        ]);
        var report = await (await UploadAsync(city, file, "12345.xlsx")).Read<ImportReport>();
        report.Inserted.ShouldBe(2);
        var x1 = await app.WithDbAsync(db => db.HotlineComplaints.AsNoTracking().SingleAsync(x => x.Number == $"{c}-x1"));
        x1.ReceivedAtUtc.ShouldBe(new DateTime(2022, 6, 7, 0, 15, 0, DateTimeKind.Utc));
        x1.RespondedAtUtc.ShouldBe(new DateTime(2022, 6, 9, 0, 15, 0, DateTimeKind.Utc));
        x1.FollowUp.ShouldBe(FollowUpResult.Dissatisfied);
    }

    [Theory]
    [InlineData("empty", "文件是空的")]
    [InlineData("header-only", "没有诉求数据")]
    [InlineData("missing-column", "缺少必需的列")]
    [InlineData("duplicate-column", "出现了两次")]
    [InlineData("xls", ".xls")]
    [InlineData("pdf", "PDF")]
    [InlineData("broken-xlsx", ".xlsx")]
    [InlineData("unclosed-quote", "CSV 格式有误")]
    public async Task AFileThatCannotBeRead_IsRefusedWithTheReason(string kind, string expected)
    {
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var c = await app.FreshCommunityAsync("110111");
        byte[] file = kind switch
        {
            "empty" => [],
            "header-only" => Csv([]),
            "missing-column" => Csv([$"{c}-m,2022-06-05 10:00:00,{c},是"], "工单编号,受理时间,社区编码,是否涉疫"),
            "duplicate-column" => Csv([Row($"{c}-d", c, 5) + ",x"], Header + ",工单号"),
            "xls" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
            "pdf" => "%PDF-1.7\n"u8.ToArray(),
            "broken-xlsx" => [.. Xlsx([["工单编号"]]).Take(200)],
            "unclosed-quote" => Csv([$"{c}-q,\"2022-06-05 10:00:00,{c},是,2022-06-06 10:00:00,,"]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var response = await UploadAsync(city, file, kind.Contains("xls") ? "x.xlsx" : "x.csv");
        var problem = await response.Problem(HttpStatusCode.BadRequest, kind == "empty" ? "hotline-file-invalid" : "hotline-file-invalid");
        problem.GetProperty("detail").GetString()!.ShouldContain(expected);
        (await CountAsync(c)).ShouldBe(0);
    }

    [Fact]
    public async Task OnlyTheCityAndDistrictsImport()
    {
        var c = await app.FreshCommunityAsync("110112");
        var file = Csv([Row($"{c}-r1", c, 5)]);
        await (await UploadAsync(await app.AsAsync(ProgrammeRole.Street, c[..9]), file)).Problem(HttpStatusCode.Forbidden);
        await (await UploadAsync(await app.AsAsync(ProgrammeRole.Community, c), file)).Problem(HttpStatusCode.Forbidden);
        await (await UploadAsync(app.CreateClient(), file)).ShouldBe(HttpStatusCode.Unauthorized);
        (await CountAsync(c)).ShouldBe(0);
    }

    [Fact]
    public async Task TheHotlineFeed_IsIdempotent_AndAllOrNothing()
    {
        var c = await app.FreshCommunityAsync("110113");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        object Complaint(string n, string? code = null) => new
        {
            number = n, receivedAt = "2022-06-10T10:00:00+08:00", communityCode = code ?? c, epidemicRelated = true,
            responseDeadline = "2022-06-11T10:00:00+08:00", respondedAt = "2022-06-12T10:00:00+08:00", followUp = "Dissatisfied",
        };
        var body = new { complaints = new[] { Complaint($"{c}-f1"), Complaint($"{c}-f2") } };
        var first = await (await city.PostAsJsonAsync("/api/v1/hotline/complaints", body)).Read<ImportReport>();
        first.Inserted.ShouldBe(2);
        var again = await (await city.PostAsJsonAsync("/api/v1/hotline/complaints", body)).Read<ImportReport>();
        (again.Inserted, again.Unchanged).ShouldBe((0, 2));

        var bad = new { complaints = new[] { Complaint($"{c}-f3"), Complaint($"{c}-f4", "999999999999") } };
        var problem = await (await city.PostAsJsonAsync("/api/v1/hotline/complaints", bad)).Problem(HttpStatusCode.BadRequest, "hotline-rows-invalid");
        problem.GetProperty("report").GetProperty("rejections")[0].GetProperty("row").GetInt32().ShouldBe(2);
        (await CountAsync(c)).ShouldBe(2);
        await (await city.PostAsJsonAsync("/api/v1/hotline/complaints", new { complaints = Array.Empty<object>() })).Problem(HttpStatusCode.BadRequest, "hotline-empty");

        var history = await app.WithDbAsync(db => db.ProgrammeEvents.AsNoTracking().Where(e => e.Kind == ProgrammeEventKind.ComplaintsImported && e.SubjectId == first.ImportId).ToListAsync());
        history.ShouldHaveSingleItem().Summary.ShouldContain("新增 2 条");
    }

    [Fact]
    public async Task AComplaintMovedToAnotherCommunity_TakesItsDeductionAlong_AndTheImportRecordShowsBoth()
    {
        var from = await app.FreshCommunityAsync("110113");
        var to = await app.FreshCommunityAsync("110113");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        object Complaint(string n, string code) => new
        {
            number = n, receivedAt = "2022-06-10T10:00:00+08:00", communityCode = code, epidemicRelated = true,
            responseDeadline = "2022-06-11T10:00:00+08:00", respondedAt = "2022-06-12T10:00:00+08:00", followUp = "Dissatisfied",
        };
        async Task<JsonElement> CommunitiesAsync(Guid? id) =>
            (await (await city.GetAsync($"/api/v1/hotline/imports/{id}")).Read<JsonElement>()).GetProperty("communities");
        static (string, decimal, decimal) Deduction(JsonElement row) => (row.GetProperty("place").GetProperty("community").GetProperty("code").GetString()!,
            row.GetProperty("deductionBefore").GetDecimal(), row.GetProperty("deductionAfter").GetDecimal());

        // Late and dissatisfied: 2 points.
        var first = await (await city.PostAsJsonAsync("/api/v1/hotline/complaints", new { complaints = new[] { Complaint($"{from}-m1", from) } })).Read<ImportReport>();
        var made = await CommunitiesAsync(first.ImportId);
        made.GetProperty("rows").EnumerateArray().Select(Deduction).ShouldBe([(from, 0m, 2m)]);

        // The hotline corrects the community: the points leave one community and reach the other, and the one it left,
        // with no complaint of this import any more, is still listed.
        var moved = await (await city.PostAsJsonAsync("/api/v1/hotline/complaints", new { complaints = new[] { Complaint($"{from}-m1", to) } })).Read<ImportReport>();
        moved.Updated.ShouldBe(1);
        var both = await CommunitiesAsync(moved.ImportId);
        both.GetProperty("deductionsChanged").GetInt32().ShouldBe(2);
        both.GetProperty("rows").EnumerateArray().Select(Deduction).ShouldBe([(from, 2m, 0m), (to, 0m, 2m)], ignoreOrder: true);
        var left = both.GetProperty("rows").EnumerateArray().Single(r => Deduction(r).Item1 == from);
        left.GetProperty("complaints").GetInt32().ShouldBe(0);

        // The same again changes nothing, and touches no community.
        var same = await (await city.PostAsJsonAsync("/api/v1/hotline/complaints", new { complaints = new[] { Complaint($"{from}-m1", to) } })).Read<ImportReport>();
        same.Unchanged.ShouldBe(1);
        var none = await CommunitiesAsync(same.ImportId);
        (none.GetProperty("deductionsChanged").GetInt32(), none.GetProperty("rows").GetArrayLength()).ShouldBe((0, 0));
    }

    [Fact]
    public async Task AStreet_SeesItsCommunitiesEpidemicComplaintsAndLateAnswers()
    {
        var c = await app.FreshCommunityAsync("110114");
        var street = c[..9];
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        await (await UploadAsync(city, Csv([
            Row($"{c}-a1", c, 10, answeredAfterHours: 30),
            Row($"{c}-a2", c, 11, answeredAfterHours: 2, followUp: "不满意"),
            Row($"{c}-a3", c, 12, epidemic: false, answeredAfterHours: 40),
            Row($"{c}-a4", c, 14, answeredAfterHours: null, followUp: "未回访"), // due 06-15 10:00, unanswered at 06-16 09:00: late
        ]))).ShouldBe(HttpStatusCode.OK);

        var client = await app.AsAsync(ProgrammeRole.Street, street);
        var appraisal = await (await client.GetAsync("/api/v1/hotline/appraisal")).Read<Appraisal>();
        appraisal.Unit.Code.ShouldBe(street);
        appraisal.Rows.Select(r => r.Code).ShouldAllBe(code => code.StartsWith(street) && code.Length == 12);
        var row = appraisal.Rows.Single(r => r.Code == c);
        (row.Complaints, row.Epidemic, row.EpidemicLate, row.EpidemicDissatisfied, row.Unanswered).ShouldBe((4, 3, 2, 1, 1));
        appraisal.Total.Epidemic.ShouldBeGreaterThanOrEqualTo(3);

        var list = await (await client.GetAsync("/api/v1/hotline/complaints?epidemicOnly=true")).Read<Paged<ComplaintView>>();
        list.Items.Select(i => i.Number).ShouldBe([$"{c}-a4", $"{c}-a2", $"{c}-a1"]);
        list.Items[0].AnsweredLate.ShouldBeTrue();

        var other = await app.AsAsync(ProgrammeRole.Street, "110101001");
        var theirs = await (await other.GetAsync($"/api/v1/hotline/complaints?within={c}")).Read<Paged<ComplaintView>>();
        theirs.Items.ShouldNotContain(i => i.Number.StartsWith(c));
    }

    [Theory]
    [InlineData("text/csv; charset=utf-8", "6月.csv")]
    [InlineData("application/octet-stream", "6月.csv")]
    [InlineData("application/octet-stream", "6月.xlsx")]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "6月.xlsx")]
    public async Task TheFileAsTheWholeBody_WithItsNameInTheQuery_IsImported(string contentType, string fileName)
    {
        var c = await app.FreshCommunityAsync("110115");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var number = $"{c}-raw-{Guid.NewGuid():N}"[..30];
        var file = fileName.EndsWith(".xlsx")
            ? Xlsx([["工单编号", "受理时间", "社区（村）编码", "是否涉疫", "答复时限", "答复时间", "回访结果"], [number, "2022-06-08 10:00:00", c, "是", "2022-06-09 10:00:00", null, null]])
            : Csv([Row(number, c, 8)]);
        var body = new ByteArrayContent(file);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var report = await (await city.PostAsync($"/api/v1/hotline/imports?fileName={Uri.EscapeDataString(fileName)}", body)).Read<ImportReport>();

        report.ShouldSatisfyAllConditions(
            () => report.Imported.ShouldBeTrue(),
            () => report.Inserted.ShouldBe(1),
            () => report.FileName.ShouldBe(fileName));
        (await CountAsync(number)).ShouldBe(1);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task ABodyOfAnotherType_Is415_SayingWhichTypesAreTaken(string? contentType)
    {
        var c = await app.FreshCommunityAsync("110116");
        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var body = new ByteArrayContent(Csv([Row($"{c}-415", c, 8)]));
        body.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);

        var problem = await (await city.PostAsync("/api/v1/hotline/imports?fileName=a.csv", body)).Problem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");

        problem.GetProperty("detail").GetString()!.ShouldContain("text/csv");
        (await CountAsync($"{c}-415")).ShouldBe(0);
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesTheFormAndTheRawBody()
    {
        var doc = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var content = doc.GetProperty("paths").GetProperty("/api/v1/hotline/imports").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        content.EnumerateObject().Select(p => p.Name).Order().ShouldBe(
            ["application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "multipart/form-data", "text/csv"]);
    }
}

public sealed class HotlineImportTests_Sqlite(SqliteApp app) : HotlineImportTests(app), IClassFixture<SqliteApp>;

public sealed class HotlineImportTests_Postgres(PostgresApp app) : HotlineImportTests(app), IClassFixture<PostgresApp>;
