using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Rules;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Hotline;

namespace Wuyi.Bench;

/// <summary>
/// A month of the whole city's 12345 complaints and more: N generated rows (deterministic, Beijing's community codes,
/// a share of bad rows) imported end to end — a CSV upload over HTTP to the running app, parsed, matched, checked,
/// written, standing rechecked — against the same valid rows bulk-loaded raw into the same table of the same database
/// in the same run (SQLite: one prepared statement in one transaction; PostgreSQL: binary COPY).
/// </summary>
public static class HotlineImportBench
{
    private sealed record Generated(string CsvPath, List<HotlineComplaintRecord> Valid, int Rows, int Bad, long Bytes);

    public static async Task RunAsync(int rows, double badShare, int rounds, string? postgres)
    {
        await using var host = new BenchHost(postgres);
        var baseAddress = host.Start();
        var now = DateTimeOffset.UtcNow;
        var certified = await Seed.CertifyAsync(host.Services, 1400, now.AddDays(-60));
        var token = await host.CityTokenAsync(baseAddress);
        var generated = await GenerateAsync(host, rows, badShare, now);
        Console.WriteLine($"{host.Provider}: app at {baseAddress}; {certified} certified communities; {generated.Rows:N0} rows " +
                          $"({generated.Bad:N0} bad, {generated.Valid.Count:N0} valid), CSV {generated.Bytes / 1048576.0:0.0} MB; {rounds} rounds");

        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var raw = new List<double>();
        var imported = new List<(double Seconds, long PeakMb, long AboveMb)>();
        for (var round = 1; round <= rounds; round++)
        {
            await ClearAsync(host);
            var t = Stopwatch.StartNew();
            await RawLoadAsync(host, generated.Valid);
            raw.Add(t.Elapsed.TotalSeconds);
            await CheckCountAsync(host, generated.Valid.Count);
            Console.WriteLine($"  round {round}: raw bulk load   {generated.Valid.Count / raw[^1],12:N0} rows/s ({raw[^1]:0.00} s)");

            await ClearAsync(host);
            GC.Collect();
            var (seconds, report, peak, above) = await ImportAsync(client, generated.CsvPath);
            if (!report.Imported || report.Inserted != generated.Valid.Count || report.Rejected != generated.Bad)
                throw new InvalidOperationException($"import did not do what was expected: {report.Inserted} inserted, {report.Rejected} rejected; " +
                    string.Join("; ", report.Rejections.GroupBy(r => r.Reason.Length > 12 ? r.Reason[..12] : r.Reason).Select(g => $"{g.Key}… ×{g.Count()} (e.g. row {g.First().Row}: {g.First().Reason})")));
            await CheckCountAsync(host, generated.Valid.Count);
            imported.Add((seconds, peak, above));
            Console.WriteLine($"  round {round}: import (HTTP)   {generated.Valid.Count / seconds,12:N0} valid rows/s, {generated.Rows / seconds:N0} rows/s " +
                              $"({seconds:0.00} s; peak RSS {peak} MB, {above} MB above the level before it; {report.ReEvaluationsQueued} re-evaluations queued)");
        }

        // The same file again: every row is compared, nothing changes.
        var again = await ImportAsync(client, generated.CsvPath);
        if (again.Report.Inserted != 0 || again.Report.Updated != 0) throw new InvalidOperationException("re-import changed rows");

        var bestRaw = generated.Valid.Count / raw.Min();
        var bestImport = generated.Valid.Count / imported.Min(i => i.Seconds);
        Console.WriteLine();
        Console.WriteLine($"{"",-34} {"rows/s",12} {"vs raw",8}");
        Console.WriteLine($"{"raw bulk load (best)",-34} {bestRaw,12:N0} {1,8:P0}");
        Console.WriteLine($"{"import end to end (best)",-34} {bestImport,12:N0} {bestImport / bestRaw,8:P0}");
        Console.WriteLine($"{"re-import, same file (0 changes)",-34} {generated.Valid.Count / again.Seconds,12:N0} {generated.Valid.Count / again.Seconds / bestRaw,8:P0}");
        Console.WriteLine($"peak RSS during an import: {imported.Max(i => i.PeakMb)} MB ({imported.Max(i => i.AboveMb)} MB above the process before it; " +
                          $"the process also holds the generator's {generated.Valid.Count:N0} baseline rows)");
        File.Delete(generated.CsvPath);
    }

    private static async Task<(double Seconds, ImportReport Report, long PeakMb, long AboveMb)> ImportAsync(HttpClient client, string path)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        long peak = before;
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
        var t = Stopwatch.StartNew();
        await using var file = File.OpenRead(path);
        using var form = new MultipartFormDataContent();
        var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", Path.GetFileName(path));
        using var response = await client.PostAsync("/api/v1/hotline/imports?skipInvalid=true", form);
        var body = await response.Content.ReadAsStringAsync();
        var seconds = t.Elapsed.TotalSeconds;
        sampling.Cancel();
        await sampler;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"import failed: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
        var report = System.Text.Json.JsonSerializer.Deserialize<ImportReport>(body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        return (seconds, report, peak / 1048576, (peak - before) / 1048576);
    }


