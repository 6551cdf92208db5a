using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.ResidentReports;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.ResidentReports;

/// <summary>What a resident sends: the kind, the text, an optional phone, the consent, and an optional photo.</summary>
public sealed record ReportSubmission(ReportKind? Kind, string? Text, string? Contact, bool Consent, byte[]? Photo);

/// <summary>
/// Takes a resident's report (群众反映) without an account, for the public form and the API alike: the client's hourly
/// allowance first, then the community's daily cap, the rules (<see cref="ResidentReport.Receive"/>), the photo through
/// the same content checks as evidence (<see cref="EvidenceContent"/>: images only, metadata stripped), and one save.
/// A refusal stores nothing: no row, and no file left behind.
/// </summary>
public sealed class ResidentReportIntake(WuyiDbContext db, EvidenceStore store, ReportRateLimit rate, IOptions<ResidentReportOptions> options,
    TimeProvider time)
{
    private readonly StepCommit commit = new(db, stale: "请重新提交", conflict: "提交时发生冲突，请重新提交");

    /// <summary>The largest photo taken: the evidence limit (<c>Wuyi:Uploads:MaxFileMegabytes</c>).</summary>
    public long MaxPhotoBytes => store.MaxBytes;

    /// <summary>A community's name for the form, or null when the code is no community (404).</summary>
    public Task<string?> CommunityNameAsync(string code, CancellationToken ct) =>
        db.Divisions.AsNoTracking().Where(d => d.Code == code && d.Level == DivisionLevel.Community).Select(d => d.Name).FirstOrDefaultAsync(ct);

    /// <summary>Takes the report; returns its receipt number as stored.</summary>
    public async Task<string> ReceiveAsync(HttpContext http, string communityCode, ReportSubmission submission, CancellationToken ct)
    {
        if (await CommunityNameAsync(communityCode, ct) is null) throw new NotFoundException("找不到该社区（村）");
        rate.Take(http);
        var now = time.GetUtcNow();
        var since = now.AddDays(-1).UtcDateTime;
        var today = await db.ResidentReports.CountAsync(r => r.CommunityCode == communityCode && r.ReceivedAtUtc >= since, ct);
        if (today >= options.Value.PerCommunityPerDay)
            throw new TooManyReportsException("该社区（村）今日反映已达上限",
                "该社区（村）24 小时内收到的反映已达上限，相关问题已在核查中，请明天再试；情况紧急请拨打 12345 热线", "community-report-cap");

        var report = ResidentReport.Receive(communityCode, submission.Kind ?? default(ReportKind), submission.Text, submission.Contact, submission.Consent,
            ReceiptNumber.New(RandomNumberGenerator.GetBytes(ReceiptNumber.RandomBytes)), now);
        (EvidenceKind Kind, byte[] Bytes)? photo = submission.Photo is { } bytes ? CheckedPhoto(bytes) : null;

        string? stored = null;
        try
        {
            if (photo is { } p)
            {
                stored = await store.SaveAsync(p.Bytes, ct);
                report.AttachPhoto(stored, EvidenceContent.ContentType(p.Kind), p.Bytes.Length, Convert.ToHexStringLower(SHA256.HashData(p.Bytes)));
            }
            db.ResidentReports.Add(report);
            await commit.RunAsync(() => Task.CompletedTask, ct);
        }
        catch
        {
            db.ChangeTracker.Clear();
            if (stored is not null) store.Delete(stored); // no file without its report
            throw;
        }
        return report.Receipt;
    }

    /// <summary>A photo as evidence is checked (by content, metadata stripped), and only a photo: JPEG or PNG.</summary>
    private (EvidenceKind Kind, byte[] Bytes) CheckedPhoto(byte[] bytes)
    {
        if (bytes.Length == 0) throw PhotoRefused("照片是空的");
        if (bytes.Length > store.MaxBytes) throw PhotoRefused($"照片超过 {store.MaxBytes / (1024 * 1024)} MB 的上限");
        (EvidenceKind Kind, byte[] Bytes) checkedPhoto;
        try
        {
            checkedPhoto = EvidenceContent.Check(bytes);
        }
        catch (DomainException refused)
        {
            throw PhotoRefused(refused.Message);
        }
        if (!EvidenceContent.IsImage(checkedPhoto.Kind)) throw PhotoRefused("只接受 JPEG 或 PNG 格式的照片");
        return checkedPhoto;
    }

    public static DomainException PhotoRefused(string reason)
    {
        var message = $"照片未能上传：{reason}。反映未提交，您填写的内容已保留，请重新选择照片或不附照片";
        return DomainException.Invalid("report-photo-invalid", message, new Dictionary<string, string[]> { ["photo"] = [message] });
    }
}
