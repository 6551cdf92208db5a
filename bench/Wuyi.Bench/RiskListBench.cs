using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Common;
using Wuyi.Domain.ResidentReports;
using Wuyi.Web.Accounts;
using Wuyi.Web.Administration;
using Wuyi.Web.Data;
using Wuyi.Web.DutyRosters;

namespace Wuyi.Bench;

/// <summary>
/// 督导检查的风险排序 at city scale, on Beijing: the demo programme (≈420 certified, a month of 12345, vetoes) plus
/// <c>--certified</c> more communities certified through the domain's steps, <c>--rostered</c> of them with a checkpoint duty
/// roster over the whole window (two checkpoints, day and night shifts, a gap one day in seven) and <c>--reports</c> residents'
/// reports; the city's and a district's risk-ranked lists and the city's .xlsx, each against /livez in the same run,
/// p50/p95/p99 over repeated requests by a few workers.
/// </summary>
public static class RiskListBench
{
    public static async Task RunAsync(int certified, int rostered, int reports, int workers, int seconds, string? postgres)
    {
        await using var host = new BenchHost(postgres);
        var baseAddress = host.Start();
        using (var scope = host.Services.CreateScope())
        {
            await DemoAccounts.SeedAsync(scope.ServiceProvider);
            await DemoProgramme.SeedAsync(scope.ServiceProvider);
        }
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var extra = await Seed.CertifyAsync(host.Services, certified, now.AddDays(-60));
        var (communities, shifts) = await RostersAsync(host.Services, rostered, ProgrammeClock.DateOf(now));
        var received = await ReportsAsync(host.Services, reports, now);

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers * 2, AutomaticDecompression = DecompressionMethods.None })
        { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.CityTokenAsync(baseAddress));
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/inspections/risk");
        Console.WriteLine($"{host.Provider}: app at {baseAddress}; demo programme + {extra} certified; rosters of {communities} communities " +
            $"({shifts} shifts over the window), {received} residents' reports; the city's list ranks {list.GetProperty("rows").GetArrayLength()} communities; " +
            $"{workers} workers, {seconds} s per endpoint after 3 s warm-up");

        var endpoints = new (string Name, string Path)[]
        {
            ("trivial (/livez)", "/livez"),
            ("city risk list (API)", "/api/v1/inspections/risk"),
            ("district risk list (API)", "/api/v1/inspections/risk?community=110108"),
            ("city risk list .xlsx", "/api/v1/inspections/risk/export?format=xlsx"),
        };
        await Load.CompareAsync(client, endpoints, workers, seconds);
    }

    /// <summary>
    /// Rosters as an upload leaves them (one upload per community, its shifts): every n-th certified community, the window's
    /// days through today and the day before it, two checkpoints, 08:00–20:00 and 20:00–08:00, the night shift of one day in
    /// seven missing at the second checkpoint.
    /// </summary>
    private static async Task<(int Communities, int Shifts)> RostersAsync(IServiceProvider services, int count, DateOnly today)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        var certified = await db.Certifications.AsNoTracking().Where(c => c.ActiveForCommunity != null).OrderBy(c => c.CommunityCode)
            .Select(c => c.CommunityCode).ToListAsync();
        var step = Math.Max(1, certified.Count / Math.Max(1, count));
        var codes = certified.Where((_, i) => i % step == 0).Take(count).ToList();
        var first = today.AddDays(-31);
        var at = DateTime.UtcNow;
        var total = 0;
        foreach (var chunk in codes.Chunk(100))
        {
            foreach (var code in chunk)
            {
                var upload = new DutyRosterUpload
                {
                    Id = Guid.CreateVersion7(), CommunityCode = code, AtUtc = at, ActorUserId = "bench-" + code, ActorName = code, FileName = "排班表.csv",
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code))), FirstDate = first, LastDate = today,
                    Days = today.DayNumber - first.DayNumber + 1,
                };
                var row = 1;
                for (var day = first; day <= today; day = day.AddDays(1))
                    foreach (var checkpoint in new[] { "东门卡口", "西门卡口" })
                    {
                        db.DutyShifts.Add(Shift(code, upload.Id, ++row, checkpoint, day, new TimeOnly(8, 0), new TimeOnly(20, 0), "张三"));
                        if (checkpoint == "西门卡口" && day.DayNumber % 7 == 0) continue;
                        db.DutyShifts.Add(Shift(code, upload.Id, ++row, checkpoint, day, new TimeOnly(20, 0), new TimeOnly(8, 0), "李四"));
                    }
                upload.Shifts = row - 1;
                total += upload.Shifts;
                db.DutyRosterUploads.Add(upload);
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        return (codes.Count, total);
    }

    private static DutyShiftRecord Shift(string code, Guid upload, int row, string checkpoint, DateOnly day, TimeOnly start, TimeOnly end, string person) =>
        new() { Id = Guid.CreateVersion7(), CommunityCode = code, UploadId = upload, Row = row, Checkpoint = checkpoint, Date = day, Start = start, End = end, Person = person };

    /// <summary>Residents' reports as the public form takes them, over the certified communities, received in the last three weeks.</summary>
    private static async Task<int> ReportsAsync(IServiceProvider services, int count, DateTimeOffset now)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        var certified = await db.Certifications.AsNoTracking().Where(c => c.ActiveForCommunity != null).OrderBy(c => c.CommunityCode)
            .Select(c => c.CommunityCode).ToListAsync();
        if (certified.Count == 0) return 0;
        var random = new Random(14);
        for (var i = 0; i < count; i++)
        {
            var receipt = ReceiptNumber.New(RandomNumberGenerator.GetBytes(ReceiptNumber.RandomBytes));
            db.ResidentReports.Add(ResidentReport.Receive(certified[random.Next(certified.Count)], ReportKind.UnstaffedCheckpoint,
                "卡口晚上没有人值守，外来人员随意进出", null, consent: true, receipt, now.AddMinutes(-random.Next(1, 21 * 24 * 60))));
            if (i % 500 == 499)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        return count;
    }
}
