using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Scales;

namespace Wuyi.Bench;

/// <summary>
/// The deadline burst: every community of Beijing (7,535) starts its application with a full self-assessment and
/// submits it through the API (two requests: create with scores, submit), N workers in a closed loop, against the
/// trivial endpoint with the same workers in the same run. Accounts and their bearer tokens are made before the
/// measured loop: the accounts in bulk, the tokens the way the token endpoint makes them (principal, token family,
/// sign-in time, the bearer protector) without 7,535 password hashes, which would time the hash, not the submission.
/// </summary>
public static class SubmissionBurstBench
{
    private sealed record Community(string Code, string Token);

    private sealed record Created(Guid Id, int Version);

    public static async Task RunAsync(int workers, int seconds, int limit, bool inOrder, string? postgres)
    {
        await using var host = new BenchHost(postgres);
        var baseAddress = host.Start();
        var prepare = Stopwatch.StartNew();
        var communities = await CommunitiesWithTokensAsync(host.Services, limit);
        // The city at once, not district after district: in code order every worker would be in one district (--in-order).
        if (!inOrder) new Random(2022).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(communities));
        var scores = await FullScoresAsync(host.Services);
        Console.WriteLine($"{host.Provider}: app at {baseAddress}, {communities.Count} community accounts and tokens made in {prepare.Elapsed.TotalSeconds:0.0} s, "
            + $"{scores.Count} indicators, {workers} workers, communities {(inOrder ? "in code order" : "shuffled")}");

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers * 2, AutomaticDecompression = DecompressionMethods.None })
        { BaseAddress = baseAddress };
        var trivial = await Load.RunAsync(client, "trivial (/livez)", "/livez", workers, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds));

        // The first communities warm the path up (JIT, pools, caches); they submit too, outside the measured loop.
        var warmup = Math.Min(communities.Count / 10, workers * 4);
        await SubmitAllAsync(client, communities.Take(warmup).ToList(), scores, workers);
        var measured = communities.Skip(warmup).ToList();
        var cost = Cost.Start();
        var burst = await SubmitAllAsync(client, measured, scores, workers);
        cost = cost.Stop();

        var submitted = await CountSubmittedAsync(host.Services);
        Console.WriteLine();
        Console.WriteLine($"{"endpoint",-34} {"per s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"vs trivial",11}");
        Console.WriteLine($"{trivial.Name,-34} {trivial.PerSecond,10:0} {trivial.P50Ms,8:0.00} {trivial.P99Ms,8:0.00} {trivial.Errors,7} {1,10:P0}");
        Console.WriteLine($"{"submission (create + submit)",-34} {burst.PerSecond,10:0.0} {burst.P50Ms,8:0.00} {burst.P99Ms,8:0.00} {burst.Errors,7} {burst.PerSecond / trivial.PerSecond,10:P1}");
        Console.WriteLine($"{"  create with self-assessment",-34} {"",10} {burst.CreateP50Ms,8:0.00} {burst.CreateP99Ms,8:0.00}");
        Console.WriteLine($"{"  submit",-34} {"",10} {burst.SubmitP50Ms,8:0.00} {burst.SubmitP99Ms,8:0.00}");
        Console.WriteLine();
        Console.WriteLine($"{measured.Count} submissions in {burst.Seconds:0.0} s ({warmup} more before, as warm-up); "
            + $"{submitted} applications submitted in the database (expected {communities.Count})");
        // CPU and allocation per submission (the whole process: client and app) do not depend on what else the machine runs.
        var n = Math.Max(1, burst.Submissions);
        Console.WriteLine($"per submission: {cost.CpuMs / n:0.00} ms CPU, {cost.AllocatedBytes / n / 1024.0:0} KB allocated; "
            + $"GCs during the burst: gen0 {cost.Gen0}, gen1 {cost.Gen1}, gen2 {cost.Gen2}");
    }

    private sealed record Cost(double CpuMs, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
    {
        public static Cost Start() => Now();

        public Cost Stop()
        {
            var now = Now();
            return new Cost(now.CpuMs - CpuMs, now.AllocatedBytes - AllocatedBytes, now.Gen0 - Gen0, now.Gen1 - Gen1, now.Gen2 - Gen2);
        }

        private static Cost Now() => new(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    private sealed record Burst(long Submissions, long Errors, double Seconds, double P50Ms, double P99Ms,
        double CreateP50Ms, double CreateP99Ms, double SubmitP50Ms, double SubmitP99Ms)
    {
        public double PerSecond => Submissions / Seconds;
    }

    private static async Task<Burst> SubmitAllAsync(HttpClient client, IReadOnlyList<Community> communities, Dictionary<string, decimal> scores, int workers)
    {
        var next = -1;
        var errors = 0L;
        var total = new List<long>[workers];
        var creates = new List<long>[workers];
        var submits = new List<long>[workers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var (mine, myCreates, mySubmits) = (total[w] = [], creates[w] = [], submits[w] = []);
            for (var i = Interlocked.Increment(ref next); i < communities.Count; i = Interlocked.Increment(ref next))
            {
                var community = communities[i];
                var started = Stopwatch.GetTimestamp();
                using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/applications")
                {
                    Content = JsonContent.Create(new { scores, note = "压测：全市集中申报" }),
                };
                create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", community.Token);
                using var created = await client.SendAsync(create);
                var afterCreate = Stopwatch.GetTimestamp();
                if (created.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref errors);
                    if (errors <= 3) Console.Error.WriteLine($"create {community.Code}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
                    continue;
                }
                var application = (await created.Content.ReadFromJsonAsync<Created>())!;
                using var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/applications/{application.Id}/submit")
                {
                    Content = JsonContent.Create(new { version = application.Version }),
                };
                submit.Headers.Authorization = create.Headers.Authorization;
                using var submitted = await client.SendAsync(submit);
                _ = await submitted.Content.ReadAsByteArrayAsync();
                var done = Stopwatch.GetTimestamp();
                if (submitted.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                    if (errors <= 3) Console.Error.WriteLine($"submit {community.Code}: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
                    continue;
                }
                mine.Add(done - started);
                myCreates.Add(afterCreate - started);
                mySubmits.Add(done - afterCreate);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        static double Ms(long[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
        var all = total.SelectMany(l => l).Order().ToArray();
        var c = creates.SelectMany(l => l).Order().ToArray();
        var s = submits.SelectMany(l => l).Order().ToArray();
        return new Burst(all.Length, errors, seconds, Ms(all, 0.50), Ms(all, 0.99), Ms(c, 0.50), Ms(c, 0.99), Ms(s, 0.50), Ms(s, 0.99));
    }

    /// <summary>One account per community, inserted in bulk (no password: the token is made here), and its bearer token.</summary>
    private static async Task<List<Community>> CommunitiesWithTokensAsync(IServiceProvider services, int limit)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        var codes = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith("11"))
            .OrderBy(d => d.Code).Select(d => d.Code).Take(limit).ToListAsync();
        var users = codes.Select(code => new User
        {
            UserName = "burst-" + code,
            NormalizedUserName = "BURST-" + code,
            DisplayName = "社区防控组（压测）" + code,
            Role = ProgrammeRole.Community,
            DivisionCode = code,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
        }).ToList();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var families = users.Select(u => new TokenFamily { Id = Guid.CreateVersion7(), UserId = u.Id, Generation = 1, CreatedAtUtc = now.UtcDateTime }).ToList();
        foreach (var chunk in users.Zip(families).Chunk(1000))
        {
            db.Users.AddRange(chunk.Select(p => p.First));
            db.TokenFamilies.AddRange(chunk.Select(p => p.Second));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        // As the token endpoint: the user's principal, the sign-in time and the token family's claims, protected by the bearer scheme.
        var claimsFactory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<User>>();
        var bearer = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var signedInAt = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tokens = new List<Community>(users.Count);
        foreach (var (user, family) in users.Zip(families))
        {
            var principal = await claimsFactory.CreateAsync(user);
            ((ClaimsIdentity)principal.Identity!).AddClaims(TokenFamilies.Claims(family.Id, 1).Append(new Claim(WuyiSignInManager.SignedInAt, signedInAt)));
            var properties = new AuthenticationProperties { ExpiresUtc = now + bearer.BearerTokenExpiration };
            var ticket = new AuthenticationTicket(principal, properties, $"{IdentityConstants.BearerScheme}:AccessToken");
            tokens.Add(new Community(user.DivisionCode, bearer.BearerTokenProtector.Protect(ticket)));
        }
        return tokens;
    }

    /// <summary>Full marks on every indicator of the scale in force: a complete self-assessment.</summary>
    private static async Task<Dictionary<string, decimal>> FullScoresAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var scale = await scope.ServiceProvider.GetRequiredService<ScaleCatalog>().InForceAsync(db, Wuyi.Domain.Common.ProgrammeClock.DateOf(now), default);
        return scale.Indicators.ToDictionary(i => i.Code, i => i.Points);
    }

    private static async Task<int> CountSubmittedAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        return await db.Applications.CountAsync(a => a.State == ApplicationState.Submitted);
    }
}
