namespace Wuyi.Web.Uploads;

/// <summary>
/// A file given as evidence of one subject (佐证材料): a rectification's report, an inspection's photos, or an appeal's grounds.
/// Stored outside the web root under a random name, with the SHA-256 of the bytes stored, so that what is served can be shown
/// to be what was checked. Exactly one subject is set, each under its own foreign key (the database refuses any other shape).
/// </summary>
public sealed class EvidenceFile
{
    public Guid Id { get; set; }

    /// <summary>The rectification task whose report the file supports (整改佐证材料).</summary>
    public Guid? RectificationId { get; set; }

    /// <summary>The inspection the photo was taken at (检查照片).</summary>
    public Guid? InspectionId { get; set; }

    /// <summary>The appeal the file supports (申诉材料).</summary>
    public Guid? AppealId { get; set; }

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

    /// <summary>The database's rule that a file is evidence of exactly one subject.</summary>
    internal const string OneSubject =
        """("RectificationId" IS NOT NULL AND "InspectionId" IS NULL AND "AppealId" IS NULL) OR """ +
        """("RectificationId" IS NULL AND "InspectionId" IS NOT NULL AND "AppealId" IS NULL) OR """ +
        """("RectificationId" IS NULL AND "InspectionId" IS NULL AND "AppealId" IS NOT NULL)""";
}
