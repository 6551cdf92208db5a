using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Web.Data;
using Wuyi.Web.Tests.Infrastructure;

namespace Wuyi.Web.Tests.ResidentReports;

/// <summary>
/// The app with the residents' reports' limits as deployed (5 an hour per client) and a small community cap (8 a day),
/// each request's client address taken from the test header X-Test-Peer (TestServer has none): every test reports from
/// its own addresses, so the limits are proven without one test spending another's allowance.
/// </summary>
public abstract class ResidentReportsApp(DatabaseProvider provider) : WuyiApp(provider)
{
    public const int PerClientPerHour = 5;
    public const int PerCommunityPerDay = 8;

    private int _nextPeer;

    /// <summary>A client address no other test of this fixture has used.</summary>
    public string NewPeer()
    {
        var n = Interlocked.Increment(ref _nextPeer);
        return $"198.51.{n / 250}.{n % 250 + 1}";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Wuyi:ResidentReports:PerClientPerHour", PerClientPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Wuyi:ResidentReports:PerCommunityPerDay", PerCommunityPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerFromHeader>());
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                if (http.Request.Headers.TryGetValue("X-Test-Peer", out var peer)) http.Connection.RemoteIpAddress = IPAddress.Parse(peer!);
                return following(http);
            });
            next(app);
        };
    }
}

public sealed class ResidentReportsSqliteApp() : ResidentReportsApp(DatabaseProvider.Sqlite);

public sealed class ResidentReportsPostgresApp() : ResidentReportsApp(DatabaseProvider.Postgres);
