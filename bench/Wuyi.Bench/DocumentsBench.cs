using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Web.Data;

namespace Wuyi.Bench;

/// <summary>
/// The programme's PDFs under load: a certificate and a plaque (drawn on every request: their standing is live) against the
/// app's trivial liveness endpoint in the same run and with the same bearer token (so the baseline pays for reading it too),
/// and a batch's publication notice of <c>certified</c> communities drawn once cold (then answered from the output cache).
/// </summary>
public static class DocumentsBench
{
    public static async Task RunAsync(int certified, int workers, int seconds, string? postgres)
    {
        await using var host = new BenchHost(postgres);
        var baseAddress = host.Start();
        var seeded = await Seed.CertifyAsync(host.Services, certified, new DateTimeOffset(2022, 6, 18, 9, 0, 0, TimeSpan.FromHours(8)));
        string number;
        using (var scope = host.Services.CreateScope())
            number = await scope.ServiceProvider.GetRequiredService<WuyiDbContext>().Certifications.OrderBy(c => c.Number).Select(c => c.Number).FirstAsync();
        Console.WriteLine($"{host.Provider}: app at {baseAddress}, {seeded} certified communities in batch 1, {workers} workers, {seconds} s per endpoint after 3 s warm-up");

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers * 2, AutomaticDecompression = DecompressionMethods.None })
        { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.CityTokenAsync(baseAddress));

        // The batch notice first, cold: one drawing of the whole annex; the second answer comes from the output cache (anonymous,
        // as residents ask: a request with a token is never answered from the cache).
        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        var notice = Stopwatch.StartNew();
        var bytes = await anonymous.GetByteArrayAsync("/api/v1/public/batches/1/notice");
        var cold = notice.Elapsed;
        notice.Restart();
        await anonymous.GetByteArrayAsync("/api/v1/public/batches/1/notice");
        Console.WriteLine($"batch notice of {seeded} communities: {bytes.Length / 1024} KB, drawn in {cold.TotalMilliseconds:0} ms cold, {notice.Elapsed.TotalMilliseconds:0.0} ms from the cache");

        var escaped = Uri.EscapeDataString(number);
        var endpoints = new (string Name, string Path)[]
        {
            ("trivial (/livez)", "/livez"),
            ("certificate PDF", $"/api/v1/certificates/{escaped}/pdf"),
            ("plaque PDF", $"/api/v1/certificates/{escaped}/pdf?layout=plaque"),
        };
        var results = new List<Load.Result>();
        foreach (var (name, path) in endpoints)
            results.Add(await Load.RunAsync(client, name, path, workers, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds)));

        var baseline = results[0].PerSecond;
        Console.WriteLine();
        Console.WriteLine($"{"endpoint",-20} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"vs trivial",11}");
        foreach (var r in results)
            Console.WriteLine($"{r.Name,-20} {r.PerSecond,10:0.0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00} {r.Errors,7} {r.PerSecond / baseline,10:P2}");
    }
}
