using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Wuyi.Web.ResidentReports;

/// <summary>
/// A report refused for its rate (429): too many from one client, or a community's daily cap reached. Its message is
/// for the resident, in Chinese; the API answers it as a problem with <see cref="Code"/>, the form beside its button.
/// </summary>
public sealed class TooManyReportsException(string title, string detail, string code) : Exception(detail)
{
    public string Title { get; } = title;
    public string Code { get; } = code;
}

/// <summary>
/// Reports per client IP (<see cref="ResidentReportOptions.PerClientPerHour"/>): a fixed one-hour window, no queue. Every
/// attempt counts, a refused one too, so that nobody can make the server check photo after photo.
/// </summary>
public sealed class ReportRateLimit(IOptions<ResidentReportOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.PerClientPerHour,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    /// <summary>Takes one report of the client's allowance, or refuses.</summary>
    public void Take(HttpContext http)
    {
        using var lease = limiter.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (!lease.IsAcquired)
            throw new TooManyReportsException("反映过于频繁",
                $"来自您所在网络的反映已达每小时 {options.Value.PerClientPerHour} 条的上限，请 1 小时后再试；情况紧急请拨打 12345 热线", "too-many-reports");
    }

    public void Dispose() => limiter.Dispose();
}
