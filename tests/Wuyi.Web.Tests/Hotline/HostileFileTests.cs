using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wuyi.Domain.Applications;
using Wuyi.Web.Hotline;
using Wuyi.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Hotline;

/// <summary>
/// Every file of <see cref="HostileFiles"/> through the real endpoint: a clear Chinese refusal (400 with one of the
/// import's codes) or, for the valid ones, all of their rows; never a 500, never part of a file. The failures are
/// collected, so one run names every file that breaks. No stopwatch decides: the time a file may take is the app's own
/// bound (Wuyi:Hotline:MaxFileSeconds, tested below), and an oversize upload is refused on its Content-Length before a
/// byte of it is read (tested below where that happens, with a body that counts its reads).
/// </summary>
public abstract class HostileFileTests(WuyiApp app, ITestOutputHelper output)
{
    private static readonly string[] Codes = ["hotline-file-invalid", "hotline-rows-invalid", "hotline-file-too-large"];

    [Fact]
    public async Task EveryFileOfTheCorpus_IsRefusedClearly_OrImportedWhole_Quickly()
    {
        var c = await app.FreshCommunityAsync("110115");
        var streetCode = c[..9];
        var (street, community) = await app.WithDbAsync(async db => (
            await db.Divisions.Where(d => d.Code == streetCode).Select(d => d.Name).SingleAsync(),
            await db.Divisions.Where(d => d.Code == c).Select(d => d.Name).SingleAsync()));
        IReadOnlyList<HostileFile> corpus = HostileFiles.All(c, street, CommunityMatcher.CommunityName(community));
        corpus.Select(f => f.Name).ShouldBeUnique();
        corpus.Count.ShouldBeGreaterThanOrEqualTo(200);
        if (Environment.GetEnvironmentVariable("WUYI_CORPUS_ONLY") is { Length: > 0 } only) // one file (or a few) while fixing it
            corpus = [.. corpus.Where(f => f.Name.Contains(only, StringComparison.Ordinal))];

        var city = await app.AsAsync(ProgrammeRole.City, "11");
        var warmUp = new HostileFile("warm-up", "x.csv", HotlineFiles.Csv([HotlineFiles.Row($"{c}-warm", c, 5)]), Expect.Imported, 1);
        (await SendAsync(city, warmUp)).StatusCode.ShouldBe(HttpStatusCode.OK); // the first call JIT-compiles the path

        var failures = new List<string>();
        foreach (var file in corpus)
        {
            var (complaints, imports) = await CountsAsync();
            var clock = Stopwatch.StartNew(); // reported for whoever reads the log, never judged: the machine may be busy
            string? failure;
            try
            {
                using var response = await SendAsync(city, file);
                var body = await response.Content.ReadAsStringAsync();
                failure = await CheckAsync(file, response, body, complaints, imports);
            }
            catch (Exception ex)
            {
                failure = $"threw {ex.GetType().Name}: {ex.Message}";
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(1)) output.WriteLine($"{file.Name}: {clock.Elapsed.TotalSeconds:0.00} s");
            if (failure is not null) failures.Add($"{file.Name} ({file.Length:N0} bytes): {failure}");
        }
        output.WriteLine($"{corpus.Count} files tried ({corpus.Count(f => f.Expect == Expect.Imported)} valid), {failures.Count} failed");
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=wuyi")]
    [InlineData("text/csv")]
    [InlineData("application/octet-stream")]
    public async Task AnOversizeContentLength_IsRefused_BeforeTheBodyIsRead(string contentType)
    {
        // Where the refusal happens (RequestFile, as the endpoint calls it): a body that counts its reads.
        var body = new CountedStream();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.ContentType = contentType;
        http.Request.ContentLength = Upload.MaxBytes + (2 << 20);
        http.Request.Body = body;

        var refusal = await Should.ThrowAsync<Wuyi.Domain.Common.DomainException>(() => Upload.FromRequestAsync(http, CancellationToken.None));

        refusal.Code.ShouldBe("hotline-file-too-large");
        body.Reads.ShouldBe(0);
    }

    [Fact]
    public async Task AFileThatTakesLongerThanTheAppAllows_IsRefusedByTheApp()
    {
        var c = await app.FreshCommunityAsync("110115");
        // A budget of 1 s and a clock whose every reading is a minute after the last: every file is over its budget.
        using var strict = app.WithWebHostBuilder(b => b.UseSetting("Wuyi:Hotline:MaxFileSeconds", "1")
            .ConfigureTestServices(s => s.RemoveAll<TimeProvider>().AddSingleton<TimeProvider>(new SlowStopwatch(app.Clock))));
        var city = strict.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = WuyiApp.BaseAddress });
        await SignInAsync(city, await app.CreateAccountAsync(ProgrammeRole.City, "11"));

