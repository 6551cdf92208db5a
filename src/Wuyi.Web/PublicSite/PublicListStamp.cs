namespace Wuyi.Web.PublicSite;

/// <summary>
/// One row whose version goes up in the same transaction as any change to certifications (publication,
/// revocation). Cached public output is keyed by it, so no node ever serves a list older than the database.
/// </summary>
public sealed class PublicListStamp
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long Version { get; set; }
}
