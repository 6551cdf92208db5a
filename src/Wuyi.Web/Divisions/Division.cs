using Wuyi.Domain.Divisions;

namespace Wuyi.Web.Divisions;

/// <summary>A node of the division tree (行政区划), keyed by its statistical code.</summary>
public sealed class Division
{
    public required string Code { get; set; }
    public string? ParentCode { get; set; }
    public required string Name { get; set; }
    public DivisionLevel Level { get; set; }
    public CommunityKind Kind { get; set; }
}
