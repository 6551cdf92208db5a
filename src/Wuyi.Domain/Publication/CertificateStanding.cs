using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Publication;

/// <summary>What a certificate says today (核验结果), in large type on the verification page.</summary>
public enum CertificateStatus
{
    Valid = 1,          // 有效 (also after a restoration: the same certificate stands again)
    Revoked = 2,        // 已取消认定 (整改中 beside it while a rectification is open)
    CertifiedAgain = 3, // 已重新认定: this certificate was revoked, and a later publication certified the community again
}

/// <summary>
/// The live standing of one certificate, from its certification, what revoked it, the community's open rectification and any
/// later certification of the same community. A plaque on a wall can never outlive its revocation: this is computed on
/// every read, never stored.
/// </summary>
/// <param name="RevocationKind">The kind of reason, in Chinese: the veto's kind (一票否决：卡口点位被媒体曝光), or 重新评定未达标.</param>
/// <param name="RevocationReason">The public reason as the adjustments list shows it.</param>
/// <param name="Rectifying">整改中: the title is revoked and the community's rectification is open.</param>
/// <param name="Successor">The community's later certificate, when it was certified again.</param>
public sealed record CertificateStanding(CertificateStatus Status, DateOnly? RevokedOn, string? RevocationKind, string? RevocationReason,
    DateOnly? RestoredOn, bool Rectifying, DateOnly? RectificationDeadline, string? Successor, DateOnly? SuccessorCertifiedOn)
{
    public string StatusName => Name(Status);

    public static string Name(CertificateStatus status) => status switch
    {
        CertificateStatus.Valid => "有效",
        CertificateStatus.Revoked => "已取消认定",
        CertificateStatus.CertifiedAgain => "已重新认定",
        _ => status.ToString(),
    };

    /// <param name="revokingVeto">The kind of the veto that revoked the title, when one did (<see cref="Certification.RevokedByVetoId"/>).</param>
    /// <param name="openTask">The community's open rectification task, if any.</param>
    /// <param name="later">The community's certifications after this one; the newest is the successor.</param>
    public static CertificateStanding Of(Certification certification, VetoKind? revokingVeto, RectificationTask? openTask, IEnumerable<Certification> later)
    {
        if (openTask is not null && openTask.CommunityCode != certification.CommunityCode)
            throw new ArgumentException("a rectification task of another community", nameof(openTask));
        var restoredOn = certification.RestoredAtUtc is { } r ? ProgrammeClock.DateOf(ProgrammeClock.FromUtc(r)) : (DateOnly?)null;
        if (certification.IsActive)
            return new(CertificateStatus.Valid, null, null, null, restoredOn, false, null, null, null);

        var revokedOn = ProgrammeClock.DateOf(ProgrammeClock.FromUtc(certification.RevokedAtUtc!.Value));
        var kind = revokingVeto is { } v ? "一票否决：" + VetoKindNames.Of(v) : "重新评定未达标";
        var successor = later.Where(c => c.CommunityCode == certification.CommunityCode && c.CertifiedAtUtc > certification.CertifiedAtUtc)
            .OrderByDescending(c => c.CertifiedAtUtc).FirstOrDefault();
        if (successor is not null)
            return new(CertificateStatus.CertifiedAgain, revokedOn, kind, certification.RevocationReason, null, false, null, successor.Number, successor.CertifiedOn);
        var rectifying = openTask is { IsOpen: true };
        return new(CertificateStatus.Revoked, revokedOn, kind, certification.RevocationReason, null, rectifying, rectifying ? openTask!.Deadline : null, null, null);
    }
}
