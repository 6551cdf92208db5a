using System.Threading.RateLimiting;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// The app's per-client-IP limits (sign-in attempts, anonymous downloads): a fixed one-minute window, no queue, and on
/// refusal a 429 that says in Chinese what was limited.
/// </summary>
public static class ClientRateLimits
{
    /// <summary>A limiter of <paramref name="perMinute"/> requests a minute for the request's client IP.</summary>
    public static RateLimitPartition<string> PerClientPerMinute(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, perMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}

/// <summary>What a 429 of one limit says: its title, the advice, and the problem code.</summary>
public sealed record RateLimitRefusal(string Title, string Detail, string Code);
