using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Scales;
using Wuyi.Web.Applications;
using Wuyi.Web.Audit;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Evaluation;

/// <summary>复核评定: the district's own score beside the self-assessment, findings, the record, the decision.</summary>
[AuthorizeFor(ApplicationAction.Approve, ApplicationAction.Reject)]
public sealed class IndexModel(ApplicationWorkflow workflow, ApplicationViews views, ScaleCatalog scales, WuyiDbContext db, TimeProvider time) : StepPageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public Dictionary<string, decimal?> Scores { get; set; } = [];
    [BindProperty] public string? Findings { get; set; }

    /// <summary>评定意见 by indicator code, one box beside each score; required where the score is below the self-assessment.</summary>
    [BindProperty] public Dictionary<string, string?> IndicatorFindings { get; set; } = [];
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public int Version { get; set; }

    public ApplicationView Application { get; private set; } = null!;
    public ScaleVersion Scale { get; private set; } = null!;

    /// <summary>The duty roster's coverage over the last 30 days, shown beside the hard indicator (A1): it informs the score, never sets it.</summary>
    public Wuyi.Domain.Supervision.DutyRosterSummary RosterCoverage { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string> { ["reason"] = nameof(Comment) };

    protected override string StaleNotice => ApplicationWorkflow.StaleNotice;

    /// <summary>
    /// An indicator's finding (<c>indicatorFindings.A1</c>) goes beside its finding box; any other field the map does not
    /// name is an indicator, whose message goes beside its score.
    /// </summary>
    protected override string? InputFor(string field) => base.InputFor(field)
        ?? (field.StartsWith(FindingPrefix, StringComparison.Ordinal) ? FindingInput(field[FindingPrefix.Length..]) : $"{nameof(Scores)}[{field}]");

    private static readonly string FindingPrefix = FindingsByIndicator.FieldOf("");

    /// <summary>The name of an indicator's finding box.</summary>
    public static string FindingInput(string code) => $"{nameof(IndicatorFindings)}[{code}]";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(keepInput: false, ct);
        return Page();
    }

    /// <summary>
    /// 复制自评分数: fills the form with the community's scores, on purpose, to score from them; nothing is saved, and
    /// the findings (overall and by indicator) and comment typed stay. js/evaluation.js does the same in the browser without a post.
    /// </summary>
    public async Task<IActionResult> OnPostCopySelfAsync(CancellationToken ct)
    {
        HttpContext.AuditPreview(); // fills the form, changes nothing: not an operation
        await LoadAsync(keepInput: true, ct);
        ModelState.Clear(); // the form shows the copied scores, not what was posted
        Scores = Scale.Indicators.ToDictionary(i => i.Code, i => Application.SelfScores.TryGetValue(i.Code, out var v) ? v : (decimal?)null);
        return Page();
    }

    /// <summary>Whether the district's score (as on the form) is below the self-assessment: the finding box is then required.</summary>
    public bool IsLowered(string code) =>
        Scores.GetValueOrDefault(code) is { } d && Application.SelfScores.TryGetValue(code, out var s) && d < s;

    /// <summary>How the district's score of an indicator stands against the self-assessment (低于自评 2 分), if it differs.</summary>
    public string? DifferenceOf(string code) =>
        ScoreComparison.Describe(Scores.GetValueOrDefault(code), Application.SelfScores.TryGetValue(code, out var s) ? s : null);

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) =>
        StepAsync(() => workflow.SaveEvaluationAsync(Actor, Id, Version, Given(), Findings, IndicatorFindings, ct), "评分已保存",
            () => Redirect($"/evaluation/{Id}"));

    // The decisions confirm what they will do first (issue 11); the message afterwards says what they did.
    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) =>
        Decide(() => workflow.PreviewApproveAsync(Actor, Id, Version, Given(), Findings, IndicatorFindings, Comment, ct),
            done => workflow.ApproveAsync(Actor, Id, Version, Given(), Findings, IndicatorFindings, Comment, ct, done));

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) =>
        Decide(() => workflow.PreviewRejectAsync(Actor, Id, Version, Given(), Findings, IndicatorFindings, Comment, ct),
            done => workflow.RejectAsync(Actor, Id, Version, Given(), Findings, IndicatorFindings, Comment, ct, done));

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) =>
        Decide(() => workflow.PreviewReturnAsync(Actor, Id, Version, Comment, ct), done => workflow.ReturnAsync(Actor, Id, Version, Comment, ct, done));

    private Task<IActionResult> Decide(Func<Task<StepConsequences>> preview, Func<Action<StepConsequences>, Task> step) =>
        ConfirmedStepAsync(preview, step, () => Redirect($"/applications/{Id}"));

    protected override async Task<IActionResult> ReshowAsync(CancellationToken ct)
    {
        await LoadAsync(keepInput: true, ct);
        return Page();
    }

    private Dictionary<string, decimal> Given() => Scores.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!.Value);

    private async Task LoadAsync(bool keepInput, CancellationToken ct)
    {
        Application = await views.GetAsync(Actor, Id, ct);
        Scale = await scales.GetAsync(db, Application.ScaleVersionId, ct);
        var today = Domain.Common.ProgrammeClock.DateOf(time.GetUtcNow());
        RosterCoverage = (await DutyRosters.DutyRosterQueries.GapDaysAsync(db, [Application.Community.Code],
            today.AddDays(-(DutyRosters.DutyRosterQueries.DefaultDays - 1)), today, ct))[Application.Community.Code];
        Version = Application.Version;
        if (keepInput) return;
        // The district scores on its own (issue 11): from its saved scores, else empty — 复制自评分数 copies on purpose.
        Scores = Scale.Indicators.ToDictionary(i => i.Code, i => Application.DistrictScores.TryGetValue(i.Code, out var v) ? v : (decimal?)null);
        Findings = Application.DistrictFindings;
        IndicatorFindings = Application.DistrictIndicatorFindings.ToDictionary(f => f.Key, f => (string?)f.Value);
    }
}
