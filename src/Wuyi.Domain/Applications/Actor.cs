using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.Applications;

/// <summary>The programme roles; each is bound to one node of the division tree.</summary>
public enum ProgrammeRole
{
    Community = 1, // 社区（村）居委会
    Street = 2,    // 街道办事处/乡镇政府
    District = 3,  // 区社区防控组
    City = 4,      // 市社区防控组
}

/// <summary>Who acts: an account, its role and the division node its authority covers.</summary>
public sealed record Actor(string UserId, string Name, ProgrammeRole Role, string DivisionCode)
{
    public bool Covers(string code) => Divisions.DivisionCode.Covers(DivisionCode, code);

    /// <summary>
    /// The code prefix a list covers: the actor's subtree narrowed by a filter. A filter wider than the subtree is the
    /// subtree; one outside it matches nothing (never silently the actor's whole subtree).
    /// </summary>
    public string Narrow(string? within)
    {
        var c = within?.Trim();
        if (string.IsNullOrEmpty(c) || DivisionCode.StartsWith(c, StringComparison.Ordinal)) return DivisionCode;
        return Covers(c) ? c : NoDivision;
    }

    /// <summary>A prefix no division code has (codes are digits).</summary>
    public const string NoDivision = "-";

    /// <summary>The level a role's node must have.</summary>
    public static DivisionLevel LevelFor(ProgrammeRole role) => role switch
    {
        ProgrammeRole.Community => DivisionLevel.Community,
        ProgrammeRole.Street => DivisionLevel.Street,
        ProgrammeRole.District => DivisionLevel.District,
        ProgrammeRole.City => DivisionLevel.Province,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static string RoleName(ProgrammeRole role) => role switch
    {
        ProgrammeRole.Community => "社区（村）",
        ProgrammeRole.Street => "街道（乡镇）",
        ProgrammeRole.District => "区社区防控组",
        ProgrammeRole.City => "市社区防控组",
        _ => role.ToString(),
    };
}
