using System.Diagnostics;
using Npgsql;

namespace Wuyi.Web.Tests.Resilience;

/// <summary>
/// A PostgreSQL server of one test's own (initdb into a temporary folder, its own port), which the test may stop
/// and start; the shared test server is never touched. As root its programs run as the <c>postgres</c> OS user,
/// like scripts/postgres.sh, whose install step provides the binaries.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private PrivatePostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    private string Data => Path.Combine(_folder, "data");

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault()
            : null;
        if (bin is null) throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: run the tests with scripts/test.sh, which installs them.");

        var folder = Path.Combine(Path.GetTempPath(), $"wuyi-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        if (IsRoot) await RunAsync("chown", "postgres:", folder);
        var server = new PrivatePostgres(bin, folder, AppProcess.FreePort());
        await AsPostgresAsync(Path.Combine(bin, "initdb"), "-D", server.Data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync");
        // fsync off: the machine does not crash in this test, the server does. synchronous_commit stays on, so a
        // commit PostgreSQL acknowledged is in the WAL it replays after an immediate stop.
        await AsPostgresAsync("sh", "-c", $"cat >> '{server.Data}/postgresql.conf' <<EOF\nlisten_addresses = '127.0.0.1'\nport = {server.Port}\n" +
            $"unix_socket_directories = '{server.Data}'\nfsync = off\nfull_page_writes = off\nlog_min_messages = warning\nEOF");
        await server.StartServerAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE wuyi ENCODING 'UTF8' TEMPLATE template0", connection);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    public Task StartServerAsync() => AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start");

    /// <summary><c>fast</c>: clients are disconnected and a checkpoint written; <c>immediate</c>: the server dies and replays its WAL on start.</summary>
    public Task StopServerAsync(string mode) => AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-m", mode, "-w", "-t", "60", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync("immediate");
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        Directory.Delete(_folder, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static Task AsPostgresAsync(string program, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(" ", arguments)} failed ({process.ExitCode}): {await stdout}{await stderr}");
    }
}
