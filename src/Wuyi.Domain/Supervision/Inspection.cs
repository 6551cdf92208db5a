using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Supervision;

public enum InspectionState
{
    Planned = 1,    // 已计划
    InProgress = 2, // 填写中（草稿）
    Submitted = 3,  // 已提交，待处理
    Decided = 4,    // 已处理
}

/// <summary>What the findings led to.</summary>
public enum InspectionOutcome
{
    NoProblem = 1,        // 无问题
    Rectification = 2,    // 督促整改
    InspectionNotice = 3, // 市级检查通报（一票否决）
}

/// <summary>A checkpoint (卡口) as the inspector found it.</summary>
public sealed record CheckpointCheck(string Name, bool Staffed, bool DutyKept, string? Remark)
{
    public bool Failed => !Staffed || !DutyKept;
}

/// <summary>A point of the scale checked on the spot: met or not, with a note.</summary>
public sealed record IndicatorCheck(string Code, bool Met, string? Note);

/// <summary>What the inspector writes: when and where, the checkpoints, the points of the scale, a summary.</summary>
public sealed record InspectionReport(DateTimeOffset? InspectedAt, string? Place, decimal? Latitude, decimal? Longitude,
    IReadOnlyList<CheckpointCheck> Checkpoints, IReadOnlyList<IndicatorCheck> Indicators, string? Summary);

/// <summary>
/// A spot check (督导检查) of one community: planned by the district or the city from the risk-ranked list and assigned to
/// an inspector in scope, filled on the spot (saved as a draft, then submitted: a submitted inspection is never edited),
/// and decided: nothing, a rectification of the failed items, or — the city only — a municipal inspection notice
/// (市级检查通报), which is recorded as the one-vote veto with this inspection as its source (rule 3a).
/// </summary>
public sealed class Inspection
{
    private Inspection() { } // for EF

    public static readonly TextField PlaceField = new("place", "检查地点", 200);
    public static readonly TextField SummaryField = new("summary", "检查情况", 2000);
    public static readonly TextField CheckpointName = new("checkpoints", "卡口名称", 100);
    public static readonly TextField RemarkField = new("checkpoints", "卡口情况说明", 500);
    public static readonly TextField NoteField = new("indicators", "指标检查说明", 500);
    public static readonly TextField CommentField = new("comment", "处理意见", 2000);
    public static readonly TextField ReferenceField = new("documentReference", "通报文号", 500);
    public const int MaxCheckpoints = 20;
    public const int MaxRiskReasons = 1000;

