using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Hotline;
using Wuyi.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Wuyi.Web.Tests.Resilience;

/// <summary>
/// The app killed with SIGKILL at random moments of large 12345 imports, again and again, while a community saves its
/// self-assessment over and over: after every restart the database is intact and holds each import whole or not at all,
/// every import that was answered 200 is there, and every change that committed — each import, each saved
/// self-assessment — has its audit record; the chain verifies against its anchors at the end.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Rows = 25_000;

    [Fact]
    public async Task Sqlite_KilledDuringImports_KeepsEachImportWholeOrAbsent()
    {
        var file = Path.Combine(Path.GetTempPath(), $"wuyi-crash-{Guid.NewGuid():N}.db");
        try
        {
            await KillDuringImportsAsync(DatabaseProvider.Sqlite, $"Data Source={file}", kills: 20, () => Open(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                File.Delete(f);
        }
    }

    [Fact]
    public async Task Postgres_KilledDuringImports_KeepsEachImportWholeOrAbsent()
    {
        // The app is killed, never the shared server.
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await KillDuringImportsAsync(DatabaseProvider.Postgres, database.ConnectionString, kills: 3, () => Open(DatabaseProvider.Postgres, database.ConnectionString));
    }

    private async Task KillDuringImportsAsync(DatabaseProvider provider, string connectionString, int kills, Func<Task<DbConnection>> connect)
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"{provider}: seed {seed}, {Rows} rows an import, {kills} kills");
        var attempted = new List<string>();
        var acknowledged = new List<string>();

        // A whole import first: how long one takes is the window the kills are spread over. The same process
        // then takes the first kill; every later one starts after the previous kill.
        var app = await AppProcess.StartAsync(provider, connectionString);
        try
        {
            // The community's application, saved again and again during each kill's window: each save adds one to its version.
            Guid application;
            using (var community = await app.SignInAsync("community"))
            {
                var started = await community.PostAsJsonAsync("/api/v1/applications", new { communityCode = DemoAccounts.All[0].DivisionCode, scores = new { }, note = "0" });
                started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
                application = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }
            long startVersion;
            await using (var db = await connect())
                startVersion = await VersionAsync(db);

            TimeSpan window;
            using (var city = await app.SignInAsync("city"))
            {
                var clock = Stopwatch.StartNew();
                attempted.Add("C00");
                (await ImportAsync(city, "C00")).StatusCode.ShouldBe(HttpStatusCode.OK);
                acknowledged.Add("C00");
                window = clock.Elapsed * 1.1; // a little past the answer, so that some kills come after it
                output.WriteLine($"a whole import takes {clock.Elapsed.TotalSeconds:0.00} s");
            }

            var cut = 0;
            for (var i = 1; i <= kills; i++)
            {
                var prefix = $"C{i:00}";
                using (var city = await app.SignInAsync("city"))
                using (var community = await app.SignInAsync("community"))
                {
                    var delay = TimeSpan.FromMilliseconds(random.NextDouble() * window.TotalMilliseconds);
                    attempted.Add(prefix);
                    var firstSaved = new TaskCompletionSource();
                    var saves = SaveAgainAndAgainAsync(community, application, firstSaved);
                    await firstSaved.Task; // saves commit before the import and, on PostgreSQL, during it (SQLite's one writer makes them wait)
                    var import = ImportAsync(city, prefix);
                    if (await Task.WhenAny(import, Task.Delay(delay)) == import)
                    {
                        var answer = await import;
                        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
                        acknowledged.Add(prefix);
                    }
                    await app.KillAsync();
                    _ = import.ContinueWith(t => t.Exception, TaskScheduler.Default); // the cut connection's error is expected
                    output.WriteLine($"  {await saves} self-assessments answered before the kill");
                    output.WriteLine($"kill {i} after {delay.TotalMilliseconds:0} ms: {(acknowledged.Contains(prefix) ? "answered before the kill" : "cut")}");
                }

                // Checked with the app down: the first to open the file after the kill is this check, as on a real restart.
                await using (var db = await connect())
                {
                    if (provider == DatabaseProvider.Sqlite)
                    {
                        (await Scalar(db, "PRAGMA integrity_check")).ShouldBe("ok");
                        (await Scalar(db, "PRAGMA foreign_key_check")).ShouldBeNull(); // no row at all
                    }
                    foreach (var p in attempted)
                    {
                        var complaints = Convert.ToInt64(await Scalar(db, $"SELECT COUNT(*) FROM \"HotlineComplaints\" WHERE \"Number\" LIKE '{p}-%'"));
                        var imports = Convert.ToInt64(await Scalar(db, $"SELECT COUNT(*) FROM \"HotlineImports\" WHERE \"FileName\" = '{p}.csv'"));
                        var whole = complaints == Rows && imports == 1;
                        var none = complaints == 0 && imports == 0;
                        (whole || none).ShouldBeTrue($"after kill {i}, import {p} holds {complaints} complaints and {imports} import rows");
                        if (acknowledged.Contains(p)) whole.ShouldBeTrue($"import {p} was answered 200 but is not all there after kill {i}");
                        if (p == prefix && none) cut++;
                        if (whole)
                        {
                            var id = Guid.Parse(Convert.ToString(await Scalar(db, $"SELECT \"Id\" FROM \"HotlineImports\" WHERE \"FileName\" = '{p}.csv'"))!);
                            Convert.ToInt64(await Scalar(db, $"SELECT COUNT(*) FROM \"AuditRecords\" WHERE \"ObjectType\" = 'HotlineImport' AND \"ObjectId\" = '{id}'"))
                                .ShouldBe(1, $"import {p} committed without its audit record (kill {i})");
                        }
                    }
                    // Every committed save moved the version by one and has its record, with the change in it.
                    var saved = await VersionAsync(db) - startVersion;
                    Convert.ToInt64(await Scalar(db, $"SELECT COUNT(*) FROM \"AuditRecords\" WHERE \"ObjectId\" = '{application}' " +
                                                     "AND \"Action\" LIKE 'PUT %/self-assessment' AND \"Changes\" IS NOT NULL"))
                        .ShouldBe(saved, $"after kill {i}: {saved} self-assessments committed, not all with their audit record");
                }
                if (i == kills) break;
                await app.DisposeAsync();
                app = await AppProcess.StartAsync(provider, connectionString);
            }
            output.WriteLine($"{cut} of {kills} imports were cut off and left nothing; {kills - cut} were whole");
            cut.ShouldBeGreaterThan(0, "no kill landed during an import: the test proved nothing");
            var (exit, verified) = await AppProcess.RunCommandAsync(provider, connectionString, "audit-verify");
            exit.ShouldBe(0, verified); // one unbroken chain after all the kills
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Saves the self-assessment until the app is killed; returns how many saves were answered 200.</summary>
    private static async Task<int> SaveAgainAndAgainAsync(HttpClient community, Guid application, TaskCompletionSource firstSaved)
    {
        var answered = 0;
        try
        {
            for (var n = 1; ; n++)
            {
                var response = await community.PutAsJsonAsync($"/api/v1/applications/{application}/self-assessment", new { scores = new { }, note = $"第 {n} 次保存" });
                response.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable], await response.Content.ReadAsStringAsync()); // 503: the database was busy
                if (response.IsSuccessStatusCode && ++answered == 1) firstSaved.SetResult();
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            firstSaved.TrySetResult();
            return answered; // the kill cut the connection
        }
        catch (Exception e)
        {
            firstSaved.TrySetException(e);
            throw;
        }
    }

    private static async Task<long> VersionAsync(DbConnection db) =>
        Convert.ToInt64(await Scalar(db, $"SELECT \"Version\" FROM \"Applications\" WHERE \"CommunityCode\" = '{DemoAccounts.All[0].DivisionCode}'"));

    /// <summary>A hotline export of <see cref="Rows"/> complaints numbered PREFIX-n, in the demo community.</summary>
    private static Task<HttpResponseMessage> ImportAsync(HttpClient city, string prefix)
    {
        var community = DemoAccounts.All[0].DivisionCode;
        var rows = Enumerable.Range(1, Rows).Select(n => HotlineFiles.Row($"{prefix}-{n}", community, 1 + n % 27, epidemic: n % 10 == 0));
        var content = new ByteArrayContent(HotlineFiles.Csv(rows));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { content, "file", $"{prefix}.csv" } };
        return city.PostAsync("/api/v1/hotline/imports", form);
    }

    private static async Task<DbConnection> Open(DatabaseProvider provider, string connectionString)
    {
        DbConnection connection = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> Scalar(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
