using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Applications;

public sealed record DivisionRef(string Code, string Name);

public sealed record ActorView(string Name, ProgrammeRole Role, string RoleName, string DivisionCode);

public sealed record TransitionView(int Sequence, ApplicationAction Action, string ActionName, ApplicationState? From, ApplicationState To,
    string ToName, DateTime AtUtc, ActorView Actor, string? Comment, Explanation? Explanation);

/// <param name="CaseNumber">办件编号, what people see instead of the id.</param>
/// <param name="DistrictIndicatorFindings">评定意见 by indicator code: why the district gave fewer points than claimed (and any other it wrote).</param>
public sealed record ApplicationView(
    Guid Id, string CaseNumber, DivisionRef Community, DivisionRef Street, DivisionRef District, ApplicationState State, string StateName,
    int Version, string ScaleVersionId, IReadOnlyDictionary<string, decimal> SelfScores, string? SelfNote,
    IReadOnlyDictionary<string, decimal> DistrictScores, string? DistrictFindings,
    [property: System.ComponentModel.Description("评定意见 by indicator code: why the district gave fewer points than the community claimed")]
    IReadOnlyDictionary<string, string> DistrictIndicatorFindings, int? BatchNumber,
    DateTime CreatedAtUtc, DateTime UpdatedAtUtc, DateTime? SubmittedAtUtc,
    Explanation? SelfAssessment, Explanation? Evaluation, Explanation? Decision, IReadOnlyList<TransitionView> History);

/// <param name="SelfScore">The self-assessment's points (自评), once any are given.</param>
/// <param name="DistrictScore">The total the district decided on (评定得分, after hotline deductions), once it decided.</param>
public sealed record ApplicationSummary(Guid Id, string CaseNumber, string CommunityCode, string CommunityName, string StreetName, string DistrictName,
    ApplicationState State, string StateName, int Version, DateTime UpdatedAtUtc, DateTime? SubmittedAtUtc, int? BatchNumber,
    decimal? SelfScore, decimal? DistrictScore);

/// <summary>One page of a list; <c>PageNumber</c> counts from 1.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>Read models of applications, scoped by the same rule as the workflow.</summary>
public sealed class ApplicationViews(WuyiDbContext db, ApplicationWorkflow workflow)
{
    public const int MaxPageSize = 200;

    public async Task<ApplicationView> GetAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var a = await workflow.LoadInScopeAsync(actor, id, ct);
        var scale = await workflow.ScaleOf(a, ct);
        var codes = new[] { a.CommunityCode, a.StreetCode, a.DistrictCode };
        var names = await db.Divisions.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        var open = ApplicationStates.IsOpen(a.State);

        // Live explanations only while the application is open; a closed one shows what was decided.
        var live = await workflow.ExplainEachAsync(a,
            [open && Complete(scale, a.SelfScores) ? a.SelfScores : null, open && Complete(scale, a.DistrictScores) ? a.DistrictScores : null], ct);
        var (self, evaluation) = (live[0], live[1]);
        var decision = a.History.OrderBy(t => t.Sequence).LastOrDefault(t => t.Explanation is not null)?.Explanation;
        var revoked = a.State == ApplicationState.Published && await db.Certifications.AnyAsync(c => c.ApplicationId == a.Id && c.RevokedAtUtc != null, ct);

