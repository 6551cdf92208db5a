namespace Wuyi.Web.PublicSite;

/// <summary>
/// One row whose version goes up in the same transaction as any change to certifications (publication,
/// revocation, restoration) or a rectification task opening or closing (the certificate verification page shows 整改中).
/// Cached public output is keyed by it, so no node ever serves a list older than the database.
/// </summary>
public sealed class PublicListStamp
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long Version { get; set; }
}