        using var response = await SendAsync(city, new HostileFile("valid", "x.csv", HotlineFiles.Csv([HotlineFiles.Row($"{c}-slow", c, 5)]), Expect.Imported, 1));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "hotline-file-invalid");
        problem.GetProperty("detail").GetString()!.ShouldContain("秒仍未完成");
        (await app.WithDbAsync(db => db.HotlineComplaints.CountAsync(x => x.Number == $"{c}-slow"))).ShouldBe(0);
    }

    private static async Task SignInAsync(HttpClient client, string userName)
    {
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Wuyi.Web.Accounts.DemoAccounts.Password });
        var accessToken = (await token.Read<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
    }

    private async Task<string?> CheckAsync(HostileFile file, HttpResponseMessage response, string body, int complaints, int imports)
    {
        var (complaintsAfter, importsAfter) = await CountsAsync();
        if (file.Expect == Expect.Imported)
        {
            if (response.StatusCode != HttpStatusCode.OK) return $"expected an import, got {(int)response.StatusCode}: {Short(body)}";
            var report = JsonSerializer.Deserialize<ImportReport>(body, Json)!;
            if (!report.Imported || report.Inserted != file.Rows || report.Rejected != 0) return $"expected {file.Rows} rows inserted: {Short(body)}";
            if (complaintsAfter - complaints != file.Rows || importsAfter - imports != 1) return $"{complaintsAfter - complaints} complaints written, {file.Rows} expected";
            return null;
        }
        if (complaintsAfter != complaints || importsAfter != imports) return $"refused or not, it wrote {complaintsAfter - complaints} complaints ({(int)response.StatusCode})";
        if (response.StatusCode != HttpStatusCode.BadRequest) return $"expected 400, got {(int)response.StatusCode}: {Short(body)}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"not a problem: {Short(body)}";
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        var code = problem.TryGetProperty("code", out var cd) ? cd.GetString() : null;
        if (!Codes.Contains(code)) return $"code {code}: {Short(body)}";
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
        if (detail is null || !detail.Any(ch => ch is >= '\u4E00' and <= '\u9FFF')) return $"no Chinese reason: {Short(body)}";
        return null;
    }

    private Task<(int Complaints, int Imports)> CountsAsync() =>
        app.WithDbAsync(async db => (await db.HotlineComplaints.CountAsync(), await db.HotlineImports.CountAsync()));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HostileFile file)
    {
        var form = new MultipartFormDataContent();
        HttpContent content = file.Repeat > 1 ? new StreamContent(new RepeatingStream(file.Bytes, file.Repeat)) : new ByteArrayContent(file.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(file.FileName.EndsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(content, "file", file.FileName);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a hang shows as a failure, not as a stuck run
        return await client.PostAsync("/api/v1/hotline/imports", form, cancel.Token);
    }

    /// <summary>A request body that counts how often it is read.</summary>
    private sealed class CountedStream : MemoryStream
    {
        public int Reads { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) { Reads++; return base.Read(buffer, offset, count); }
        public override int Read(Span<byte> buffer) { Reads++; return base.Read(buffer); }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) { Reads++; return base.ReadAsync(buffer, offset, count, ct); }
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) { Reads++; return base.ReadAsync(buffer, ct); }
    }

    private static string Short(string s) => s.Length <= 300 ? s : s[..300] + "…";

    /// <summary>The same bytes many times over: a large upload that is never held in memory.</summary>
    private sealed class RepeatingStream(byte[] bytes, int times) : Stream
    {
        private long _position;
        private readonly long _length = (long)bytes.Length * times;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var at = (int)(_position % bytes.Length);
            var n = (int)Math.Min(Math.Min(count, bytes.Length - at), _length - _position);
            Array.Copy(bytes, at, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true; // so that the request says its length
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _position; set => _position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class HostileFileTests_Sqlite(SqliteApp app, ITestOutputHelper output) : HostileFileTests(app, output), IClassFixture<SqliteApp>;

public sealed class HostileFileTests_Postgres(PostgresApp app, ITestOutputHelper output) : HostileFileTests(app, output), IClassFixture<PostgresApp>;

/// <summary>The app's clock for dates; a stopwatch on which a minute passes between any two readings.</summary>
file sealed class SlowStopwatch(TimeProvider dates) : TimeProvider
{
    private long _ticks;

    public override DateTimeOffset GetUtcNow() => dates.GetUtcNow();

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimeSpan.TicksPerMinute);
}
