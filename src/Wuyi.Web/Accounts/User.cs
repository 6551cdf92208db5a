using Microsoft.AspNetCore.Identity;
using Wuyi.Domain.Applications;

namespace Wuyi.Web.Accounts;

/// <summary>An account: one programme role, bound to one node of the division tree.</summary>
public sealed class User : IdentityUser
{
    public required string DisplayName { get; set; }
    public ProgrammeRole Role { get; set; }
    public required string DivisionCode { get; set; }
}
