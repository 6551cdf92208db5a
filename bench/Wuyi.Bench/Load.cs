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
