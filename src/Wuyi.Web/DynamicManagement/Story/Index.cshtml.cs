using Wuyi.Domain.Applications;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.Story;

/// <summary>A community's whole story (全过程记录) for the officials over it: applications, vetoes, revocations, rectification, re-evaluations.</summary>
public sealed class IndexModel(DynamicQueries queries, Certificates.CertificateQueries certificates, Notices.NoticeQueries notices) : WorkPageModel
{
    public string Code { get; private set; } = "";

    /// <summary>The community's latest certificate (证书编号), to print or verify; null if it was never certified.</summary>
    public string? CertificateNumber { get; private set; }
    public Place Place { get; private set; } = null!;
    public IReadOnlyList<StoryEntry> Entries { get; private set; } = [];

    /// <summary>The notices (通知书) the community received, newest first.</summary>
    public IReadOnlyList<Notices.NoticeSummary> Notices { get; private set; } = [];

    public async Task OnGetAsync(string code, CancellationToken ct)
    {
        Entries = await queries.StoryAsync(Actor, code, publicOnly: false, ct); // 404 outside the subtree
        Code = code;
        Place = (await queries.PlacesAsync([code], ct))[code];
        CertificateNumber = await certificates.LatestNumberAsync(code, ct);
        Notices = await notices.ForCommunityAsync(Actor, code, ct);
    }

    /// <summary>Where an entry's subject is shown, if it has a page this account may open (no link that only leads to 拒绝访问).</summary>
    public string? LinkFor(StoryEntry e) => e.SubjectId is not { } id ? null : e.Subject switch
    {
        "application" => $"/applications/{id}",
        "veto" when Actor.Role.Allows(Permission.RecordVeto) => $"/vetoes/{id}",
        "rectification" => $"/rectifications/{id}",
        "re-evaluation" when Actor.Role.Allows(Permission.ReEvaluate) => $"/re-evaluations/{id}",
        "appeal" when Actor.Role.Allows(Permission.FileAppeal) || Actor.Role.Allows(Permission.DecideAppeal) => $"/appeals/{id}",
        "inspection" when Actor.Role.Allows(Permission.ConductInspection) => $"/inspections/{id}",
        _ => null,
    };
}