        return new ApplicationView(a.Id, a.CaseNumber,
            new(a.CommunityCode, names.GetValueOrDefault(a.CommunityCode, "")),
            new(a.StreetCode, names.GetValueOrDefault(a.StreetCode, "")),
            new(a.DistrictCode, names.GetValueOrDefault(a.DistrictCode, "")),
            a.State, ApplicationStates.Name(a.State, revoked), a.Version, a.ScaleVersionId, a.SelfScores, a.SelfNote,
            a.DistrictScores, a.DistrictFindings, a.DistrictIndicatorFindings, a.BatchNumber, a.CreatedAtUtc, a.UpdatedAtUtc, a.SubmittedAtUtc,
            self, evaluation, decision,
            a.History.OrderBy(t => t.Sequence).Select(t => new TransitionView(t.Sequence, t.Action, ApplicationStates.Name(t.Action), t.From, t.To,
                ApplicationStates.Name(t.To), t.AtUtc, new ActorView(t.ActorName, t.ActorRole, Actor.RoleName(t.ActorRole), t.ActorDivisionCode),
                t.Comment, t.Explanation)).ToList());
    }

    public async Task<Paged<ApplicationSummary>> ListAsync(Actor actor, ApplicationState? state, string? within, string? q, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var rows = Matching(actor, state, within, q);
        var total = await rows.CountAsync(ct);
        var items = await Summaries(rows.OrderBy(r => r.A.CommunityCode).ThenBy(r => r.A.CreatedAtUtc).ThenBy(r => r.A.Id).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return new Paged<ApplicationSummary>(items.Select(ToSummary).ToList(), page, pageSize, total);
    }

    /// <summary>The whole filtered list in the list's order, streamed from the database as it is read (the export).</summary>
    public async IAsyncEnumerable<ApplicationSummary> StreamAsync(Actor actor, ApplicationState? state, string? within, string? q,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var rows = Matching(actor, state, within, q).OrderBy(r => r.A.CommunityCode).ThenBy(r => r.A.CreatedAtUtc);
        await foreach (var i in Summaries(rows).AsAsyncEnumerable().WithCancellation(ct))
            yield return ToSummary(i);
    }

    /// <summary>An application with its three places (member-initialised, so that EF can filter and sort on it).</summary>
    private sealed class Row
    {
        public required Application A { get; init; }
        public required Divisions.Division C { get; init; }
        public required Divisions.Division St { get; init; }
        public required Divisions.Division D { get; init; }
    }

    private sealed record SummaryRow(Guid Id, string CaseNumber, string CommunityCode, string C, string S, string D, ApplicationState State, int Version,
        DateTime UpdatedAtUtc, DateTime? SubmittedAtUtc, int? BatchNumber, bool Revoked, IReadOnlyDictionary<string, decimal> SelfScores, Explanation? Decision);

    private IQueryable<Row> Matching(Actor actor, ApplicationState? state, string? within, string? q)
    {
        var query = workflow.InScope(actor).AsNoTracking();
        if (state is { } s) query = query.Where(a => a.State == s);
        if (!string.IsNullOrWhiteSpace(within)) query = query.Under(a => a.CommunityCode, within.Trim());

        var rows = from a in query
                   join c in db.Divisions on a.CommunityCode equals c.Code
                   join st in db.Divisions on a.StreetCode equals st.Code
                   join d in db.Divisions on a.DistrictCode equals d.Code
                   select new Row { A = a, C = c, St = st, D = d };
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            rows = rows.Where(r => r.C.Name.Contains(term) || r.A.CommunityCode.StartsWith(term) || r.A.CaseNumber.Contains(term));
        }
        return rows;
    }

    private IQueryable<SummaryRow> Summaries(IQueryable<Row> rows) => rows.Select(r => new SummaryRow(
        r.A.Id, r.A.CaseNumber, r.A.CommunityCode, r.C.Name, r.St.Name, r.D.Name, r.A.State, r.A.Version, r.A.UpdatedAtUtc, r.A.SubmittedAtUtc, r.A.BatchNumber,
        r.A.State == ApplicationState.Published && db.Certifications.Any(c => c.ApplicationId == r.A.Id && c.RevokedAtUtc != null),
        r.A.SelfScores,
        db.ApplicationTransitions.Where(t => t.ApplicationId == r.A.Id && t.Explanation != null)
            .OrderByDescending(t => t.Sequence).Select(t => t.Explanation).FirstOrDefault()));

    private static ApplicationSummary ToSummary(SummaryRow i) => new(i.Id, i.CaseNumber, i.CommunityCode, i.C, i.S, i.D, i.State,
        ApplicationStates.Name(i.State, i.Revoked), i.Version, i.UpdatedAtUtc, i.SubmittedAtUtc, i.BatchNumber,
        i.SelfScores.Count > 0 ? i.SelfScores.Values.Sum() : null, i.Decision?.Total);

    private static bool Complete(ScaleVersion scale, IReadOnlyDictionary<string, decimal> scores) =>
        scores.Count > 0 && scale.CheckScores(scores, complete: true).Count == 0;
}
