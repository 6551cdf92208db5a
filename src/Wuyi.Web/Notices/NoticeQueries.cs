using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Notices;

/// <summary>A notice in a community's list: enough to find it and open it.</summary>
public sealed record NoticeSummary(string Number, NoticeKind Kind, string Title, DateOnly IssuedOn, DateOnly? Deadline, string Url);

/// <summary>
/// One notice (通知书) as issued: its words (<see cref="NoticeText"/>, what a page or a PDF renders), and what it is about —
/// the community, the rectification task or the certification (<paramref name="SubjectId"/>), the deadline it set.
/// </summary>
public sealed record NoticeView(string Number, NoticeKind Kind, string CommunityCode, Guid SubjectId, DateOnly IssuedOn, DateTime IssuedAtUtc,
    DateOnly? Deadline, string IssuedByName, NoticeText Text, string Url)
{
    /// <summary>The page of what the notice is about, where there is one (a rectification task).</summary>
    public string? SubjectUrl => Kind switch
    {
        NoticeKind.Revocation => null,
        NoticeKind.AppealDecision => $"/appeals/{SubjectId}",
        _ => $"/rectifications/{SubjectId}",
    };
}

/// <summary>Notices, for the community itself and the officials over it; anything outside the caller's subtree is not found (decision 0003).</summary>
public sealed class NoticeQueries(WuyiDbContext db)
{
    /// <summary>The notice with this number, if the caller's subtree covers its community.</summary>
    public async Task<NoticeView?> FindAsync(Actor actor, string number, CancellationToken ct)
    {
        var n = await db.Notices.AsNoTracking().FirstOrDefaultAsync(x => x.Number == number, ct);
        return n is null || !actor.Covers(n.CommunityCode) ? null : ToView(n);
    }

    /// <summary>A community's notices, newest first (a step's own in the order of their kinds: the revocation, then the rectification).</summary>
    public async Task<IReadOnlyList<NoticeSummary>> ForCommunityAsync(Actor actor, string code, CancellationToken ct)
    {
        if (!actor.Covers(code)) throw new NotFoundException("找不到该社区（村），或不在您的管辖范围内");
        var rows = await db.Notices.AsNoTracking().Where(n => n.CommunityCode == code)
            .Select(n => new { n.Number, n.Kind, n.Title, n.IssuedOn, n.IssuedAtUtc, n.Deadline })
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(n => n.IssuedAtUtc).ThenBy(n => n.Kind).ThenByDescending(n => n.Number.Length).ThenByDescending(n => n.Number, StringComparer.Ordinal)
            .Select(n => new NoticeSummary(n.Number, n.Kind, n.Title, n.IssuedOn, n.Deadline, NoticeLinks.Print(n.Number)))];
    }

    private static NoticeView ToView(Notice n) =>
        new(n.Number, n.Kind, n.CommunityCode, n.SubjectId, n.IssuedOn, n.IssuedAtUtc, n.Deadline, n.IssuedByName, n.Text, NoticeLinks.Print(n.Number));
}

/// <summary>Where a notice is shown.</summary>
public static class NoticeLinks
{
    /// <summary>The print view (signed in, in scope); the number percent-encoded.</summary>
    public static string Print(string number) => "/notices/" + Uri.EscapeDataString(number);

    public static string Api(string number) => "/api/v1/notices/" + Uri.EscapeDataString(number);

    /// <summary>The print-ready PDF, from the page (signed in) and through the API (a token).</summary>
    public static string Pdf(string number) => Print(number) + "?handler=pdf";

    public static string PdfApi(string number) => Api(number) + "/pdf";
}
