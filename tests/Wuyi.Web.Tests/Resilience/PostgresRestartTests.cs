using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Xunit.Abstractions;

namespace Wuyi.Web.Tests.Resilience;

/// <summary>
/// PostgreSQL stopped and started under the app while clients keep writing: the app answers 503 (never 500, never
/// hangs) while the server is away, recovers by itself when it is back, and every write it acknowledged is there once.
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private sealed record Attempt(string Number, int Phase, HttpStatusCode? Status, Guid? ImportId, string? Body, string? Failure, string? RetryAfter = null);

    [Fact]
    public async Task ServerRestarts_WhileClientsWrite_AcknowledgedWritesSurvive_OutageAnswers503()
    {
        await using var server = await PrivatePostgres.StartAsync();
        await using var app = await AppProcess.StartAsync(DatabaseProvider.Postgres, server.ConnectionString("wuyi"));
        using var city = await app.SignInAsync("city", timeout: TimeSpan.FromSeconds(30)); // longer than this is a hang
        var attempts = new ConcurrentQueue<Attempt>();
        var phase = 0; // even: the server is up; odd: it is stopped (or starting)
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(1, 4).Select(w => Task.Run(async () =>
        {
            for (var n = 1; !stop.IsCancellationRequested; n++)
            {
                var number = $"R{w}-{n}";
                var sentIn = Volatile.Read(ref phase);
                try
                {
                    using var response = await city.PostAsJsonAsync("/api/v1/hotline/complaints", Complaint(number));
                    var body = await response.Content.ReadAsStringAsync();
                    Guid? id = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("importId").GetGuid() : null;
                    attempts.Enqueue(new(number, sentIn, response.StatusCode, id, body, null, response.Headers.RetryAfter?.ToString()));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    attempts.Enqueue(new(number, sentIn, null, null, null, e.GetType().Name + ": " + e.Message));
                }
                if (sentIn % 2 == 1) await Task.Delay(50); // not a busy loop while the server is away
            }
        })).ToList();

        await Task.Delay(1500);
        using var page = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };
        var outages = new[] { "fast", "immediate" };
        for (var o = 0; o < outages.Length; o++)
        {
            await server.StopServerAsync(outages[o]);
            Interlocked.Increment(ref phase);
            await Task.Delay(2500);
            // People get the friendly page, with 503, for a page that needs the database.
            using (var html = await page.GetAsync($"/public/communities/110108001{o + 1:000}"))
            {
                html.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                (await html.Content.ReadAsStringAsync()).ShouldContain("服务暂不可用");
            }
            await server.StartServerAsync();
            Interlocked.Increment(ref phase);
            var back = Stopwatch.StartNew();
            var up = Volatile.Read(ref phase);
            while (!attempts.Any(a => a.Phase == up && a.Status == HttpStatusCode.OK))
            {
                back.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), $"no write succeeded within 30 s of the server's return ({outages[o]} stop)");
                await Task.Delay(100);
            }
            output.WriteLine($"{outages[o]} stop: writes succeed again {back.ElapsedMilliseconds} ms after the server is back");
            await Task.Delay(1000);
        }
        stop.Cancel();
        await Task.WhenAll(writers);

        var all = attempts.ToList();
        output.WriteLine($"{all.Count} writes: {all.Count(a => a.Status == HttpStatusCode.OK)} acknowledged, {all.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} answered 503");
        all.Where(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
            .Select(a => $"{a.Number} in phase {a.Phase}: {a.Status?.ToString() ?? a.Failure} {a.Body}")
            .ShouldBeEmpty($"what the app logged (warnings and errors):\n{app.Output}"); // a 500's exception is in its log
        foreach (var away in new[] { 1, 3 })
            all.ShouldContain(a => a.Phase == away && a.Status == HttpStatusCode.ServiceUnavailable, $"no 503 seen during outage {away / 2 + 1}");
        var unavailable = all.First(a => a.Status == HttpStatusCode.ServiceUnavailable);
        unavailable.RetryAfter.ShouldBe("5");
        var refusal = JsonDocument.Parse(unavailable.Body!).RootElement;
        refusal.GetProperty("code").GetString().ShouldBe("database-unavailable");
        refusal.GetProperty("title").GetString().ShouldBe("服务暂不可用");
        refusal.GetProperty("detail").GetString()!.ShouldContain("请稍后重试");

        // Every acknowledged write is there, once; nothing is there that was not sent.
        await using var db = new NpgsqlConnection(server.ConnectionString("wuyi"));
        await db.OpenAsync();
        var numbers = new List<string>();
        await using (var read = new NpgsqlCommand("SELECT \"Number\" FROM \"HotlineComplaints\" WHERE \"Number\" LIKE 'R%'", db))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) numbers.Add(reader.GetString(0));
        var imports = new List<Guid>();
        await using (var read = new NpgsqlCommand("SELECT \"Id\" FROM \"HotlineImports\"", db))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) imports.Add(reader.GetGuid(0));
        var acknowledged = all.Where(a => a.Status == HttpStatusCode.OK).ToList();
        acknowledged.Select(a => a.Number).Except(numbers).ShouldBeEmpty("acknowledged complaints missing after the restarts");
        acknowledged.Select(a => a.ImportId!.Value).Except(imports).ShouldBeEmpty("acknowledged imports missing after the restarts");
        numbers.Count.ShouldBe(numbers.Distinct().Count());
        imports.Count.ShouldBe(numbers.Count, "one import entry per complaint sent, none twice");
        numbers.Except(all.Select(a => a.Number)).ShouldBeEmpty();
    }

    private static object Complaint(string number) => new
    {
        complaints = new[]
        {
            new
            {
                number, receivedAt = "2022-06-10T10:00:00+08:00", communityCode = DemoAccounts.All[0].DivisionCode, epidemicRelated = false,
                responseDeadline = "2022-06-11T10:00:00+08:00",
            },
        },
    };
}
