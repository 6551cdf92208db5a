using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;

namespace Wuyi.Domain.Dynamic;

/// <summary>The checks every dynamic-management step shares: role and scope (texts are bounded by <see cref="TextLimits"/>).</summary>
internal static class Guard
{
    /// <summary>The city, or a district inside its own subtree.</summary>
    public static void Supervisor(Actor actor, string communityCode, string what)
    {
        if (actor.Role is not (ProgrammeRole.City or ProgrammeRole.District))
            throw DomainException.Forbidden("wrong-role", $"只有市、区社区防控组可以{what}");
        InScope(actor, communityCode);
    }

    public static void City(Actor actor, string what)
    {
        if (actor.Role != ProgrammeRole.City)
            throw DomainException.Forbidden("wrong-role", $"只有市社区防控组可以{what}");
    }

    public static void InScope(Actor actor, string communityCode)
    {
        if (!actor.Covers(communityCode))
            throw DomainException.Forbidden("out-of-scope", "该社区（村）不在您的管辖范围内");
    }
}
