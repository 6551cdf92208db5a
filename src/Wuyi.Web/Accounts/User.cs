using Microsoft.AspNetCore.Identity;
using Wuyi.Domain.Applications;

namespace Wuyi.Web.Accounts;

/// <summary>
/// An account: one programme role, bound to one node of the division tree. The system, security and audit
/// administrators (三权分立) carry a <c>wuyi:admin</c> user claim instead, and their Role column is ignored: the
/// claims factory gives them no programme role. (The column stays NOT NULL: making it nullable on SQLite means
/// rebuilding AspNetUsers, whose drop would cascade-delete every user claim and authenticator key.)
/// </summary>
public sealed class User : IdentityUser
{
    public required string DisplayName { get; set; }
    public ProgrammeRole Role { get; set; }
    public required string DivisionCode { get; set; }

    /// <summary>Set when an administrator creates the account or resets its password: the next sign-in must change it.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>When the holder last chose the password; null for accounts seeded by code (demo, tests), which never age.</summary>
    public DateTime? PasswordChangedAtUtc { get; set; }

    /// <summary>Disabled by the security administrator: no sign-in, and live sessions end within a minute.</summary>
    public DateTime? DisabledAtUtc { get; set; }

    /// <summary>The 30-second step of the last authenticator code accepted: that code, and earlier ones, are not taken again.</summary>
    public long? LastTotpStep { get; set; }
}
