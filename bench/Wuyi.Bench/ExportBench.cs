using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Rules;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Scales;

namespace Wuyi.Bench;

/// <summary>
/// 导出 Excel at size: N applications (both scores, case numbers, six steps of history each) in the database, downloaded
/// by the city through <c>GET /api/v1/applications/export?format=xlsx</c> — streamed from the query through the
/// OpenXmlWriter to the socket — against the CSV of the same rows from the same endpoint in the same run (the baseline:
/// the same query and columns, no zip, no XML). Time, peak working set and bytes; the .xlsx is read back (SAX) and its rows counted.
/// </summary>
public static class ExportBench
{
    public static async Task RunAsync(int applications, int rounds, string? postgres)
    {
        await using var host = new BenchHost(postgres);
        var baseAddress = host.Start();
        var seeding = Stopwatch.StartNew();
        await SeedAsync(host.Services, applications, DateTimeOffset.UtcNow.AddDays(-30));
        var token = await host.CityTokenAsync(baseAddress);
        Console.WriteLine($"{host.Provider}: app at {baseAddress}; {applications:N0} applications seeded in {seeding.Elapsed.TotalSeconds:N0} s; " +
                          $"{Environment.ProcessorCount} cores; {rounds} rounds each");

        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var results = new Dictionary<string, List<Run>> { ["csv"] = [], ["xlsx"] = [] };
        for (var round = 1; round <= rounds; round++)
            foreach (var format in new[] { "csv", "xlsx" })
            {
                var run = await DownloadAsync(client, format);
                results[format].Add(run);
                Console.WriteLine($"  round {round}: {format,-4} {run.Seconds,7:0.00} s, {run.Bytes / 1048576.0,7:0.0} MB, {run.Rows,9:N0} rows, " +
                                  $"peak working set {run.PeakMb} MB ({run.AboveMb} MB above the process before it), allocated {run.AllocatedMb:N0} MB");
                if (run.Rows != applications) throw new InvalidOperationException($"{format}: {run.Rows} rows, expected {applications}");
            }

        var csv = results["csv"].MinBy(r => r.Seconds)!;
        var xlsx = results["xlsx"].MinBy(r => r.Seconds)!;
        Console.WriteLine();
        Console.WriteLine($"{"",-36} {"seconds",8} {"rows/s",10} {"MB",7} {"peak MB",8} {"vs CSV",7}");
        Console.WriteLine($"{"CSV, same rows (baseline, best)",-36} {csv.Seconds,8:0.00} {csv.Rows / csv.Seconds,10:N0} {csv.Bytes / 1048576.0,7:0.0} {results["csv"].Max(r => r.PeakMb),8} {1,7:P0}");
        Console.WriteLine($"{".xlsx, streamed (best)",-36} {xlsx.Seconds,8:0.00} {xlsx.Rows / xlsx.Seconds,10:N0} {xlsx.Bytes / 1048576.0,7:0.0} {results["xlsx"].Max(r => r.PeakMb),8} {xlsx.Seconds / csv.Seconds,7:P0}");
        var above = results["xlsx"].Max(r => r.AboveMb);
        Console.WriteLine($"goal: < 300 MB for the .xlsx of {applications:N0} rows — the export's own memory (the process's peak above its level before " +
                          $"the download) {above} MB: {(above < 300 ? "met" : "NOT met")}; the whole bench process (the app with its division tree, EF model " +
                          $"and caches, the client, what the seeding left) peaked at {results["xlsx"].Max(r => r.PeakMb)} MB");
    }

    internal sealed record Run(double Seconds, long Bytes, int Rows, long PeakMb, long AboveMb, double AllocatedMb);

