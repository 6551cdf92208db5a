using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Web.Accounts;
using Wuyi.Web.Administration;

namespace Wuyi.Bench;

/// <summary>
/// 统计分析 on Beijing: the demo programme (≈420 certified, a month of 12345, vetoes and rectifications) plus
/// <c>--certified</c> more communities certified through the domain's steps; the city's and a district's dashboards and a
/// table's .xlsx, each against /livez in the same run, p50/p95/p99 over repeated requests by a few workers.
/// </summary>
public static class DashboardBench
{
    public static async Task RunAsync(int certified, int workers, int seconds, string? postgres)
    {
        await using var host = new BenchHost(postgres);
        var baseAddress = host.Start();
        using (var scope = host.Services.CreateScope())
        {
            await DemoAccounts.SeedAsync(scope.ServiceProvider);
            await DemoProgramme.SeedAsync(scope.ServiceProvider);
        }
        var extra = await Seed.CertifyAsync(host.Services, certified, new DateTimeOffset(2022, 6, 18, 9, 0, 0, TimeSpan.FromHours(8)));

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers * 2, AutomaticDecompression = DecompressionMethods.None })
        { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.CityTokenAsync(baseAddress));
        var summary = await client.GetFromJsonAsync<JsonElement>("/api/v1/dashboards");
        var total = summary.GetProperty("total");
        Console.WriteLine($"{host.Provider}: app at {baseAddress}; demo programme + {extra} certified: {total.GetProperty("applied").GetInt32()} applied, " +
            $"{total.GetProperty("certified").GetInt32()} certified of {total.GetProperty("communities").GetInt32()}; {workers} workers, {seconds} s per endpoint after 3 s warm-up");

        var endpoints = new (string Name, string Path)[]
        {
            ("trivial (/livez)", "/livez"),
            ("city dashboard (API)", "/api/v1/dashboards"),
            ("district dashboard (API)", "/api/v1/dashboards?within=110108"),
            ("street dashboard (API)", "/api/v1/dashboards?within=110108001"),
            ("city funnel .xlsx", "/api/v1/dashboards/tables/funnel?format=xlsx"),
        };
        await Load.CompareAsync(client, endpoints, workers, seconds);
    }
}
