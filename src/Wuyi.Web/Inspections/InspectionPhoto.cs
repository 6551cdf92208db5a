using Wuyi.Web.Uploads;

namespace Wuyi.Web.Inspections;

/// <summary>
/// A photo taken at an inspection (检查照片): checked by content and stripped of its metadata like rectification evidence
/// (<see cref="EvidenceContent"/>), stored in the same folder under a random name (<see cref="EvidenceStore"/>), with its SHA-256.
/// </summary>
public sealed class InspectionPhoto
{
    public Guid Id { get; set; }
    public Guid InspectionId { get; set; }
    public string CommunityCode { get; set; } = "";
    public EvidenceKind Kind { get; set; }
    public string FileName { get; set; } = "";
    public string StoredName { get; set; } = "";
    public long Length { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTime UploadedAtUtc { get; set; }
    public string UploadedByUserId { get; set; } = "";

    /// <summary>The same file as evidence, for the endpoints that serve files (inline, thumbnail).</summary>
    public EvidenceFile AsEvidence() => new()
    {
        Id = Id, CommunityCode = CommunityCode, Kind = Kind, FileName = FileName, StoredName = StoredName, Length = Length, Sha256 = Sha256,
        UploadedAtUtc = UploadedAtUtc, UploadedByUserId = UploadedByUserId,
    };
}
