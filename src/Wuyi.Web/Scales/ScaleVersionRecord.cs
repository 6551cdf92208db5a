namespace Wuyi.Web.Scales;

/// <summary>A scale version as stored: its validated file, kept verbatim so a past application can be re-read under it.</summary>
public sealed class ScaleVersionRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public required string Definition { get; set; }
    public DateTime LoadedAtUtc { get; set; }
}

/// <summary>A scale version without its file: what lists and the API show.</summary>
public sealed record ScaleVersionView(string Id, string Name, DateOnly EffectiveFrom, DateTime LoadedAtUtc);

/// <summary>A change of the pass mark (达标分数线调整) from a date on.</summary>
public sealed class PassMarkChange
{
    public Guid Id { get; set; }
    public required string ScaleVersionId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public decimal Value { get; set; }
    public required string SetByUserId { get; set; }
    public string SetByName { get; set; } = "";
    public DateTime SetAtUtc { get; set; }
    public string? Reason { get; set; }
}
