using System.Diagnostics;

namespace Wuyi.Bench;

/// <summary>A closed-loop HTTP load: N workers, each sending the next request when the last one answered.</summary>
public static class Load
{
    public sealed record Result(string Name, long Requests, long Errors, double Seconds, double P50Ms, double P95Ms, double P99Ms)
    {
        public double PerSecond => Requests / Seconds;
    }

    public static async Task<Result> RunAsync(HttpClient client, string name, string path, int workers, TimeSpan warmup, TimeSpan duration)
    {
        await Drive(client, path, workers, warmup, record: false);
        return await Drive(client, path, workers, duration, record: true, name);
    }

    /// <summary>
    /// Each endpoint in turn (3 s warm-up, then <paramref name="seconds"/>), the first being the trivial baseline (/livez), then
    /// the table of them all with each one's rate and p95 against that baseline.
    /// </summary>
    public static async Task CompareAsync(HttpClient client, IReadOnlyList<(string Name, string Path)> endpoints, int workers, int seconds)
    {
        var results = new List<Result>();
        foreach (var (name, path) in endpoints)
            results.Add(await RunAsync(client, name, path, workers, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds)));

        var baseline = results[0];
        Console.WriteLine();
        Console.WriteLine($"{"endpoint",-28} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"errors",7} {"rate vs trivial",16} {"p95 vs trivial",15}");
        foreach (var r in results)
            Console.WriteLine($"{r.Name,-28} {r.PerSecond,8:0} {r.P50Ms,8:0.00} {r.P95Ms,8:0.00} {r.P99Ms,8:0.00} {r.Errors,7} {r.PerSecond / baseline.PerSecond,16:P1} {r.P95Ms / baseline.P95Ms,14:0.0}×");
    }

    private static async Task<Result> Drive(HttpClient client, string path, int workers, TimeSpan duration, bool record, string name = "")
    {
        var latencies = new List<long>[workers];
        var errors = 0L;
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(async w =>
        {
            var mine = latencies[w] = new List<long>(100_000);
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                _ = await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                if (record) mine.Add(Stopwatch.GetTimestamp() - started);
            }
        }).ToArray();
        await Task.WhenAll(tasks);
        var seconds = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Ms(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new Result(name, all.Length, errors, seconds, Ms(0.50), Ms(0.95), Ms(0.99));
    }
}