    /// <summary>
    /// Downloads one export to a temporary file while sampling the process's working set, then counts its rows;
    /// <paramref name="filter"/> is added to the query (e.g. <c>&amp;state=Published</c>). Shared with the national bench.
    /// </summary>
    internal static async Task<Run> DownloadAsync(HttpClient client, string format, string filter = "")
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var peak = before;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var path = Path.Combine(Path.GetTempPath(), $"wuyi-export-{Guid.NewGuid():N}.{format}");
        var t = Stopwatch.StartNew();
        using (var response = await client.GetAsync($"/api/v1/applications/export?format={format}{filter}", HttpCompletionOption.ResponseHeadersRead))
        {
            response.EnsureSuccessStatusCode();
            await using var file = File.Create(path);
            await response.Content.CopyToAsync(file);
        }
        var seconds = t.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0;
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        var bytes = new FileInfo(path).Length;
        var rows = format == "csv" ? CountCsvRows(path) : CountXlsxRows(path);
        File.Delete(path);
        return new Run(seconds, bytes, rows, peak / 1048576, (peak - before) / 1048576, allocated);
    }

    private static int CountCsvRows(string path) => File.ReadLines(path).Count() - 1;

    /// <summary>The sheet's data rows, read forward (OpenXmlReader), as a reader of a big file must.</summary>
    private static int CountXlsxRows(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        using var reader = DocumentFormat.OpenXml.OpenXmlReader.Create(document.WorkbookPart!.WorksheetParts.Single());
        var rows = 0;
        while (reader.Read())
            if (reader.ElementType == typeof(Row) && reader.IsStartElement) rows++;
        return rows - 1;
    }

    /// <summary>
    /// Applications through the domain's own steps, spread over Beijing's communities: each scored, submitted, recommended,
    /// evaluated and not approved (a closed application, so a community may have many), saved in batches.
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, int count, DateTimeOffset at)
    {
        List<string> communities;
        Wuyi.Domain.Scales.ScaleVersion scale;
        Wuyi.Domain.Scales.PassMarkSchedule passMarks;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
            var catalog = scope.ServiceProvider.GetRequiredService<ScaleCatalog>();
            scale = await catalog.InForceAsync(db, Wuyi.Domain.Common.ProgrammeClock.DateOf(at), default);
            passMarks = await catalog.PassMarksAsync(db, scale, default);
            communities = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith("11"))
                .OrderBy(d => d.Code).Select(d => d.Code).ToListAsync();
        }
        var self = scale.Indicators.ToDictionary(i => i.Code, i => i.Points);
        var district = scale.Indicators.Select((i, n) => (i.Code, Points: n == 0 ? i.Points - 1 : i.Points)).ToDictionary(x => x.Code, x => x.Points);
        // 评定意见 where the district lowered an indicator: the rule asks for one.
        var findings = district.Where(d => d.Value < self[d.Key]).ToDictionary(d => d.Key, d => (string?)"压测：现场复核扣分");
        var sequences = new Dictionary<string, int>();
        const int batch = 2000;
        for (var start = 0; start < count; start += batch)
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var code = communities[i % communities.Count];
                var when = at.AddSeconds(i);
                var community = new Actor("bench-" + code, code, ProgrammeRole.Community, code);
                var street = new Actor("bench-" + code[..9], code[..9], ProgrammeRole.Street, code[..9]);
                var officer = new Actor("bench-" + code[..6], code[..6], ProgrammeRole.District, code[..6]);
                var sequence = sequences[code[..6]] = sequences.GetValueOrDefault(code[..6]) + 1;
                var a = Application.Start(community, code, scale, sequence, when);
                a.SaveSelfAssessment(community, scale, self, null, when);
                a.Submit(community, scale, when);
                a.Recommend(street, null, when);
                a.SaveEvaluation(officer, scale, district, "bench", findings, when);
                a.Reject(officer, "压测：不通过", CertificationEngine.Evaluate(new EvaluationInput(scale, passMarks, code, district, [], [], when)), when);
                db.Applications.Add(a);
            }
            await db.SaveChangesAsync();
        }
    }

}
