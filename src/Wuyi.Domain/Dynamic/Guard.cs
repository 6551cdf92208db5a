using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;

namespace Wuyi.Domain.Dynamic;

/// <summary>The checks every dynamic-management step shares: role and scope (texts are bounded by <see cref="TextLimits"/>).</summary>
internal static class Guard
{
    /// <summary>A role that may do this (<see cref="Permissions"/>), inside its own subtree.</summary>
    public static void Permitted(Actor actor, Permission permission, string communityCode)
    {
        Permissions.Require(actor, permission);
        InScope(actor, communityCode);
    }

    public static void InScope(Actor actor, string communityCode)
    {
        if (!actor.Covers(communityCode))
            throw DomainException.Forbidden("out-of-scope", "该社区（村）不在您的管辖范围内");
    }
}
