using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Data;

namespace Wuyi.Bench;

/// <summary>
/// 统计分析 at the country's size (issue 12): the whole division tree (~620,000 communities, as <c>import-divisions --all</c>)
/// with a generated programme history (<see cref="NationalSeed"/>), or one province of it (<c>--province 11</c>: Beijing, e.g. on
/// SQLite). Then the national, the largest province's, Beijing's, two districts' and a street's dashboards against /livez in the
/// same run (p50/p95/p99, req/s, a few workers), and an .xlsx export of ~100,000 rows against its CSV (time, peak memory).
/// <c>--keep</c> keeps the database and prints where it is; <c>--reuse</c> measures such a database again without generating it.
/// </summary>
public static class NationalBench
{
    public sealed record Options(string? Province, int? Applications, int? Certified, int? Complaints, int Workers, int Seconds,
        string? Postgres, bool Keep, string? Reuse);

    public static async Task RunAsync(Options o)
    {
        await using var host = o.Reuse is { } reuse ? Reused(reuse) : new BenchHost(o.Postgres);
        host.Keep = o.Keep;
        var total = Stopwatch.StartNew();
        var startup = Stopwatch.StartNew();
        var baseAddress = host.Start();
        Console.WriteLine($"{host.Provider}: app at {baseAddress} (startup and migrations {startup.Elapsed.TotalSeconds:0.0} s); {Environment.ProcessorCount} cores; " +
                          (o.Reuse is null ? "generating" : "reusing the database"));

        if (o.Reuse is null) await GenerateAsync(host, o);

        var rebuild = Stopwatch.StartNew();
        await RebuildFiguresAsync(host.Services);
        Console.WriteLine($"figures' rebuild (RebuildFiguresAsync): {rebuild.Elapsed.TotalSeconds:0.0} s");
        await PrintCountsAsync(host.Services);

        if (o.Keep || o.Reuse is not null)
            Console.WriteLine($"database kept: --reuse \"{host.ConnectionString}\"");

        await MeasureAsync(host, baseAddress, o);
        Console.WriteLine($"whole run {total.Elapsed.TotalMinutes:0.0} min");
    }

    /// <summary>An existing database: a PostgreSQL connection string (Host=…), a SQLite connection string (Data Source=…), or a SQLite file.</summary>
    private static BenchHost Reused(string reuse)
    {
        if (File.Exists(reuse) && !File.ReadAllText(reuse, System.Text.Encoding.Latin1).StartsWith("SQLite format 3", StringComparison.Ordinal))
            reuse = File.ReadAllText(reuse).Trim(); // a file holding the connection string
        if (reuse.Contains("Host=", StringComparison.OrdinalIgnoreCase)) return BenchHost.Existing(postgres: true, reuse);
        return BenchHost.Existing(postgres: false, reuse.Contains("Data Source=", StringComparison.OrdinalIgnoreCase) ? reuse : $"Data Source={reuse};Foreign Keys=True");
    }

    private static async Task GenerateAsync(BenchHost host, Options o)
    {
        var clock = Stopwatch.StartNew();
        var contentRoot = host.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        var divisions = await NationalSeed.ImportDivisionsAsync(host.Services, contentRoot, o.Province);
        Console.WriteLine($"divisions ({(o.Province is null ? "import-divisions --all" : "import-divisions --province " + o.Province)}): " +
                          $"read {divisions.Read:N0}, inserted {divisions.Inserted:N0}, updated {divisions.Updated:N0} in {clock.Elapsed.TotalSeconds:0.0} s");

        int communities;
        using (var scope = host.Services.CreateScope())
        {
            var prefix = o.Province ?? "";
            communities = await scope.ServiceProvider.GetRequiredService<WuyiDbContext>().Divisions
                .CountAsync(d => d.Level == DivisionLevel.Community && d.Code.StartsWith(prefix));
        }
        var defaults = NationalSeed.Defaults(communities, o.Province is not null);
        var counts = new NationalSeed.Counts(o.Applications ?? defaults.Applications, o.Certified ?? defaults.Certified, o.Complaints ?? defaults.Complaints);
        Console.WriteLine($"generating on {communities:N0} communities: {counts.Applications:N0} applications, {counts.Certified:N0} certified, " +
                          $"{counts.Complaints:N0} complaints ({(host.IsPostgres ? "binary COPY" : "prepared INSERTs, one transaction")})");
        clock.Restart();
        var tally = await NationalSeed.GenerateAsync(host.Services, host.IsPostgres, host.ConnectionString, o.Province, counts);
        Console.WriteLine($"generation {clock.Elapsed.TotalSeconds:0.0} s:");
        foreach (var (step, t) in tally.Steps) Console.WriteLine($"  {step,-40} {t.TotalSeconds,8:0.0} s");
        foreach (var (table, n) in tally.Rows) Console.WriteLine($"  {table,-40} {n,12:N0} rows");
    }

