using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;

namespace Wuyi.Domain.Dynamic;

/// <summary>The checks every dynamic-management step shares: role, scope, a reason where one is owed.</summary>
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

    public static string Text(string? text, string field, string message, int max = 2000)
    {
        var clean = Clean(text) ?? throw DomainException.Invalid("reason-required", message,
            new Dictionary<string, string[]> { [field] = [message] });
        if (clean.Length > max)
            throw DomainException.Invalid("text-too-long", $"内容不能超过 {max} 字",
                new Dictionary<string, string[]> { [field] = [$"不能超过 {max} 字"] });
        return clean;
    }

    public static string? Optional(string? text, string field, int max = 2000)
    {
        var clean = Clean(text);
        if (clean is { Length: var n } && n > max)
            throw DomainException.Invalid("text-too-long", $"内容不能超过 {max} 字",
                new Dictionary<string, string[]> { [field] = [$"不能超过 {max} 字"] });
        return clean;
    }

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
