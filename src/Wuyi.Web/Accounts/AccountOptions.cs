using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary><c>Wuyi:Accounts</c>: password age, session bounds, sign-in rate and cookie security.</summary>
public sealed class AccountOptions : ISettings
{
    public const string Section = "Wuyi:Accounts";

    /// <summary>A password older than this must be changed before anything else (等保: periodic change).</summary>
    public int PasswordMaxAgeDays { get; set; } = 90;

    /// <summary>
    /// Sign-in attempts (login form posts, code steps and token requests) per client IP per minute: 120 lets a street
    /// office of 50 people behind one NAT address all sign in within the same minute, code step and a typo included
    /// (docs/decisions/0007-sign-in-throttling.md); guessing one name is slowed per name and client by SignInThrottle.
    /// </summary>
    public int SignInsPerMinutePerIp { get; set; } = 120;

    /// <summary>
    /// Cookies are <c>__Host-</c>, Secure: the app must be reached over https (directly or through a known proxy
    /// sending X-Forwarded-Proto). Only the browser tests, on plain http://127.0.0.1, turn this off.
    /// </summary>
    public bool RequireHttps { get; set; } = true;

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    public IEnumerable<string?> Problems()
    {
        yield return Settings.AtLeast("Wuyi:Accounts:PasswordMaxAgeDays", PasswordMaxAgeDays, 0, "（0 为不限）");
        yield return Settings.AtLeast("Wuyi:Accounts:SignInsPerMinutePerIp", SignInsPerMinutePerIp, 1);
    }

    public bool MustChangePassword(User user, DateTimeOffset now) =>
        user.MustChangePassword
        || (user.PasswordChangedAtUtc is { } changed && PasswordMaxAgeDays > 0 && now.UtcDateTime - changed > TimeSpan.FromDays(PasswordMaxAgeDays));
}
