using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Accounts;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Bench;

/// <summary>
/// Accounts for a whole city: one CSV with an account for each of Beijing's communities (7,535) imported by the app's
/// importer (read, checked, passwords generated and hashed in parallel, inserted in batches in one transaction, the
/// passwords file written), against the naive way measured in the same run on a sample — UserManager.CreateAsync one
/// account at a time (one hash on one core, one save each) — and extrapolated to the same number of accounts.
/// </summary>
public static class AccountImportBench
{
    public static async Task RunAsync(int accounts, int sample, string? postgres)
    {
        await using var host = new BenchHost(postgres);
        host.Start();
        var communities = await WithAsync(host, db => db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community)
            .OrderBy(d => d.Code).Take(accounts).Select(d => new { d.Code, d.Name }).ToListAsync());
        var csv = CsvExport.Build(AccountImporter.Columns.Select(c => c.Names[0]),
            communities.Select((c, i) => new[] { $"c{c.Code}", c.Name, $"138{i:D8}", c.Code, "社区（村）" }));
        Console.WriteLine($"{host.Provider}: {communities.Count:N0} community accounts, CSV {csv.Length / 1024.0:N0} KB; {Environment.ProcessorCount} cores; " +
                          $"PBKDF2 {AccountsSetup.Pbkdf2Iterations:N0} iterations");

        // Baseline: the naive way, one account at a time, on a sample.
        var naive = Stopwatch.StartNew();
        using (var scope = host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            for (var i = 0; i < sample; i++)
            {
                var c = communities[i];
                var result = await users.CreateAsync(new User { UserName = $"naive{c.Code}", DisplayName = c.Name, Role = ProgrammeRole.Community, DivisionCode = c.Code, MustChangePassword = true },
                    AccountAdministration.GenerateInitialPassword());
                if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        }
        var naivePerAccount = naive.Elapsed.TotalSeconds / sample;

        // The import.
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var peak = before;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var t = Stopwatch.StartNew();
        byte[] passwords;
        using (var scope = host.Services.CreateScope())
        {
            await using var file = new MemoryStream(csv);
            var result = await scope.ServiceProvider.GetRequiredService<AccountImporter>().ImportFileAsync(file, CancellationToken.None);
            if (!result.Imported)
                throw new InvalidOperationException("import refused: " + string.Join("; ", result.Errors.Take(5).Select(e => $"row {e.Row} {e.Column}: {e.Problem}")));
            passwords = AccountDownloads.Passwords(result.Issued, "xlsx", TimeProvider.System).Bytes;
        }
        var seconds = t.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        var created = await WithAsync(host, db => db.Users.CountAsync(u => u.UserName!.StartsWith("c")));
        if (created != communities.Count) throw new InvalidOperationException($"{created} accounts created, expected {communities.Count}");

        var naiveTotal = naivePerAccount * communities.Count;
        Console.WriteLine();
        Console.WriteLine($"{"",-44} {"seconds",10} {"ms/account",11} {"vs naive",9}");
        Console.WriteLine($"{"naive: CreateAsync one by one (" + sample + ", extrapolated)",-44} {naiveTotal,10:N1} {naivePerAccount * 1000,11:N1} {1,9:P0}");
        Console.WriteLine($"{"import: " + communities.Count.ToString("N0") + " accounts, parallel hash, batches",-44} {seconds,10:N1} {seconds * 1000 / communities.Count,11:N1} {seconds / naiveTotal,9:P0}");
        Console.WriteLine($"peak working set during the import: {peak / 1048576} MB ({(peak - before) / 1048576} MB above the process before it; " +
                          $"process peak {process.PeakWorkingSet64 / 1048576} MB); allocated {allocated / 1048576.0:N0} MB; passwords file {passwords.Length / 1024.0:N0} KB");
    }

    private static async Task<T> WithAsync<T>(BenchHost host, Func<WuyiDbContext, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<WuyiDbContext>());
    }
}