    /// <summary>The dashboards' summaries, rebuilt from the records after generation (and on --reuse; it must be idempotent).</summary>
    /// <summary>The generator writes around the app (COPY): the dashboards' summaries are rebuilt from the records, as at a first start.</summary>
    private static async Task RebuildFiguresAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        await Wuyi.Web.Dashboards.FigureStore.RebuildAsync(scope.ServiceProvider.GetRequiredService<Wuyi.Web.Data.WuyiDbContext>(), CancellationToken.None);
    }

    private static async Task PrintCountsAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        Console.WriteLine($"database: {await db.Divisions.CountAsync(d => d.Level == DivisionLevel.Community):N0} communities, " +
                          $"{await db.Applications.CountAsync():N0} applications ({await db.Applications.CountAsync(a => a.OpenForCommunity != null):N0} open), " +
                          $"{await db.Certifications.CountAsync():N0} certifications ({await db.Certifications.CountAsync(c => c.ActiveForCommunity != null):N0} standing), " +
                          $"{await db.Vetoes.CountAsync():N0} vetoes, {await db.HotlineComplaints.CountAsync():N0} complaints");
    }

    private static async Task MeasureAsync(BenchHost host, Uri baseAddress, Options o)
    {
        // The largest province (by communities) and its largest district; Beijing's 海淀 and a street of it.
        string largest, district, street;
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
            var prefix = o.Province ?? "";
            var byProvince = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith(prefix))
                .GroupBy(d => d.Code.Substring(0, 2)).Select(g => new { g.Key, Count = g.Count() }).OrderByDescending(g => g.Count).FirstAsync();
            largest = byProvince.Key;
            district = (await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith(largest))
                .GroupBy(d => d.Code.Substring(0, 6)).Select(g => new { g.Key, Count = g.Count() }).OrderByDescending(g => g.Count).FirstAsync()).Key;
            street = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Street && d.Code.StartsWith("110108"))
                .OrderBy(d => d.Code).Select(d => d.Code).FirstOrDefaultAsync() ?? "110108001";
        }

        HttpClient Client(string token)
        {
            var c = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Workers * 2, AutomaticDecompression = DecompressionMethods.None })
            { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(30) };
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return c;
        }
        // A City account at the root ("") is the national scope; at a 2-digit code, that province.
        using var national = Client(await host.TokenAsync(baseAddress, "bench-national", "全国社区防控组（压测）", ProgrammeRole.City, ""));
        using var province = Client(await host.TokenAsync(baseAddress, "bench-city-" + largest, $"{largest} 社区防控组（压测）", ProgrammeRole.City, largest));
        using var beijing = Client(await host.CityTokenAsync(baseAddress));

        var endpoints = new List<(string Name, HttpClient Client, string Path)>
        {
            ("trivial (/livez)", beijing, "/livez"),
            ("national dashboard", national, "/api/v1/dashboards"),
        };
        if (largest != "11")
        {
            endpoints.Add(($"province {largest} dashboard (largest)", province, "/api/v1/dashboards"));
            endpoints.Add(($"district {district} dashboard", province, $"/api/v1/dashboards?within={district}"));
        }
        endpoints.Add(("Beijing (11) dashboard", beijing, "/api/v1/dashboards"));
        endpoints.Add(("district 110108 dashboard", beijing, "/api/v1/dashboards?within=110108"));
        endpoints.Add(($"street {street} dashboard", beijing, $"/api/v1/dashboards?within={street}"));

        Console.WriteLine();
        Console.WriteLine($"{o.Workers} workers, {o.Seconds} s per endpoint after 3 s warm-up; first request of each (cold):");
        var results = new List<Load.Result>();
        var refused = new List<string>();
        foreach (var (name, client, path) in endpoints)
        {
            var t = Stopwatch.StartNew();
            using var probe = await client.GetAsync(path);
            var bytes = (await probe.Content.ReadAsByteArrayAsync()).Length;
            Console.WriteLine($"  {name,-36} {(int)probe.StatusCode} {probe.StatusCode}, {t.Elapsed.TotalMilliseconds,9:0} ms, {bytes / 1024.0,8:0.0} KB");
            if (!probe.IsSuccessStatusCode)
            {
                refused.Add($"{name}: {(int)probe.StatusCode} {probe.StatusCode} — not measured");
                continue;
            }
            results.Add(await Load.RunAsync(client, name, path, o.Workers, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(o.Seconds)));
        }

        var baseline = results[0];
        Console.WriteLine();
        Console.WriteLine($"{"endpoint",-36} {"req/s",8} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"errors",7} {"rate vs trivial",16} {"p95 vs trivial",15} {"p95 < 200 ms",13}");
        foreach (var r in results)
            Console.WriteLine($"{r.Name,-36} {r.PerSecond,8:0.0} {r.P50Ms,9:0.0} {r.P95Ms,9:0.0} {r.P99Ms,9:0.0} {r.Errors,7} {r.PerSecond / baseline.PerSecond,16:P1} " +
                              $"{r.P95Ms / baseline.P95Ms,14:0}× {(r == baseline ? "" : r.P95Ms < 200 ? "met" : "NOT met"),13}");
        foreach (var r in refused) Console.WriteLine(r);

        // The export: the national scope's published applications (~100,000 nationally) when the app serves the national
        // scope, else the largest province's applications.
        Console.WriteLine();
        var candidates = new (string Name, HttpClient Client, string Filter)[]
        {
            ("national, state=Published", national, "&state=Published"),
            ($"province {largest}, all states", province, ""),
        };
        foreach (var (name, client, filter) in candidates)
        {
            using (var probe = await client.GetAsync($"/api/v1/applications/export?format=csv{filter}", HttpCompletionOption.ResponseHeadersRead))
                if (!probe.IsSuccessStatusCode)
                {
                    Console.WriteLine($"export ({name}): {(int)probe.StatusCode} {probe.StatusCode} — next scope");
                    continue;
                }
            var csv = await ExportBench.DownloadAsync(client, "csv", filter);
            var xlsx = await ExportBench.DownloadAsync(client, "xlsx", filter);
            Console.WriteLine($"export of {name}: {xlsx.Rows:N0} rows");
            Console.WriteLine($"{"",-12} {"seconds",8} {"rows/s",10} {"MB",7} {"peak MB",8} {"above MB",9} {"alloc MB",9} {"vs CSV",7}");
            foreach (var (format, r) in new[] { ("CSV", csv), (".xlsx", xlsx) })
                Console.WriteLine($"{format,-12} {r.Seconds,8:0.00} {r.Rows / r.Seconds,10:N0} {r.Bytes / 1048576.0,7:0.0} {r.PeakMb,8} {r.AboveMb,9} {r.AllocatedMb,9:N0} {r.Seconds / csv.Seconds,7:P0}");
            Console.WriteLine($"goal: .xlsx under 300 MB — the process peaked at {xlsx.PeakMb} MB ({xlsx.AboveMb} MB above its level before the download): " +
                              $"{(xlsx.PeakMb < 300 ? "met" : xlsx.AboveMb < 300 ? "met for the export's own memory, not for the whole bench process (app, client, caches)" : "NOT met")}");
            break;
        }
    }
}