    public Guid Id { get; private set; }
    public string CommunityCode { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public InspectionState State { get; private set; }
    public DateOnly PlannedOn { get; private set; }
    public DateTime PlannedAtUtc { get; private set; }
    public string PlannedByUserId { get; private set; } = "";
    public string PlannedByName { get; private set; } = "";
    public string InspectorUserId { get; private set; } = "";
    public string InspectorName { get; private set; } = "";

    /// <summary>The risk model, score and reasons the community had when it was planned (the list moves on; this stays).</summary>
    public string RiskModelId { get; private set; } = "";
    public decimal RiskScore { get; private set; }
    public string RiskReasons { get; private set; } = "";

    /// <summary>The scale version whose indicators the inspection checks (the one in force when planned).</summary>
    public string ScaleVersionId { get; private set; } = "";

    public DateTime? InspectedAtUtc { get; private set; }
    public string? Place { get; private set; }
    public decimal? Latitude { get; private set; }
    public decimal? Longitude { get; private set; }
    public IReadOnlyList<CheckpointCheck> Checkpoints { get; private set; } = [];
    public IReadOnlyList<IndicatorCheck> Indicators { get; private set; } = [];
    public string? Summary { get; private set; }
    public DateTime? SubmittedAtUtc { get; private set; }

    public InspectionOutcome? Outcome { get; private set; }
    public DateTime? DecidedAtUtc { get; private set; }
    public string? DecidedByUserId { get; private set; }
    public string? DecidedByName { get; private set; }
    public string? DecisionComment { get; private set; }
    public Guid? RectificationTaskId { get; private set; }
    public Guid? VetoId { get; private set; }

    /// <summary>Bumped by every change (concurrency token).</summary>
    public int Version { get; private set; }

    public bool IsEditable => State is InspectionState.Planned or InspectionState.InProgress;

    /// <summary>What failed, as matters to rectify: each checkpoint unstaffed or without 24-hour duty, each point of the scale not met.</summary>
    public IReadOnlyList<string> FailedItems(ScaleVersion? scale = null)
    {
        var items = new List<string>();
        foreach (var c in Checkpoints.Where(c => c.Failed))
        {
            var what = (c.Staffed, c.DutyKept) switch
            {
                (false, false) => "无人值守，未落实24小时值守",
                (false, true) => "检查时无人值守",
                _ => "未落实24小时值守",
            };
            items.Add($"卡口“{c.Name}”{what}" + (c.Remark is null ? "" : $"：{c.Remark}"));
        }
        foreach (var i in Indicators.Where(i => !i.Met))
        {
            var name = scale?.Find(i.Code)?.Name;
            items.Add($"{i.Code}{(name is null ? "" : " " + name)}未达到标准" + (i.Note is null ? "" : $"：{i.Note}"));
        }
        return items;
    }

    /// <summary>
    /// The district or the city plans a spot check of a community in its subtree and assigns it to an inspector: an official
    /// account that may inspect and whose own subtree covers the community. Not planned for a day already past.
    /// </summary>
    public static Inspection Plan(Actor actor, string communityCode, Actor inspector, DateOnly plannedOn, decimal riskScore, string riskReasons,
        string riskModelId, string scaleVersionId, DateTimeOffset at)
    {
        if (DivisionCode.LevelOf(communityCode) != DivisionLevel.Community)
            throw DomainException.Invalid("community-code-invalid", $"“{communityCode}”不是社区（村）的 12 位区划代码");
        Guard.Permitted(actor, Permission.PlanInspection, communityCode);
        if (!inspector.Role.Allows(Permission.ConductInspection) || !inspector.Covers(communityCode))
            throw DomainException.Invalid("inspector-invalid", $"“{inspector.Name}”不能检查该社区（村）：检查人员须为管辖该社区（村）的区、市社区防控组账号",
                new Dictionary<string, string[]> { ["inspector"] = ["请选择管辖该社区（村）的区、市社区防控组账号"] });
        ProgrammeClock.InRange(plannedOn, "plannedOn");
        if (plannedOn < ProgrammeClock.DateOf(at))
            throw DomainException.Invalid("planned-in-past", "计划检查日期不能早于今天",
                new Dictionary<string, string[]> { ["plannedOn"] = ["计划检查日期不能早于今天"] });
        return new Inspection
        {
            Id = Guid.CreateVersion7(at),
            CommunityCode = communityCode,
            DistrictCode = DivisionCode.DistrictOf(communityCode),
            State = InspectionState.Planned,
            PlannedOn = plannedOn,
            PlannedAtUtc = at.UtcDateTime,
            PlannedByUserId = actor.UserId,
            PlannedByName = actor.Name,
            InspectorUserId = inspector.UserId,
            InspectorName = inspector.Name,
            RiskModelId = riskModelId,
            RiskScore = riskScore,
            RiskReasons = riskReasons.Length > MaxRiskReasons ? riskReasons[..(MaxRiskReasons - 1)] + "…" : riskReasons,
            ScaleVersionId = scaleVersionId,
            Version = 1,
        };
    }

    /// <summary>The assigned inspector saves what was found so far (草稿); refused once submitted.</summary>
    public void SaveDraft(Actor actor, InspectionReport report, ScaleVersion scale, DateTimeOffset at)
    {
        RequireInspector(actor);
        var clean = Clean(report, scale, at);
        Apply(clean);
        State = InspectionState.InProgress;
        Touch();
    }

    /// <summary>
    /// The assigned inspector submits: the time and place, and at least one checkpoint or one point of the scale. After
    /// this the inspection is the record it decides on and is never edited.
    /// </summary>
    public void Submit(Actor actor, InspectionReport report, ScaleVersion scale, DateTimeOffset at)
    {
        RequireInspector(actor);
        var clean = Clean(report, scale, at);
        var errors = new Dictionary<string, string[]>();
        if (clean.InspectedAt is null) errors["inspectedAt"] = ["请填写检查时间"];
        if (clean.Place is null) errors["place"] = ["请填写检查地点"];
        if (clean.Checkpoints.Count == 0 && clean.Indicators.Count == 0) errors["checkpoints"] = ["请至少填写一个检查的卡口或一项检查的指标"];
        if (errors.Count > 0)
            throw DomainException.Invalid("inspection-incomplete", "检查记录不完整：" + string.Join("；", errors.Values.SelectMany(e => e)), errors);
        Apply(clean);
        State = InspectionState.Submitted;
        SubmittedAtUtc = at.UtcDateTime;
        Touch();
    }

    private void RequireInspector(Actor actor)
    {
        Guard.Permitted(actor, Permission.ConductInspection, CommunityCode);
        if (actor.UserId != InspectorUserId)
            throw DomainException.Forbidden("not-the-inspector", $"该检查已指派给{InspectorName}，只有被指派的检查人员可以填写");
        if (!IsEditable)
            throw DomainException.Conflict("inspection-submitted", "检查记录已提交，不能再修改");
    }

    private static InspectionReport Clean(InspectionReport report, ScaleVersion scale, DateTimeOffset at)
    {
        if (report.InspectedAt is { } when && when > at)
            throw DomainException.Invalid("inspected-in-future", "检查时间不能晚于现在",
                new Dictionary<string, string[]> { ["inspectedAt"] = ["检查时间不能晚于现在"] });
        if (report.InspectedAt is { } t) ProgrammeClock.InRange(ProgrammeClock.DateOf(t), "inspectedAt");
        if (report.Latitude is < -90 or > 90 || report.Longitude is < -180 or > 180 || (report.Latitude is null) != (report.Longitude is null))
            throw DomainException.Invalid("coordinates-invalid", "坐标无效", new Dictionary<string, string[]> { ["place"] = ["坐标无效"] });
        if (report.Checkpoints.Count > MaxCheckpoints)
            throw DomainException.Invalid("too-many-checkpoints", $"一次检查最多记录 {MaxCheckpoints} 个卡口",
                new Dictionary<string, string[]> { ["checkpoints"] = [$"一次检查最多记录 {MaxCheckpoints} 个卡口"] });
        var checkpoints = report.Checkpoints
            .Select(c => new CheckpointCheck(CheckpointName.Required(c.Name, "请填写卡口名称"), c.Staffed, c.DutyKept, RemarkField.Optional(c.Remark)))
            .ToList();
        var indicators = new List<IndicatorCheck>();
        foreach (var i in report.Indicators)
        {
            if (scale.Find(i.Code ?? "") is null)
                throw DomainException.Invalid("indicator-unknown", $"量表“{scale.Name}”中没有指标 {i.Code}",
                    new Dictionary<string, string[]> { ["indicators"] = [$"量表中没有指标 {i.Code}"] });
            if (indicators.Any(x => x.Code == i.Code))
                throw DomainException.Invalid("indicator-twice", $"指标 {i.Code} 填写了两次",
                    new Dictionary<string, string[]> { ["indicators"] = [$"指标 {i.Code} 填写了两次"] });
            indicators.Add(new IndicatorCheck(i.Code!, i.Met, NoteField.Optional(i.Note)));
        }
        var ordered = indicators.OrderBy(i => scale.Indicators.ToList().FindIndex(x => x.Code == i.Code)).ToList();
        return new InspectionReport(report.InspectedAt, PlaceField.Optional(report.Place), report.Latitude, report.Longitude, checkpoints, ordered,
            SummaryField.Optional(report.Summary));
    }

    private void Apply(InspectionReport r)
    {
        InspectedAtUtc = r.InspectedAt?.UtcDateTime;
        Place = r.Place;
        Latitude = r.Latitude;
        Longitude = r.Longitude;
        Checkpoints = r.Checkpoints;
        Indicators = r.Indicators;
        Summary = r.Summary;
    }

    /// <summary>
    /// Refuses, changing nothing, unless the actor may take this decision on this inspection now; returns the cleaned comment.
    /// Nothing (无问题) takes an inspection; a rectification needs failed items; a municipal inspection notice
    /// (市级检查通报) is the city's alone and names a checkpoint that failed (rule 3a).
    /// </summary>
    public string? CheckDecide(Actor actor, InspectionOutcome outcome, string? comment)
    {
        Guard.Permitted(actor, Permission.DecideInspection, CommunityCode);
        if (!Enum.IsDefined(outcome))
            throw DomainException.Invalid("outcome-invalid", "请选择处理结果", new Dictionary<string, string[]> { ["outcome"] = ["请选择处理结果"] });
        if (outcome == InspectionOutcome.InspectionNotice) Permissions.Require(actor, Permission.IssueInspectionNotice);
        if (State != InspectionState.Submitted)
            throw DomainException.Conflict("illegal-transition", State == InspectionState.Decided ? "该检查已作出处理决定" : "检查记录提交后才能作出处理决定");
        if (outcome == InspectionOutcome.Rectification && FailedItems().Count == 0)
            throw DomainException.Invalid("nothing-failed", "检查未发现问题，无需整改", new Dictionary<string, string[]> { ["outcome"] = ["检查未发现问题，无需整改"] });
        if (outcome == InspectionOutcome.InspectionNotice && !Checkpoints.Any(c => c.Failed))
            throw DomainException.Invalid("no-failed-checkpoint", "市级检查通报须针对检查发现问题的卡口（无人值守或未落实24小时值守）",
                new Dictionary<string, string[]> { ["outcome"] = ["检查未发现卡口问题，不能据此发出市级检查通报"] });
        var text = CommentField.Optional(comment);
        if (outcome != InspectionOutcome.NoProblem && text is null)
            throw DomainException.Invalid("reason-required", "请填写处理意见", new Dictionary<string, string[]> { ["comment"] = ["请填写处理意见"] });
        return text;
    }

    /// <summary>
    /// Closes the inspection with its outcome (and the task or the veto it led to), and says so on the community's story (internal:
    /// an inspection is the officials' record), so an inspection that found nothing is on it too.
    /// </summary>
    public ProgrammeEvent Decide(Actor actor, InspectionOutcome outcome, string? comment, DateTimeOffset at, Guid? taskId = null, Guid? vetoId = null)
    {
        var text = CheckDecide(actor, outcome, comment);
        Outcome = outcome;
        DecisionComment = text;
        DecidedAtUtc = at.UtcDateTime;
        DecidedByUserId = actor.UserId;
        DecidedByName = actor.Name;
        RectificationTaskId = taskId;
        VetoId = vetoId;
        State = InspectionState.Decided;
        Touch();
        var inspected = FormalDate.OfUtc(InspectedAtUtc ?? SubmittedAtUtc ?? at.UtcDateTime);
        return ProgrammeEvent.Of(ProgrammeEventKind.InspectionDecided, CommunityCode, actor, at,
            $"督导检查（{inspected}，检查人员：{InspectorName}）：{Name(outcome)}" + (text is null ? "" : $"。处理意见：{text}"), Id);
    }

    /// <summary>The veto the notice records: an inspection notice naming the failed checkpoints, on the day of the inspection, with this inspection as its source.</summary>
    public VetoReport NoticeReport(string? documentReference, DateOnly? rectificationDeadline, ScaleVersion? scale = null) =>
        new(CommunityCode, Rules.VetoKind.InspectionNotice,
            InspectedAtUtc is { } t ? ProgrammeClock.FromUtc(t) : ProgrammeClock.FromUtc(SubmittedAtUtc ?? PlannedAtUtc),
            "市社区防控组督导检查", string.Join("；", FailedItems(scale)), ReferenceField.Optional(documentReference), false, rectificationDeadline, Id);

    private void Touch() => Version++;

    public static string Name(InspectionState s) => s switch
    {
        InspectionState.Planned => "已计划",
        InspectionState.InProgress => "填写中",
        InspectionState.Submitted => "待处理",
        InspectionState.Decided => "已处理",
        _ => s.ToString(),
    };

    public static string Name(InspectionOutcome o) => o switch
    {
        InspectionOutcome.NoProblem => "无问题",
        InspectionOutcome.Rectification => "督促整改",
        InspectionOutcome.InspectionNotice => "市级检查通报（一票否决）",
        _ => o.ToString(),
    };
}

/// <summary>What deciding an inspection will do (nothing, or a rectification of its failed items), from <see cref="InspectionRules.Preview"/>.</summary>
public sealed record InspectionDecision(string CommunityCode, InspectionOutcome Outcome, int FailedItems, DateOnly? RectificationDeadline, bool JoinsOpenTask)
    : IConsequences
{
    public StepConsequences Describe(string community)
    {
        if (Outcome == InspectionOutcome.NoProblem)
            return new($"将结束对 {community} 的本次检查，处理结果为“无问题”，不作其他变更", $"已处理：{community} 本次检查无问题");
        var deadline = Said.Date(RectificationDeadline!.Value);
        var task = JoinsOpenTask ? $"列入其进行中的整改任务，期限 {deadline}" : $"下达整改任务，期限 {deadline}";
        return new($"将就本次检查发现的 {FailedItems} 项问题督促 {community} 整改：{task}（认定不受影响）；发出整改通知书",
            $"已督促整改：{community} 的 {FailedItems} 项问题已{(JoinsOpenTask ? "列入进行中的整改任务" : "下达整改任务")}，期限 {deadline}；已发出整改通知书");
    }
}

/// <summary>What issuing a municipal inspection notice (市级检查通报) will do and did: the veto's consequences (rule 14), said as the notice.</summary>
public static class InspectionNoticeSaid
{
    public static StepConsequences Of(StepConsequences veto) =>
        new("将发出市级检查通报，记为一票否决：" + veto.Before, "已发出市级检查通报，" + veto.After);
}

/// <summary>The outcomes of an inspection that do not go through a veto: nothing, or a rectification of its failed items.</summary>
public static class InspectionRules
{
    /// <summary>What deciding would do, changing nothing: the same refusals as <see cref="Decide"/>.</summary>
    public static InspectionDecision Preview(Actor actor, Inspection inspection, InspectionOutcome outcome, string? comment, RectificationTask? openTask,
        DateOnly? deadline, DateTimeOffset at)
    {
        if (outcome == InspectionOutcome.InspectionNotice) throw new ArgumentException("a notice goes through DynamicRules.RecordVeto", nameof(outcome));
        inspection.CheckDecide(actor, outcome, comment);
        if (openTask is not null && openTask.CommunityCode != inspection.CommunityCode) throw new ArgumentException("another community's task");
        if (outcome == InspectionOutcome.NoProblem) return new InspectionDecision(inspection.CommunityCode, outcome, 0, null, false);
        if (deadline is { } given)
        {
            ProgrammeClock.InRange(given, "deadline");
            if (given < ProgrammeClock.DateOf(at))
                throw DomainException.Invalid("deadline-past", "整改期限不能早于今天", new Dictionary<string, string[]> { ["deadline"] = ["整改期限不能早于今天"] });
        }
        var until = openTask is not null
            ? deadline is { } later && later > openTask.Deadline ? later : openTask.Deadline
            : deadline ?? ProgrammeClock.DateOf(at).AddDays(DynamicRules.DefaultRectificationDays);
        return new InspectionDecision(inspection.CommunityCode, outcome, inspection.FailedItems().Count, until, openTask is not null);
    }

