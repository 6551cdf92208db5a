namespace Wuyi.Web.Uploads;

/// <summary>
/// A file attached to a rectification report as evidence (整改佐证材料): stored outside the web root under a random
/// name, with the SHA-256 of the bytes stored, so that what is served can be shown to be what was checked.
/// </summary>
public sealed class EvidenceFile
{
    public Guid Id { get; set; }
    public Guid RectificationId { get; set; }
    public string CommunityCode { get; set; } = "";
    public EvidenceKind Kind { get; set; }

    /// <summary>The name the person gave it, for the download; never used as a path.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The random name under <c>Wuyi:Uploads:Path</c>.</summary>
    public string StoredName { get; set; } = "";

    public long Length { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTime UploadedAtUtc { get; set; }
    public string UploadedByUserId { get; set; } = "";
}
