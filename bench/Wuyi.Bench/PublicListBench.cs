using System.Net;

namespace Wuyi.Bench;

/// <summary>
/// Publication day: the whole city reads the certified list. Measures the public list page and its API
/// against the app's trivial liveness endpoint, in the same process and run, and checks that the list
/// changes at once when a batch is published (no stale cache).
/// </summary>
public static class PublicListBench
{
    public static async Task RunAsync(int certified, int workers, int seconds, string? postgres)
    {
        await using var host = new BenchHost(postgres);
        var baseAddress = host.Start();
        var seeded = await Seed.CertifyAsync(host.Services, certified, new DateTimeOffset(2022, 6, 18, 9, 0, 0, TimeSpan.FromHours(8)));
        Console.WriteLine($"{host.Provider}: app at {baseAddress}, {seeded} certified communities, {workers} workers, {seconds} s per endpoint after 3 s warm-up");

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers * 2, AutomaticDecompression = DecompressionMethods.None })
        { BaseAddress = baseAddress };

        var endpoints = new (string Name, string Path)[]
        {
            ("trivial (/livez)", "/livez"),
            ("public list page", "/public"),
            ("public list page, district", "/public?district=110108"),
            ("public API, page 1", "/api/v1/public/certified?page=1&pageSize=50"),
            ("public API, search", "/api/v1/public/certified?q=%E7%A4%BE%E5%8C%BA&page=3"),
            ("public summary API", "/api/v1/public/summary"),
        };
        var results = new List<Load.Result>();
        foreach (var (name, path) in endpoints)
            results.Add(await Load.RunAsync(client, name, path, workers, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds)));

        var baseline = results[0].PerSecond;
        Console.WriteLine();
        Console.WriteLine($"{"endpoint",-30} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"vs trivial",11}");
        foreach (var r in results)
            Console.WriteLine($"{r.Name,-30} {r.PerSecond,10:0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00} {r.Errors,7} {r.PerSecond / baseline,10:P0}");

        // Freshness: publishing a batch shows on the very next read.
        var before = await client.GetStringAsync("/api/v1/public/summary");
        await Seed.CertifyAsync(host.Services, 10, new DateTimeOffset(2022, 6, 25, 9, 0, 0, TimeSpan.FromHours(8)));
        var after = await client.GetStringAsync("/api/v1/public/summary");
        Console.WriteLine();
        Console.WriteLine($"fresh after publication: {(before != after ? "yes" : "NO — stale")} ({before} → {after})");
    }
}