    /// <summary>
    /// Decides an inspection: nothing, or its failed items ordered rectified (督促整改) — a new task or added to the open one,
    /// with a 整改通知书 — while the title stands (only a veto revokes, rule 14).
    /// </summary>
    public static DynamicOutcome Decide(Actor actor, Inspection inspection, InspectionOutcome outcome, string? comment, RectificationTask? openTask,
        DateOnly? deadline, ScaleVersion scale, DateTimeOffset at)
    {
        var will = Preview(actor, inspection, outcome, comment, openTask, deadline, at);
        if (outcome == InspectionOutcome.NoProblem)
        {
            return new DynamicOutcome([inspection.Decide(actor, outcome, comment, at)], Consequences: will);
        }
        var matters = inspection.FailedItems(scale);
        var cause = $"督导检查（{FormalDate.OfUtc(inspection.InspectedAtUtc ?? at.UtcDateTime)}）发现问题：{string.Join("；", matters)}";
        var events = new List<ProgrammeEvent>();
        RectificationTask task;
        RectificationTask? opened = null;
        string? earlier = null;
        if (openTask is not null)
        {
            earlier = openTask.Reason;
            events.Add(openTask.AddCause(actor, cause, deadline, byVeto: false, at));
            task = openTask;
        }
        else
        {
            (task, var e) = RectificationTask.Open(actor, inspection.CommunityCode, cause, will.RectificationDeadline!.Value, byVeto: false, at);
            events.Add(e);
            opened = task;
        }
        events.Add(inspection.Decide(actor, outcome, comment, at, taskId: task.Id));
        return new DynamicOutcome(events, NewTask: opened, Consequences: will,
            Notices: [new RectificationDraft(inspection.CommunityCode, task.Id, matters, task.Deadline, earlier)]);
    }
}