    /// <summary>
    /// Deterministic rows over Beijing's communities: one in ten names its community by street and name instead of code,
    /// a third are epidemic-related, some answered late or unanswered, some visited and dissatisfied; a share is bad in
    /// one of four ways (unknown community, impossible date, no number, deadline before receipt).
    /// </summary>
    private static async Task<Generated> GenerateAsync(BenchHost host, int rows, double badShare, DateTimeOffset now)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        var communities = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith("11"))
            .OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync();
        var streets = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Street && d.Code.StartsWith("11"))
            .ToDictionaryAsync(d => d.Code, d => d.Name);
        // Names that identify one community under a unique street name; others are always written by code.
        var uniqueStreet = streets.Values.GroupBy(n => n).Where(g => g.Count() == 1).Select(g => g.Key).ToHashSet();
        var byName = communities.GroupBy(c => (c.Code[..9], CommunityMatcher.CommunityName(c.Name))).Where(g => g.Count() == 1).Select(g => g.Single().Code).ToHashSet();

        var random = new Random(20220618);
        var path = Path.Combine(Path.GetTempPath(), $"wuyi-bench-12345-{rows}.csv");
        var valid = new List<HotlineComplaintRecord>(rows);
        var bad = 0;
        var importId = Guid.CreateVersion7();
        var importedAt = now.UtcDateTime;
        var beijing = TimeSpan.FromHours(8);
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            await writer.WriteLineAsync("工单编号,受理时间,社区编码,街道,社区名称,是否涉疫,答复时限,答复时间,回访结果,诉求内容");
            for (var i = 0; i < rows; i++)
            {
                var c = communities[random.Next(communities.Count)];
                var received = now.AddMinutes(-random.Next(60, 25 * 24 * 60)).ToOffset(beijing);
                received = received.AddTicks(-(received.Ticks % TimeSpan.TicksPerSecond));
                var deadline = received.AddHours(random.Next(2) == 0 ? 24 : 48);
                var epidemic = random.Next(3) == 0;
                var answer = random.Next(100);
                DateTimeOffset? responded = answer < 80 ? received.AddHours(random.Next(1, 24)) : answer < 92 ? deadline.AddHours(random.Next(1, 48)) : null;
                if (responded > now) responded = null;
                var visit = random.Next(10);
                var followUp = visit < 7 ? FollowUpResult.Satisfied : visit < 8 ? FollowUpResult.Dissatisfied : FollowUpResult.None;
                var number = $"GD{received:yyyyMMdd}{i:D8}";
                var useName = random.Next(10) == 0 && uniqueStreet.Contains(streets[c.Code[..9]]) && byName.Contains(c.Code);
                var isBad = random.NextDouble() < badShare;
                var kind = isBad ? bad++ % 4 : -1;

                var line = new StringBuilder(160);
                line.Append(kind == 2 ? "" : number).Append(',');
                line.Append(kind == 1 ? "2022-13-45 25:61:00" : received.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',');
                line.Append(kind == 0 ? "119999999999" : useName ? "" : c.Code).Append(',');
                line.Append(useName ? streets[c.Code[..9]] : "").Append(',');
                line.Append(useName ? CommunityMatcher.CommunityName(c.Name) : "").Append(',');
                line.Append(epidemic ? "是" : "否").Append(',');
                line.Append((kind == 3 ? received.AddHours(-1) : deadline).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',');
                line.Append(responded?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "").Append(',');
                line.Append(followUp switch { FollowUpResult.Satisfied => "满意", FollowUpResult.Dissatisfied => "不满意", _ => "未回访" }).Append(',');
                line.Append(epidemic ? "反映小区卡口值守人员未查验健康码" : "咨询办理居住证");
                await writer.WriteLineAsync(line.ToString());

                if (!isBad)
                    valid.Add(new HotlineComplaintRecord
                    {
                        Number = number, CommunityCode = c.Code, ReceivedAtUtc = received.UtcDateTime, EpidemicRelated = epidemic,
                        ResponseDeadlineUtc = deadline.UtcDateTime, RespondedAtUtc = responded?.UtcDateTime, FollowUp = followUp,
                        ImportedAtUtc = importedAt, ImportId = importId,
                    });
            }
        }
        return new Generated(path, valid, rows, bad, new FileInfo(path).Length);
    }

    private static async Task ClearAsync(BenchHost host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        await db.Database.ExecuteSqlRawAsync(host.Provider == "Sqlite" ? "DELETE FROM \"HotlineComplaints\"" : "TRUNCATE \"HotlineComplaints\"");
    }

    private static async Task CheckCountAsync(BenchHost host, int expected)
    {
        using var scope = host.Services.CreateScope();
        var count = await scope.ServiceProvider.GetRequiredService<WuyiDbContext>().HotlineComplaints.CountAsync();
        if (count != expected) throw new InvalidOperationException($"expected {expected} complaints on record, found {count}");
    }

    /// <summary>The baseline: the rows already typed, written the fastest plain way each database has.</summary>
    private static async Task RawLoadAsync(BenchHost host, List<HotlineComplaintRecord> rows)
    {
        if (host.Provider == "Sqlite")
        {
            await using var connection = new SqliteConnection(host.ConnectionString);
            await connection.OpenAsync();
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var command = ComplaintWriter.PrepareSqliteInsert(connection, tx);
            foreach (var row in rows) ComplaintWriter.RunSqlite(command, row);
            await tx.CommitAsync();
        }
        else
        {
            await using var connection = new NpgsqlConnection(host.ConnectionString);
            await connection.OpenAsync();
            await using var copy = await connection.BeginBinaryImportAsync($"COPY \"HotlineComplaints\" ({ComplaintWriter.Columns}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows) await ComplaintWriter.CopyRowAsync(copy, row, default);
            await copy.CompleteAsync();
        }
    }
}
