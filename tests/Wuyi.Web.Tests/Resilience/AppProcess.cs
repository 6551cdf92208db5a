using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;

namespace Wuyi.Web.Tests.Resilience;

/// <summary>
/// The real app as a separate process (<c>dotnet Wuyi.Web.dll</c>, content root = the web project, as
/// <c>dotnet run</c> does), so a test can SIGKILL it, or run one of its commands like an operator would.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _failures = new();
    private int _failureLines;
    private bool _disposed;

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>
    /// For a failure message: the errors the app logged (a 500's exception, logged as <c>fail: …</c>), kept however much else is
    /// printed, then the last lines it printed.
    /// </summary>
    public string Output
    {
        get
        {
            lock (_output) return (_failures.Length > 0 ? $"the app's errors:\n{_failures}\nthe last lines:\n" : "") + _output;
        }
    }

    /// <summary>src/Wuyi.Web, found from the test's own output folder (…/tests/Wuyi.Web.Tests/bin/Release/net10.0).</summary>
    public static string WebProject { get; } = FindWebProject();

    private static string Dll
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(WebProject, "bin", output.Parent!.Name, output.Name, "Wuyi.Web.dll"); // same configuration and framework
        }
    }

    /// <summary>Starts the app with the demo accounts on a free loopback port and waits until /healthz answers.</summary>
    public static async Task<AppProcess> StartAsync(DatabaseProvider provider, string connectionString, params string[] settings)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        // `--urls X` as two words (ASP.NET Core's form, Administration/CommandLine); the database settings as `--key=value`.
        var process = Process.Start(Start(["--urls", address.ToString(), .. Settings(provider, connectionString), "--demo", "--Wuyi:SeedDemoProgramme=false", .. settings]))
            ?? throw new InvalidOperationException("could not start the app");
        var app = new AppProcess(process, address);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the app exited with {process.ExitCode} while starting:\n{app.Output}");
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK) return app;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"the app did not answer /healthz within 180 s:\n{app.Output}");
    }

    /// <summary>Runs a command (<c>backup DIR</c>, <c>restore DIR --force</c>…) to its end: exit code and everything it printed. A setting among the words wins.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(DatabaseProvider provider, string connectionString, params string[] words)
    {
        using var process = Process.Start(Start([.. Settings(provider, connectionString), .. words]))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(" ", words)} did not end within 120 s");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A client signed in with a bearer token as a demo account.</summary>
    public async Task<HttpClient> SignInAsync(string userName, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = DemoAccounts.Password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>SIGKILL: no shutdown, no flush, no rollback — as a power cut looks to the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await KillAsync();
        _process.Dispose();
    }

    private static ProcessStartInfo Start(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WebProject,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Dll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // EF logs every failed connection as an error while the server is away (the 503s say it); the app's own errors stay.
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Critical";
        return start;
    }

    private static string[] Settings(DatabaseProvider provider, string connectionString) =>
        [$"--Database:Provider={provider}", $"--ConnectionStrings:Wuyi={connectionString}",
            $"--Wuyi:Audit:AnchorPath={AnchorPath(connectionString)}", $"--Wuyi:Audit:AnchorKeyPath={Path.Combine(AnchorFolder, "audit-anchor.key")}"];

    private static readonly string AnchorFolder = Path.Combine(Path.GetTempPath(), "wuyi-test-anchors");

    /// <summary>The audit head anchors of one database: every process on it (app, backup, audit-verify) shares them, as one deployment does.</summary>
    public static string AnchorPath(string connectionString) =>
        Path.Combine(AnchorFolder, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(connectionString)))[..16] + ".log");

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length > 200_000) _output.Remove(0, 100_000);
            _output.AppendLine(line);
            // A log entry starts with its level ("fail: Category[0]"); its lines follow, indented.
            // Of a critical entry (an audit record lost while the database is away: expected in an outage) its first lines only.
            if (line.Length > 6 && line[4] == ':' && line[5] == ' ' && !char.IsWhiteSpace(line[0]))
                _failureLines = line.StartsWith("fail: ", StringComparison.Ordinal) ? int.MaxValue : line.StartsWith("crit: ", StringComparison.Ordinal) ? 3 : 0;
            if (_failureLines-- > 0 && _failures.Length < 300_000) _failures.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string FindWebProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wuyi.sln")))
                return Path.Combine(dir.FullName, "src", "Wuyi.Web");
        throw new InvalidOperationException($"Wuyi.sln not found above {AppContext.BaseDirectory}");
    }
}
