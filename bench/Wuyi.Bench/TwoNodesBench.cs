using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;

namespace Wuyi.Bench;

/// <summary>
/// More than one machine: two app nodes (separate OS processes, the web project's own build) on one PostgreSQL database
/// behind HAProxy (Debian's package, started here in the foreground with a generated config: roundrobin, health check on
/// <c>/livez</c>, <c>option forwardfor</c>). Measures the public list page and API through the balancer against the
/// trivial <c>/livez</c> on one node in the same run, shows how the balancer spread each run over the nodes (its own
/// per-server counters), and checks that a batch published through one node shows on the very next read through the
/// other node and through the balancer (each node keeps its own output cache; the list's version is in the database).
/// </summary>
public static class TwoNodesBench
{
    public sealed record Options(int Certified, int Publications, int PerPublication, int Workers, int Seconds, string Postgres);

    private const string Password = "Bench@2022city";

    public static async Task RunAsync(Options o)
    {
        var work = Directory.CreateTempSubdirectory("wuyi-two-nodes-");
        // One audit anchor file and key for the seeding app and both nodes, as for nodes sharing a database (README: Configuration).
        var anchors = Path.Combine(work.FullName, "audit-anchors.log");
        var anchorKey = Path.Combine(work.FullName, "audit-anchor.key");
        Environment.SetEnvironmentVariable("Wuyi__Audit__AnchorPath", anchors);
        Environment.SetEnvironmentVariable("Wuyi__Audit__AnchorKeyPath", anchorKey);

        var children = new Children();
        string? database = null;
        void CleanUp()
        {
            lock (children)
            {
                children.KillAll();
                if (database is not null) DropDatabase(o.Postgres, database);
                database = null;
                try
                {
                    if (work.Exists) work.Delete(recursive: true); // the config, the logs, the anchors
                }
                catch (IOException)
                {
                }
            }
        }
        // Ctrl-C or a kill (SIGINT, SIGTERM, SIGHUP) ends the process without the finally below: the nodes and HAProxy go with it all the same.
        using var signals = new CompositeDisposable([.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => CleanUp()))]);
        try
        {
            var seeding = Stopwatch.StartNew();
            var (connectionString, certified, approved) = await SeedAsync(o);
            database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
            var seeded = seeding.Elapsed;

            var a = children.Add(Node.Start("a", connectionString, anchors, anchorKey, work.FullName));
            var b = children.Add(Node.Start("b", connectionString, anchors, anchorKey, work.FullName));
            var starting = Stopwatch.StartNew();
            await Task.WhenAll(a.ReadyAsync(), b.ReadyAsync());
            var started = starting.Elapsed;
            var haproxy = children.Add(await Balancer.StartAsync(work.FullName, a, b));
            await haproxy.ReadyAsync();

            Console.WriteLine($"PostgreSQL database {database}: {certified} certified communities and {approved.Count} approved applications waiting for the city, "
                + $"seeded in {seeded.TotalSeconds:0} s by an in-process app, since stopped");
            Console.WriteLine($"node a at {a.Address}, node b at {b.Address}: separate processes (dotnet {Path.GetRelativePath(BenchHost.WebProjectFolder(), Node.Dll())}), "
                + $"both ready in {started.TotalSeconds:0.0} s");
            Console.WriteLine($"{haproxy.Version} at {haproxy.Address} (roundrobin, health check GET /livez, option forwardfor; config {haproxy.ConfigPath}), "
                + $"stats at {haproxy.StatsAddress}");
            // The machine may not be quiet: say how busy it was (the seeding and the starts are in it).
            var load = File.Exists("/proc/loadavg") ? $", load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} before measuring" : "";
            Console.WriteLine($"{Environment.ProcessorCount} cores shared by the load generator, both nodes, HAProxy and PostgreSQL{load}; "
                + $"{o.Workers} workers, {o.Seconds} s per endpoint after 3 s warm-up");

            await MeasureAsync(o, a, haproxy);
            await FreshnessAsync(o, a, b, haproxy, approved);

            // Both nodes wrote to one audit chain (sign-in, filings, batches): still whole, with the anchors in the shared file.
            var (exit, verified) = await RunAsync(Node.Command(["audit-verify"], connectionString, anchors, anchorKey, work.FullName));
            Console.WriteLine($"audit-verify after writes through both nodes: exit code {exit}, {verified.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim()}");
            foreach (var child in new Child[] { a, b, haproxy })
            {
                Console.WriteLine($"{child.Name} logged {child.Problems.Count} warnings or errors");
                foreach (var line in child.Problems.Take(5)) Console.WriteLine("    " + line);
            }
        }
        finally
        {
            CleanUp();
        }
    }

    /// <summary>
    /// Certified communities (published batches) and a few approved applications for the city to publish later, through the
    /// domain's own steps, and the city's account; made by the app in this process, which is stopped before the nodes start.
    /// </summary>
    private static async Task<(string ConnectionString, int Certified, IReadOnlyList<Application> Approved)> SeedAsync(Options o)
    {
        await using var host = new BenchHost(o.Postgres) { Keep = true }; // the nodes use the database; it is dropped at the end
        host.Start(); // migrates, loads the scales and Beijing's tree
        var certified = await Seed.CertifyAsync(host.Services, o.Certified, new DateTimeOffset(2022, 6, 18, 9, 0, 0, TimeSpan.FromHours(8)));
        var approved = await Seed.ApproveAsync(host.Services, o.Publications * o.PerPublication, new DateTimeOffset(2022, 6, 20, 9, 0, 0, TimeSpan.FromHours(8)));
        using (var scope = host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var result = await users.CreateAsync(new User { UserName = "bench-city", DisplayName = "市社区防控组（压测）", Role = ProgrammeRole.City, DivisionCode = "11" }, Password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
        return (host.ConnectionString, certified, approved);
    }

    private static async Task MeasureAsync(Options o, Node a, Balancer haproxy)
    {
        HttpClient Client(Uri address) =>
            new(new SocketsHttpHandler { MaxConnectionsPerServer = o.Workers * 2, AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = address };
        using var direct = Client(a.Address);
        using var balanced = Client(haproxy.Address);

        var endpoints = new (string Name, HttpClient Client, string Path)[]
        {
            ("trivial (/livez), node a", direct, "/livez"),
            ("/livez via HAProxy", balanced, "/livez"),
            ("public list page, node a", direct, "/public"),
            ("public list page via HAProxy", balanced, "/public"),
            ("public API, page 1, via HAProxy", balanced, "/api/v1/public/certified?page=1&pageSize=50"),
            ("public summary API via HAProxy", balanced, "/api/v1/public/summary"),
        };
        var results = new List<(Load.Result Result, string Spread)>();
        foreach (var (name, client, path) in endpoints)
        {
            var before = await haproxy.AnsweredAsync();
            var result = await Load.RunAsync(client, name, path, o.Workers, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(o.Seconds));
            var after = await haproxy.AnsweredAsync();
            var spread = client == balanced ? $"{after.A - before.A} / {after.B - before.B}" : "direct";
            results.Add((result, spread));
        }

        var baseline = results[0].Result.PerSecond;
        Console.WriteLine();
        Console.WriteLine($"{"endpoint",-34} {"req/s",8} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"vs trivial",11}   answered by a / b (with warm-up)");
        foreach (var (r, spread) in results)
            Console.WriteLine($"{r.Name,-34} {r.PerSecond,8:0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00} {r.Errors,7} {r.PerSecond / baseline,10:P0}   {spread}");
    }

    private sealed record Summary(int Certified, int Batches);

    private sealed record Page(int Total);

    private sealed record CommunityStatus(string Status, int? BatchNumber);

    private sealed record Batch(int Number);

    /// <summary>
    /// Publications through one node, alternating, each read at once through the other node and through the balancer.
    /// Before each, every node's cache holds the list as it is (read directly and twice through the balancer), so a stale
    /// cache would show: fresh means the counts moved by exactly the batch, not merely that something changed.
    /// </summary>
    private static async Task FreshnessAsync(Options o, Node a, Node b, Balancer haproxy, IReadOnlyList<Application> approved)
    {
        using var toA = new HttpClient { BaseAddress = a.Address };
        using var toB = new HttpClient { BaseAddress = b.Address };
        using var balanced = new HttpClient { BaseAddress = haproxy.Address };

        // The city signs in on node a; the same bearer token works on node b (one key ring, in the database).
        var signIn = await toA.PostAsJsonAsync("/api/v1/auth/token", new { userName = "bench-city", password = Password });
        signIn.EnsureSuccessStatusCode();
        var token = (await signIn.Content.ReadFromJsonAsync<Token>())!.AccessToken;
        foreach (var c in new[] { toA, toB })
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Public reads go without the token: a signed-in request is never served from the cache.
        using var readA = new HttpClient { BaseAddress = a.Address };
        using var readB = new HttpClient { BaseAddress = b.Address };

        Console.WriteLine();
        Console.WriteLine($"Freshness: {o.Publications} batches of {o.PerPublication} published by the city through one node (alternating), each read on the very next request");
        int fresh = 0, reads = 0;
        for (var i = 0; i < o.Publications; i++)
        {
            var (publisher, pubName, reader, readName) = i % 2 == 0 ? (toA, "a", readB, "b") : (toB, "b", readA, "a");
            var batch = approved.Skip(i * o.PerPublication).Take(o.PerPublication).ToList();
            var ids = batch.Select(x => x.Id).ToList();
            var code = batch[0].CommunityCode;

            // Every cache holds the list as it is now, and all agree.
            var summary = await JsonAsync<Summary>(readA, "/api/v1/public/summary");
            var total = (await JsonAsync<Page>(readA, ListApi)).Total;
            foreach (var c in new[] { readB, balanced, balanced })
            {
                if (await JsonAsync<Summary>(c, "/api/v1/public/summary") != summary || (await JsonAsync<Page>(c, ListApi)).Total != total)
                    throw new InvalidOperationException($"before publication {i + 1}: the nodes disagree");
            }
            var statusBefore = await JsonAsync<CommunityStatus>(reader, "/api/v1/public/communities/" + code);

            var publishing = Stopwatch.StartNew();
            var filed = await publisher.PostAsJsonAsync("/api/v1/filings", new { applicationIds = ids, comment = "压测：双节点" });
            if (!filed.IsSuccessStatusCode) throw new InvalidOperationException($"filing through node {pubName}: {(int)filed.StatusCode} {await filed.Content.ReadAsStringAsync()}");
            var published = await publisher.PostAsJsonAsync("/api/v1/batches", new { applicationIds = ids, title = $"压测第 {i + 1} 批（双节点）" });
            if (published.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"publishing through node {pubName}: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
            var number = (await published.Content.ReadFromJsonAsync<Batch>())!.Number;
            var took = publishing.Elapsed;

            // The very next requests. Expected: exactly this batch more.
            var expected = new Summary(summary.Certified + ids.Count, summary.Batches + 1);
            var checks = new List<(string What, bool Fresh, string Seen)>();
            var s = await JsonAsync<Summary>(reader, "/api/v1/public/summary");
            checks.Add(($"node {readName} summary", s == expected, $"{summary.Certified} → {s.Certified}"));
            var t = (await JsonAsync<Page>(reader, ListApi)).Total;
            checks.Add(($"node {readName} list API", t == total + ids.Count, $"{total} → {t}"));
            for (var k = 0; k < 2; k++)
            {
                var (viaBalancer, server) = await JsonFromAsync<Summary>(balanced, "/api/v1/public/summary");
                checks.Add(($"HAProxy→{server} summary", viaBalancer == expected, $"{summary.Certified} → {viaBalancer.Certified}"));
            }
            var (list, listServer) = await JsonFromAsync<Page>(balanced, ListApi);
            checks.Add(($"HAProxy→{listServer} list API", list.Total == total + ids.Count, $"{total} → {list.Total}"));
            var statusAfter = await JsonAsync<CommunityStatus>(reader, "/api/v1/public/communities/" + code);
            checks.Add(($"node {readName} community {code}", statusAfter is { Status: "Certified" } && statusAfter.BatchNumber == number,
                $"{statusBefore.Status} → {statusAfter.Status}"));

            fresh += checks.Count(c => c.Fresh);
            reads += checks.Count;
            Console.WriteLine($"  batch {number} ({ids.Count} communities) published through node {pubName} in {took.TotalMilliseconds:0} ms (filing + batch); the next reads:");
            foreach (var (what, isFresh, seen) in checks)
                Console.WriteLine($"    {what,-40} {seen,-22} fresh: {(isFresh ? "yes" : "NO — stale")}");
        }
        Console.WriteLine();
        Console.WriteLine($"fresh on the very next request: {fresh} of {reads} reads{(fresh == reads ? "" : " — STALE READS")}");
        var (byA, byB) = await haproxy.AnsweredAsync();
        Console.WriteLine($"answered by a / b through HAProxy over the whole run (its own counters): {byA} / {byB}");
    }

    private const string ListApi = "/api/v1/public/certified?page=1&pageSize=50";

    private sealed record Token(string AccessToken);

    private static async Task<T> JsonAsync<T>(HttpClient client, string path) => (await JsonFromAsync<T>(client, path)).Value;

    /// <summary>The answer and which server HAProxy sent it to (its <c>X-Served-By</c>; "-" when the node answered directly).</summary>
    private static async Task<(T Value, string Server)> JsonFromAsync<T>(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        var server = response.Headers.TryGetValues("X-Served-By", out var v) ? v.First() : "-";
        return ((await response.Content.ReadFromJsonAsync<T>())!, server);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await output + error);
    }

    private static void DropDatabase(string admin, string database)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var connection = new Npgsql.NpgsqlConnection(admin);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CompositeDisposable(IDisposable[] all) : IDisposable
    {
        public void Dispose()
        {
            foreach (var d in all) d.Dispose();
        }
    }

    /// <summary>The processes started here, ended (with their own children) when the bench ends, however it ends.</summary>
    private sealed class Children
    {
        private readonly List<Child> _all = [];

        public T Add<T>(T child) where T : Child
        {
            lock (_all) _all.Add(child);
            return child;
        }

        public void KillAll()
        {
            List<Child> all;
            lock (_all)
            {
                all = [.. _all];
                _all.Clear();
            }
            all.Reverse(); // the balancer first, then the nodes
            foreach (var c in all) c.Stop();
        }
    }

    /// <summary>A child process whose output goes to a log file (and whose last lines are shown when it fails).</summary>
    private abstract class Child
    {
        private static readonly string[] ProblemPrefixes = ["warn:", "fail:", "crit:", "[WARNING]", "[ALERT]"];

        private readonly Queue<string> _tail = new();
        private readonly List<string> _problems = [];
        private readonly StreamWriter _log;

        protected Child(string name, ProcessStartInfo start, string logPath)
        {
            Name = name;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            _log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
            Process = new Process { StartInfo = start };
            Process.OutputDataReceived += (_, e) => Write(e.Data);
            Process.ErrorDataReceived += (_, e) => Write(e.Data);
            Process.Start();
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public string Name { get; }

        protected Process Process { get; }

        /// <summary>The warnings and errors it has logged (first lines of each).</summary>
        public IReadOnlyList<string> Problems
        {
            get
            {
                lock (_tail) return [.. _problems];
            }
        }

        private void Write(string? line)
        {
            if (line is null) return;
            lock (_tail)
            {
                _log.WriteLine(line);
                if (ProblemPrefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal))) _problems.Add(line);
                _tail.Enqueue(line);
                if (_tail.Count > 30) _tail.Dequeue();
            }
        }

        protected InvalidOperationException Failed(string what)
        {
            lock (_tail) return new InvalidOperationException($"{Name}: {what}\n{string.Join('\n', _tail)}");
        }

        /// <summary>Polls until <paramref name="ready"/> is true; fails when the process exits first or after the timeout.</summary>
        protected async Task WaitAsync(Func<Task<bool>> ready, TimeSpan timeout)
        {
            var waited = Stopwatch.StartNew();
            while (true)
            {
                if (Process.HasExited) throw Failed($"exited with code {Process.ExitCode} before it was ready");
                try
                {
                    if (await ready()) return;
                }
                catch (HttpRequestException)
                {
                }
                if (waited.Elapsed > timeout) throw Failed($"not ready after {timeout.TotalSeconds:0} s");
                await Task.Delay(200);
            }
        }

        public void Stop()
        {
            try
            {
                if (!Process.HasExited)
                {
                    Process.Kill(entireProcessTree: true);
                    Process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
            }
            lock (_tail) _log.Dispose();
        }
    }

    /// <summary>One app node: the web project's build run by <c>dotnet</c>, configured by environment variables as a deployment would be.</summary>
    private sealed class Node : Child
    {
        private Node(string name, ProcessStartInfo start, string log, Uri address) : base("node " + name, start, log) => Address = address;

        public Uri Address { get; }

        /// <summary>The web project's own build, in the bench's configuration (Release with -c Release).</summary>
        public static string Dll()
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // …/bin/Release/net10.0
            var dll = Path.Combine(BenchHost.WebProjectFolder(), "bin", output.Parent!.Name, output.Name, "Wuyi.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the web project first (dotnet build -c {output.Parent.Name})", dll);
        }

        public static Node Start(string name, string connectionString, string anchors, string anchorKey, string work)
        {
            var port = FreePort();
            var start = Command([], connectionString, anchors, anchorKey, work);
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            return new Node(name, start, Path.Combine(work, $"node-{name}.log"), new Uri($"http://127.0.0.1:{port}"));
        }

        /// <summary>The app (or one of its commands) with the nodes' configuration, as environment variables.</summary>
        public static ProcessStartInfo Command(string[] words, string connectionString, string anchors, string anchorKey, string work)
        {
            var start = new ProcessStartInfo("dotnet", [Dll(), .. words]) { WorkingDirectory = BenchHost.WebProjectFolder() }; // the content root: scales, static files
            var settings = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Wuyi"] = connectionString,
                // Plain http on loopback; behind a TLS-terminating balancer a deployment keeps it on (X-Forwarded-Proto).
                ["Wuyi__Accounts__RequireHttps"] = "false",
                ["Wuyi__DataProtection__CertificatePath"] = BenchHost.KeyRing(), // the same file for both nodes
                ["Wuyi__KnownProxies__0"] = "127.0.0.1", // HAProxy: its X-Forwarded-For is believed, anyone else's is not
                ["Wuyi__PublicDownloadsPerMinutePerIp"] = "1000000",
                ["Wuyi__Audit__AnchorPath"] = anchors,
                ["Wuyi__Audit__AnchorKeyPath"] = anchorKey,
                ["Wuyi__Uploads__Path"] = Path.Combine(work, "uploads"),
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (key, value) in settings) start.Environment[key] = value;
            return start;
        }

        /// <summary>Ready when <c>/healthz</c> answers 200: the process serves and reaches the database.</summary>
        public async Task ReadyAsync()
        {
            using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
            await WaitAsync(async () => (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromMinutes(2));
        }
    }

    /// <summary>HAProxy in the foreground (<c>-db</c>) with a config written here; its stats page gives each server's answers.</summary>
    private sealed class Balancer : Child
    {
        private Balancer(ProcessStartInfo start, string log, string config, Uri address, Uri stats, string version) : base("haproxy", start, log)
        {
            ConfigPath = config;
            Address = address;
            StatsAddress = stats;
            Version = version;
        }

        public Uri Address { get; }

        public Uri StatsAddress { get; }

        public string ConfigPath { get; }

        public string Version { get; }

        public static async Task<Balancer> StartAsync(string work, Node a, Node b)
        {
            var binary = File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";
            var (port, statsPort) = (FreePort(), FreePort());
            // The same shape as docs/deploy/haproxy.cfg, without TLS and on loopback ports.
            var config = $"""
                global
                    maxconn 4096

                defaults
                    mode http
                    option forwardfor
                    timeout connect 5s
                    timeout client 60s
                    timeout server 60s
                    timeout http-request 10s
                    timeout http-keep-alive 10s

                frontend wuyi
                    bind 127.0.0.1:{port}
                    http-request del-header X-Forwarded-For
                    http-request set-header X-Forwarded-Proto http
                    http-response set-header X-Served-By %[srv_name]
                    default_backend nodes

                backend nodes
                    balance roundrobin
                    option httpchk
                    http-check send meth GET uri /livez
                    http-check expect status 200
                    default-server check inter 2s fall 3 rise 2
                    server a {a.Address.Host}:{a.Address.Port}
                    server b {b.Address.Host}:{b.Address.Port}

                listen stats
                    bind 127.0.0.1:{statsPort}
                    stats enable
                    stats uri /

                """;
            var path = Path.Combine(work, "haproxy.cfg");
            File.WriteAllText(path, config);
            var version = (await RunAsync(new ProcessStartInfo(binary, "-v"))).Output.Split('\n')[0].Split(" - ")[0].Trim();
            var (valid, check) = await RunAsync(new ProcessStartInfo(binary, ["-c", "-f", path]));
            if (valid != 0) throw new InvalidOperationException("haproxy -c: " + check);
            return new Balancer(new ProcessStartInfo(binary, ["-f", path, "-db"]), Path.Combine(work, "haproxy.log"), path,
                new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{statsPort}/"), version);
        }

        /// <summary>Ready when the frontend answers and both servers have passed their health check.</summary>
        public async Task ReadyAsync()
        {
            using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
            await WaitAsync(async () =>
            {
                var servers = await ServersAsync();
                return servers.Count == 2 && servers.All(s => s["status"] == "UP" && s["check_status"] == "L7OK")
                    && (await client.GetAsync("/livez")).StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(30));
        }

        /// <summary>HTTP answers each server has sent so far, by HAProxy's own counters.</summary>
        public async Task<(long A, long B)> AnsweredAsync()
        {
            var servers = (await ServersAsync()).ToDictionary(s => s["svname"]);
            static long Answered(Dictionary<string, string> s) =>
                new[] { "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other" }
                    .Sum(k => long.TryParse(s[k], CultureInfo.InvariantCulture, out var n) ? n : 0);
            return (Answered(servers["a"]), Answered(servers["b"]));
        }

        /// <summary>The backend's server rows of the stats CSV, by column name.</summary>
        private async Task<List<Dictionary<string, string>>> ServersAsync()
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var lines = (await client.GetStringAsync(new Uri(StatsAddress, ";csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = lines[0].TrimStart('#', ' ').Split(',');
            return lines.Skip(1).Select(l => l.Split(','))
                .Where(f => f[0] == "nodes" && f[1] is not ("BACKEND" or "FRONTEND"))
                .Select(f => header.Zip(f).ToDictionary(p => p.First, p => p.Second))
                .ToList();
        }
    }
}
