using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Applications;

/// <summary>
/// A community's application (创建申报) through the round: self-assessment, street recommendation,
/// district evaluation, municipal filing, publication. Each transition is one method that checks, against
/// <see cref="ApplicationStates"/>' table, who may take it and from which state, and appends to the history;
/// anything else is refused unchanged.
/// </summary>
public sealed class Application
{
    private readonly List<ApplicationTransition> _history = [];

    private Application() { } // for EF

    public Guid Id { get; private set; }

    /// <summary>办件编号, what people see and read out instead of the id (see <see cref="Applications.CaseNumber"/>).</summary>
    public string CaseNumber { get; private set; } = "";
    public string CommunityCode { get; private set; } = "";
    public string StreetCode { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";

    /// <summary>The scale version the application is scored under, for its whole life.</summary>
    public string ScaleVersionId { get; private set; } = "";

    public ApplicationState State { get; private set; }

    /// <summary>The community's code while the application is open, else null: a unique index keeps one open per community.</summary>
    public string? OpenForCommunity { get; private set; }

    /// <summary>Bumped by every change; a decision made on an older version is refused (concurrency token).</summary>
    public int Version { get; private set; }

    public IReadOnlyDictionary<string, decimal> SelfScores { get; private set; } = new Dictionary<string, decimal>();
    public string? SelfNote { get; private set; }
    public IReadOnlyDictionary<string, decimal> DistrictScores { get; private set; } = new Dictionary<string, decimal>();
    public string? DistrictFindings { get; private set; } // 现场复核意见

    /// <summary>评定意见 by indicator code, trimmed, none blank; required where the district scores below the self-assessment.</summary>
    public IReadOnlyDictionary<string, string> DistrictIndicatorFindings { get; private set; } = new Dictionary<string, string>();
    public int? BatchNumber { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    public DateTime? SubmittedAtUtc { get; private set; }

    /// <summary>The veto that suspended the application, while it is suspended.</summary>
    public Guid? SuspendedByVetoId { get; private set; }

    public IReadOnlyList<ApplicationTransition> History => _history;

    /// <summary>
    /// The community starts a draft under the scale in force; <paramref name="caseSequence"/> is the next free number
    /// of its district and year (the store's unique index refuses a taken one).
    /// </summary>
    public static Application Start(Actor actor, string communityCode, ScaleVersion scale, int caseSequence, DateTimeOffset at)
    {
        if (DivisionCode.LevelOf(communityCode) != DivisionLevel.Community)
            throw DomainException.Invalid("community-code-invalid", $"“{communityCode}”不是社区（村）的 12 位区划代码");
        ApplicationStates.RequireRole(actor, ApplicationAction.Create);
        if (actor.DivisionCode != communityCode)
            throw DomainException.Forbidden("out-of-scope", "只能为本社区（村）发起申报");
        var app = new Application
        {
            Id = Guid.CreateVersion7(),
            CaseNumber = Applications.CaseNumber.Of(DivisionCode.DistrictOf(communityCode), at, caseSequence),
            CommunityCode = communityCode,
            StreetCode = DivisionCode.StreetOf(communityCode),
            DistrictCode = DivisionCode.DistrictOf(communityCode),
            ScaleVersionId = scale.Id,
            State = ApplicationState.Draft,
            OpenForCommunity = communityCode,
            CreatedAtUtc = at.UtcDateTime,
            UpdatedAtUtc = at.UtcDateTime,
        };
        app.Record(ApplicationAction.Create, null, ApplicationState.Draft, actor, at, null, null);
        return app;
    }

    /// <summary>Saves the self-assessment (自评); a draft may be incomplete, but every score given must be valid.</summary>
    public void SaveSelfAssessment(Actor actor, ScaleVersion scale, IReadOnlyDictionary<string, decimal> scores, string? note, DateTimeOffset at)
    {
        var cleaned = CheckSelfAssessment(actor, scale, scores, note);
        SelfScores = new Dictionary<string, decimal>(scores, StringComparer.Ordinal);
        SelfNote = cleaned;
        Touch(at);
    }

    private string? CheckSelfAssessment(Actor actor, ScaleVersion scale, IReadOnlyDictionary<string, decimal> scores, string? note)
    {
        RequireActor(actor, ApplicationAction.Submit); // the self-assessment is what the community submits
        RequireScale(scale);
        if (!ApplicationStates.IsEditableByCommunity(State))
            throw DomainException.Conflict("not-editable", $"申报当前状态为“{ApplicationStates.Name(State)}”，不能修改自评");
        scale.RequireValidScores(scores, complete: false);
        return TextLimits.SelfNote.Optional(note);
    }

    // Each step of the round below has a preview (issue 11): the same refusals as saving the given input and taking
    // the step, nothing changed, and what the step will do (RoundConsequences). `facts` are what the rules judge on
    // now but the scores (12345 complaints, vetoes, pass mark); the preview puts in the scores the step goes on with.

    /// <summary>What submitting this self-assessment (saved with it) would do, changing nothing.</summary>
    public RoundConsequences PreviewSubmit(Actor actor, ScaleVersion scale, IReadOnlyDictionary<string, decimal> scores, string? note, EvaluationInput facts)
    {
        CheckSelfAssessment(actor, scale, scores, note);
        RequireState(ApplicationAction.Submit);
        scale.RequireValidScores(scores, complete: true);
        return new(ApplicationAction.Submit, CommunityCode, Judge(facts, scores), null);
    }

    /// <summary>What the community's withdrawal would do, changing nothing: this application ends; a new one may be started.</summary>
    public RoundConsequences PreviewWithdraw(Actor actor, string? comment)
    {
        RequireStep(actor, ApplicationAction.Withdraw);
        TextLimits.Comment.Optional(comment);
        return new(ApplicationAction.Withdraw, CommunityCode, null, null) { AwaitingStreet = State == ApplicationState.Submitted };
    }

    /// <summary>What recommending would do, changing nothing: the district has it next, on the self-assessment's verdict.</summary>
    public RoundConsequences PreviewRecommend(Actor actor, string? comment, EvaluationInput facts)
    {
        RequireStep(actor, ApplicationAction.Recommend);
        TextLimits.Comment.Optional(comment);
        return new(ApplicationAction.Recommend, CommunityCode, Judge(facts, SelfScores), null);
    }

    /// <summary>What the street's return would do, changing nothing.</summary>
    public RoundConsequences PreviewReturnByStreet(Actor actor, string? reason)
    {
        RequireStep(actor, ApplicationAction.ReturnByStreet);
        return new(ApplicationAction.ReturnByStreet, CommunityCode, null, RequireReason(reason, "退回"));
    }

    /// <summary>
    /// What approving on these district scores (saved with it) would do, changing nothing: the scores must be complete,
    /// every indicator scored below the self-assessment must have its finding (评定意见), and the rules' verdict on them
    /// must be a pass. The verdict is the explanation the approval is then made on.
    /// </summary>
    public RoundConsequences PreviewApprove(Actor actor, ScaleVersion scale, IReadOnlyDictionary<string, decimal> scores, string? findings,
        IReadOnlyDictionary<string, string?>? indicatorFindings, string? comment, EvaluationInput facts)
    {
        var (_, byIndicator) = CheckEvaluation(actor, scale, scores, findings, indicatorFindings);
        RequireStep(actor, ApplicationAction.Approve);
        if (scale.CheckScores(scores, complete: true) is { Count: > 0 } errors)
            throw DomainException.Invalid("evaluation-incomplete", "区级评分尚未完成，不能评定通过：" + string.Join("；", errors.Values.SelectMany(e => e)), errors);
        TextLimits.Comment.Optional(comment);
        var verdict = Judge(facts, scores)!;
        if (!verdict.Passes)
            throw DomainException.Invalid("verdict-fails", "按规则评定未达标，不能通过：" + string.Join("；", verdict.Reasons()));
        FindingsByIndicator.RequireWhereLowered(SelfScores, scores, byIndicator);
        return new(ApplicationAction.Approve, CommunityCode, verdict, null);
    }

    /// <summary>
    /// What rejecting on these district scores (saved with it) would do, changing nothing: every indicator scored below
    /// the self-assessment must have its finding (评定意见) here too.
    /// </summary>
    public RoundConsequences PreviewReject(Actor actor, ScaleVersion scale, IReadOnlyDictionary<string, decimal> scores, string? findings,
        IReadOnlyDictionary<string, string?>? indicatorFindings, string? reason, EvaluationInput facts)
    {
        var (_, byIndicator) = CheckEvaluation(actor, scale, scores, findings, indicatorFindings);
        RequireStep(actor, ApplicationAction.Reject);
        FindingsByIndicator.RequireWhereLowered(SelfScores, scores, byIndicator);
        return new(ApplicationAction.Reject, CommunityCode, Judge(facts, scores), RequireReason(reason, "不通过"));
    }

    /// <summary>What the district's return would do, changing nothing.</summary>
    public RoundConsequences PreviewReturnByDistrict(Actor actor, string? reason)
    {
        RequireStep(actor, ApplicationAction.ReturnByDistrict);
        return new(ApplicationAction.ReturnByDistrict, CommunityCode, null, RequireReason(reason, "退回"));
    }

    /// <summary>What filing would do, changing nothing: it goes on the district's approval and its verdict.</summary>
    public RoundConsequences PreviewFile(Actor actor, string? comment)
    {
        RequireStep(actor, ApplicationAction.File);
        TextLimits.Comment.Optional(comment);
        var approval = _history.LastOrDefault(t => t.Action == ApplicationAction.Approve)?.Explanation;
        return new(ApplicationAction.File, CommunityCode, approval, null);
    }

    /// <summary>The rules' answer on complete scores, else null.</summary>
    private Explanation? Judge(EvaluationInput facts, IReadOnlyDictionary<string, decimal> scores) =>
        facts.Scale.CheckScores(scores, complete: true).Count == 0
            ? CertificationEngine.Evaluate(facts with { CommunityCode = CommunityCode, Scores = scores })
            : null;

    /// <summary>
    /// 以上次申报为起点: a fresh draft takes the self-assessment of the community's earlier application once that one is
    /// closed (not approved, withdrawn, stopped by a veto or revoked) — the scores of the indicators the draft's scale
    /// still has, where still valid, and the note. Nothing of the levels above is copied, nor any evidence: the community
    /// checks every score again before it submits.
    /// </summary>
    public void CopySelfAssessmentFrom(Actor actor, ScaleVersion scale, Application earlier, DateTimeOffset at)
    {
        if (earlier.CommunityCode != CommunityCode || earlier.Id == Id)
            throw DomainException.Forbidden("out-of-scope", "只能以本社区（村）以前的申报为起点");
        if (ApplicationStates.IsOpen(earlier.State))
            throw DomainException.Conflict("earlier-still-open", $"上次申报仍在办理中（{ApplicationStates.Name(earlier.State)}），请继续办理该申报");
        if (State != ApplicationState.Draft || SelfScores.Count > 0)
            throw DomainException.Conflict("not-a-fresh-draft", "只有尚未自评的新申报可以以上次申报为起点");
        var invalid = scale.CheckScores(earlier.SelfScores, complete: false); // unknown codes and scores out of range
        var kept = earlier.SelfScores.Where(s => !invalid.ContainsKey(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        SaveSelfAssessment(actor, scale, kept, earlier.SelfNote, at);
    }

    /// <summary>自愿申报: the self-assessment must be complete.</summary>
    public void Submit(Actor actor, ScaleVersion scale, DateTimeOffset at)
    {
        RequireActor(actor, ApplicationAction.Submit);
        RequireScale(scale);
        RequireState(ApplicationAction.Submit);
        scale.RequireValidScores(SelfScores, complete: true);
        SubmittedAtUtc = at.UtcDateTime;
        Move(ApplicationAction.Submit, ApplicationState.Submitted, actor, at, null, null);
    }

    /// <summary>The community withdraws before review.</summary>
    public void Withdraw(Actor actor, string? comment, DateTimeOffset at)
    {
        RequireStep(actor, ApplicationAction.Withdraw);
        Move(ApplicationAction.Withdraw, ApplicationState.Withdrawn, actor, at, TextLimits.Comment.Optional(comment), null);
    }

    /// <summary>择优推荐 by the street.</summary>
    public void Recommend(Actor actor, string? comment, DateTimeOffset at)
    {
        RequireStep(actor, ApplicationAction.Recommend);
        Move(ApplicationAction.Recommend, ApplicationState.Recommended, actor, at, TextLimits.Comment.Optional(comment), null);
    }

    /// <summary>The street sends it back to the community with comments.</summary>
    public void ReturnByStreet(Actor actor, string? reason, DateTimeOffset at)
    {
        RequireStep(actor, ApplicationAction.ReturnByStreet);
        Move(ApplicationAction.ReturnByStreet, ApplicationState.ReturnedByStreet, actor, at, RequireReason(reason, "退回"), null);
    }

    /// <summary>
    /// The district's own scores (复核评分), on-site findings and findings by indicator (评定意见); may be saved before the
    /// decision, and without the findings a decision needs (the decision asks for them).
    /// </summary>
    public void SaveEvaluation(Actor actor, ScaleVersion scale, IReadOnlyDictionary<string, decimal> scores, string? findings,
        IReadOnlyDictionary<string, string?>? indicatorFindings, DateTimeOffset at)
    {
        var (cleaned, byIndicator) = CheckEvaluation(actor, scale, scores, findings, indicatorFindings);
        DistrictScores = new Dictionary<string, decimal>(scores, StringComparer.Ordinal);
        DistrictFindings = cleaned;
        DistrictIndicatorFindings = byIndicator;
        Touch(at);
    }

    private (string? Findings, IReadOnlyDictionary<string, string> ByIndicator) CheckEvaluation(Actor actor, ScaleVersion scale,
        IReadOnlyDictionary<string, decimal> scores, string? findings, IReadOnlyDictionary<string, string?>? indicatorFindings)
    {
        RequireActor(actor, ApplicationAction.Approve); // the district's scores are what it decides on
        RequireScale(scale);
        if (State != ApplicationState.Recommended)
            throw DomainException.Conflict("illegal-transition", $"申报当前状态为“{ApplicationStates.Name(State)}”，不能评分");
        scale.RequireValidScores(scores, complete: false);
        var cleaned = TextLimits.Findings.Optional(findings);
        return (cleaned, FindingsByIndicator.Clean(scale, indicatorFindings));
    }

    /// <summary>
    /// 综合评定通过. The explanation must be the engine's answer on the district's own scores for this
    /// application, and it must pass: a district cannot approve what the engine fails.
    /// </summary>
    public void Approve(Actor actor, Explanation explanation, string? comment, DateTimeOffset at)
    {
        RequireStep(actor, ApplicationAction.Approve);
        if (explanation.CommunityCode != CommunityCode || explanation.ScaleVersionId != ScaleVersionId
            || !SameScores(explanation, DistrictScores))
            throw DomainException.Invalid("explanation-mismatch", "评定依据与本申报的区级评分不一致，请重新评分后再评定");
        if (!explanation.Passes)
            throw DomainException.Invalid("verdict-fails", "按规则评定未达标，不能通过：" + string.Join("；", explanation.Reasons()));
        FindingsByIndicator.RequireWhereLowered(SelfScores, DistrictScores, DistrictIndicatorFindings);
        Move(ApplicationAction.Approve, ApplicationState.Approved, actor, at, TextLimits.Comment.Optional(comment), explanation);
    }

    /// <summary>
    /// 评定不通过, with reasons; the explanation on record is kept with the decision when given. Every indicator the saved
    /// district scores put below the self-assessment must have its finding.
    /// </summary>
    public void Reject(Actor actor, string? reason, Explanation? explanation, DateTimeOffset at)
    {
        RequireStep(actor, ApplicationAction.Reject);
        FindingsByIndicator.RequireWhereLowered(SelfScores, DistrictScores, DistrictIndicatorFindings);
        Move(ApplicationAction.Reject, ApplicationState.Rejected, actor, at, RequireReason(reason, "不通过"), explanation);
    }

    /// <summary>The district returns it to the community for more (退回补充); it then goes through the street again.</summary>
    public void ReturnByDistrict(Actor actor, string? reason, DateTimeOffset at)
    {
        RequireStep(actor, ApplicationAction.ReturnByDistrict);
        Move(ApplicationAction.ReturnByDistrict, ApplicationState.ReturnedByDistrict, actor, at, RequireReason(reason, "退回"), null);
    }

    /// <summary>市级备案 of the district's approval.</summary>
    public void File(Actor actor, string? comment, DateTimeOffset at)
    {
        RequireStep(actor, ApplicationAction.File);
        Move(ApplicationAction.File, ApplicationState.Filed, actor, at, TextLimits.Comment.Optional(comment), null);
    }

    /// <summary>公布 in a numbered batch; called by <see cref="Publication.PublicationBatch.Publish"/>.</summary>
    internal void Publish(Actor actor, int batchNumber, DateTimeOffset at)
    {
        CheckPublishable(actor);
        BatchNumber = batchNumber;
        Move(ApplicationAction.Publish, ApplicationState.Published, actor, at, $"第 {batchNumber} 批", null);
    }

    /// <summary>Refuses, changing nothing, unless the actor may publish this application now.</summary>
    internal void CheckPublishable(Actor actor) => RequireStep(actor, ApplicationAction.Publish);

    /// <summary>A veto stops an open application at once (rule 3): it cannot go on to certification.</summary>
    internal void Suspend(Actor actor, Guid vetoId, string reason, DateTimeOffset at)
    {
        Permissions.Require(actor, Permission.SuspendApplication);
        RequireCovering(actor);
        if (!ApplicationStates.IsOpen(State))
            throw DomainException.Conflict("illegal-transition", $"申报当前状态为“{ApplicationStates.Name(State)}”，无需中止");
        SuspendedByVetoId = vetoId;
        Move(ApplicationAction.Suspend, ApplicationState.Suspended, actor, at, reason, null);
    }

    /// <summary>Back to where it stood before the suspension, once the veto was annulled and the decision reopened.</summary>
    internal void Resume(Actor actor, string comment, DateTimeOffset at)
    {
        Permissions.Require(actor, Permission.ResumeApplication);
        RequireCovering(actor);
        if (State != ApplicationState.Suspended)
            throw DomainException.Conflict("illegal-transition", $"申报当前状态为“{ApplicationStates.Name(State)}”，不能恢复办理");
        var before = _history.Where(t => t.Action == ApplicationAction.Suspend).MaxBy(t => t.Sequence)?.From
            ?? throw DomainException.Conflict("illegal-transition", "找不到中止前的状态");
        SuspendedByVetoId = null;
        Move(ApplicationAction.Resume, before, actor, at, comment, null);
    }

    /// <summary>
    /// An upheld appeal against the district's score (申诉复核成立): the rejected application goes back to the district's evaluation,
    /// where it is scored again through the round's own steps. Refused while the community has another open application.
    /// </summary>
    internal void ReopenOnAppeal(Actor actor, string comment, DateTimeOffset at)
    {
        CheckReopenOnAppeal(actor, anotherOpen: false);
        Move(ApplicationAction.ReopenOnAppeal, ApplicationState.Recommended, actor, at, comment, null);
    }

    /// <summary>Refuses, changing nothing, unless an upheld appeal may send this application back to evaluation now.</summary>
    internal void CheckReopenOnAppeal(Actor actor, bool anotherOpen)
    {
        Permissions.Require(actor, Permission.DecideAppeal);
        RequireCovering(actor);
        if (State != ApplicationState.Rejected)
            throw DomainException.Conflict("illegal-transition", $"申报当前状态为“{ApplicationStates.Name(State)}”，不能退回重新评定");
        if (anotherOpen)
            throw DomainException.Conflict("open-application-exists", "该社区（村）已有一份进行中的申报，不能再将原申报退回重新评定");
    }

    private void Move(ApplicationAction action, ApplicationState to, Actor actor, DateTimeOffset at, string? comment, Explanation? explanation)
    {
        var from = State;
        State = to;
        OpenForCommunity = ApplicationStates.IsOpen(to) ? CommunityCode : null;
        Touch(at);
        Record(action, from, to, actor, at, comment, explanation);
    }

    private void Record(ApplicationAction action, ApplicationState? from, ApplicationState to, Actor actor, DateTimeOffset at, string? comment, Explanation? explanation) =>
        _history.Add(new ApplicationTransition(Id, _history.Count + 1, action, from, to, actor, at.UtcDateTime, comment, explanation));

    private void Touch(DateTimeOffset at)
    {
        UpdatedAtUtc = at.UtcDateTime;
        Version++;
    }

    /// <summary>The one guard of a step: who may take it (<see cref="RequireActor"/>), then from which state.</summary>
    private void RequireStep(Actor actor, ApplicationAction action)
    {
        RequireActor(actor, action);
        RequireState(action);
    }

    /// <summary>
    /// The role the transition table names for the step; the community acts on its own application only, the
    /// others on applications in their subtree and with separation of duties.
    /// </summary>
    private void RequireActor(Actor actor, ApplicationAction action)
    {
        var role = ApplicationStates.RoleOf(action);
        if (role == ProgrammeRole.Community)
        {
            if (actor.Role != role)
                throw DomainException.Forbidden("wrong-role", "只有申报的社区（村）本身可以进行此操作");
            if (actor.DivisionCode != CommunityCode)
                throw DomainException.Forbidden("out-of-scope", "只能操作本社区（村）的申报");
            return;
        }
        ApplicationStates.RequireRole(actor, action);
        RequireCovering(actor);
        RequireIndependent(actor);
    }

    private void RequireState(ApplicationAction action)
    {
        if (!ApplicationStates.Allows(action, State))
            throw DomainException.Conflict("illegal-transition",
                $"申报当前状态为“{ApplicationStates.Name(State)}”，不能执行“{ApplicationStates.Name(action)}”");
    }

    private void RequireScale(ScaleVersion scale)
    {
        if (scale.Id != ScaleVersionId)
            throw DomainException.Invalid("scale-mismatch", $"本申报按量表“{ScaleVersionId}”评分，不能使用“{scale.Id}”");
    }

    private void RequireCovering(Actor actor)
    {
        if (!actor.Covers(CommunityCode))
            throw DomainException.Forbidden("out-of-scope", "该社区（村）不在您的管辖范围内");
    }

    /// <summary>
    /// 职责分离: one account plays one part in an application's round. An account that acted for the community
    /// may not recommend or decide on it (nobody decides on their own community); an account that recommended or
    /// returned it for the street may not evaluate, decide or file it. Accounts are compared by id, so a person
    /// moved to another post keeps their past steps. Veto suspensions are not a part of the round.
    /// </summary>
    private void RequireIndependent(Actor actor)
    {
        var earlier = _history.FirstOrDefault(t => t.ActorUserId == actor.UserId && t.ActorRole != actor.Role
            && t.Action is not (ApplicationAction.Suspend or ApplicationAction.Resume));
        if (earlier is null) return;
        throw earlier.ActorRole == ProgrammeRole.Community
            ? DomainException.Forbidden("separation-of-duties", "职责分离：您的账号曾代表该社区（村）办理本申报，不能推荐、评定或备案本社区（村）的申报")
            : DomainException.Forbidden("separation-of-duties",
                $"职责分离：您的账号已在本申报中办理“{ApplicationStates.Name(earlier.Action)}”，同一账号不能再对其评分、评定或备案");
    }

    private static string RequireReason(string? reason, string what)
    {
        var text = (TextLimits.Reason with { Label = $"{what}理由" }).Optional(reason);
        return text ?? throw DomainException.Invalid("reason-required", $"{what}必须填写理由",
            new Dictionary<string, string[]> { ["reason"] = [$"请填写{what}理由"] });
    }

    private static bool SameScores(Explanation e, IReadOnlyDictionary<string, decimal> scores) =>
        e.Indicators.Count == scores.Count && e.Indicators.All(i => scores.TryGetValue(i.Code, out var s) && s == i.Score);
}
