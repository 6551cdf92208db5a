using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>
/// One community's dynamic-management story, kept the way the web app keeps it: the caller loads the standing
/// title, the open application, the open task and the vetoes, asks <see cref="DynamicRules"/>, and adds
/// what the outcome says. Its clock starts at <see cref="Times.AsOf"/> and moves an hour per step.
/// Each test builds its own scene: nothing is shared.
/// </summary>
public sealed class Scene
{
    private Scene(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; private set; }

    public DateTimeOffset Tick() => Now = Now.AddHours(1);

    /// <summary>The time the next step will be taken at: a preview asks about that moment.</summary>
    public DateTimeOffset Next => Now.AddHours(1);

    public string Code { get; private init; } = Codes.Community;

    /// <summary>The community's title, once granted (still here after a revocation).</summary>
    public Certification? Title { get; private set; }

    /// <summary>The community's application, if it has one (still here after a suspension).</summary>
    public Application? Application { get; private set; }

    public List<Veto> Vetoes { get; } = [];
    public List<RectificationTask> Tasks { get; } = [];
    public List<ReEvaluation> ReEvaluations { get; } = [];
    public List<ProgrammeEvent> Events { get; } = [];

    public RectificationTask? OpenTask => Tasks.SingleOrDefault(t => t.IsOpen);
    public RectificationTask Task => Tasks.Single();
    public Veto Veto => Vetoes.Single();
    public ReEvaluation ReEvaluation => ReEvaluations.Single();
    public IReadOnlyList<Veto> LiveVetoes => Vetoes.Where(v => v.IsLive).ToList();

    /// <summary>A community with no title, no application and nothing on record.</summary>
    public static Scene Nothing() => new(Times.AsOf);

    /// <summary>A community certified in batch 1 on 2022-06-15 (its round runs that day).</summary>
    public static Scene Certified()
    {
        var round = Round.InState(ApplicationState.Filed);
        var (_, certifications) = PublicationBatch.Publish(1, null, [round.Application], Actors.City(), round.Tick(), new CertificateNumbering());
        return new Scene(Times.AsOf) { Title = certifications.Single(), Application = round.Application };
    }

    /// <summary>A community whose application stands in <paramref name="state"/>.</summary>
    public static Scene Applying(ApplicationState state) =>
        new(Times.AsOf) { Application = Round.InState(state).Application };

    /// <summary>An inspection notice that happened a day before <see cref="Times.AsOf"/>, unless told otherwise.</summary>
    public static VetoReport Report(
        VetoKind kind = VetoKind.InspectionNotice,
        DateTimeOffset? occurred = null,
        string? source = "市卫健委检查通报",
        string? description = "卡口夜间无人值守，未查验健康码",
        string? documentReference = "京卫通〔2022〕12号",
        bool managementLapse = false,
        DateOnly? deadline = null,
        string community = Codes.Community) =>
        new(community, kind, occurred ?? Times.AsOf.AddDays(-1), source, description, documentReference, managementLapse, deadline);

    /// <summary>Records a veto as <paramref name="actor"/> (the district by default) and keeps what it produced.</summary>
    public DynamicOutcome RecordVeto(VetoReport? report = null, Actor? actor = null)
    {
        var outcome = DynamicRules.RecordVeto(actor ?? Actors.District(), report ?? Report(), StandingTitle, OpenApplication, OpenTask, Tick());
        Keep(outcome);
        return outcome;
    }

    /// <summary>What recording a veto would do at the next step's time; changes nothing.</summary>
    public VetoConsequences PreviewVeto(VetoReport? report = null, Actor? actor = null) =>
        DynamicRules.PreviewVeto(actor ?? Actors.District(), report ?? Report(), StandingTitle, OpenApplication, OpenTask, Next);

    /// <summary>The city annuls <paramref name="veto"/>, given what it caused, as the web app loads it.</summary>
    public DynamicOutcome Annul(Veto? veto = null, string? reason = "系录入错误，该通报所指为相邻社区卡口", Actor? actor = null)
    {
        var (v, revoked, suspended, task, openDecision) = CausedBy(veto ?? Veto);
        var outcome = DynamicRules.AnnulVeto(actor ?? Actors.City(), v, reason, revoked, suspended, task, Tick(), openDecision);
        Keep(outcome);
        return outcome;
    }

    /// <summary>What annulling <paramref name="veto"/> would do; changes nothing.</summary>
    public AnnulmentConsequences PreviewAnnulment(Veto? veto = null, string? reason = "系录入错误，该通报所指为相邻社区卡口", Actor? actor = null)
    {
        var (v, revoked, suspended, task, openDecision) = CausedBy(veto ?? Veto);
        return DynamicRules.PreviewAnnulment(actor ?? Actors.City(), v, reason, revoked, suspended, task, openDecision);
    }

    private (Veto, Certification?, Application?, RectificationTask?, ReEvaluation?) CausedBy(Veto veto)
    {
        var revoked = Title is { IsActive: false } t && t.RevokedByVetoId == veto.Id ? t : null;
        var suspended = Application is { State: ApplicationState.Suspended } a && a.SuspendedByVetoId == veto.Id ? a : null;
        var others = Vetoes.Any(v => v.IsLive && v.Id != veto.Id);
        var openDecision = ReEvaluations.FirstOrDefault(r => r.OpenKey == ReEvaluation.KeyFor(veto.CommunityCode, ReEvaluationCause.VetoAnnulled));
        return (veto, revoked, suspended, others ? null : OpenTask, openDecision);
    }

    public ProgrammeEvent ReportFixed(string? report = "已安排 24 小时轮班值守，补齐查验设备", string? evidence = null, Actor? actor = null)
    {
        var e = Task.ReportFixed(actor ?? Actors.Community(Code), report, evidence, Tick());
        Events.Add(e);
        return e;
    }

    public DynamicOutcome Accept(string? comment = "现场复核整改到位", Actor? actor = null)
    {
        var outcome = DynamicRules.AcceptRectification(actor ?? Actors.District(), Task, comment, LiveVetoes, Tick());
        Keep(outcome);
        return outcome;
    }

    /// <summary>What accepting the task would do at the next step's time; changes nothing.</summary>
    public RectificationAcceptance PreviewAcceptance(string? comment = "现场复核整改到位", Actor? actor = null) =>
        DynamicRules.PreviewAcceptance(actor ?? Actors.District(), Task, comment, LiveVetoes, Next);

    public ProgrammeEvent SendBack(string? reason = "夜间值守排班仍不完整", DateOnly? deadline = null, Actor? actor = null)
    {
        var e = Task.SendBack(actor ?? Actors.District(), reason, deadline, Tick());
        Events.Add(e);
        return e;
    }

    /// <summary>A re-evaluation opened by the city for a cause other than an annulled veto, about the standing title.</summary>
    public ReEvaluation OpenReEvaluation(ReEvaluationCause cause, Explanation? explanation = null)
    {
        var (item, opened) = ReEvaluation.Open(Actors.City(), cause, Code, "按现行规则复核未达标", explanation, Title?.Id, null, null, Tick());
        ReEvaluations.Add(item);
        Events.Add(opened);
        return item;
    }

    /// <summary>A decision on <paramref name="item"/> with what the web app would load for it.</summary>
    public DynamicOutcome Decide(ReEvaluationDecision decision, string? comment = "经核实，同意", ReEvaluation? item = null, Actor? actor = null,
        DateOnly? deadline = null)
    {
        item ??= ReEvaluation;
        var (certification, suspended) = LoadedFor(item);
        var outcome = DynamicRules.Decide(actor ?? Actors.District(), item, decision, comment, certification, suspended, OpenTask,
            LiveVetoes, deadline, Tick());
        Keep(outcome);
        return outcome;
    }

    /// <summary>What a decision on <paramref name="item"/> would do at the next step's time; changes nothing.</summary>
    public ReEvaluationConsequences PreviewDecision(ReEvaluationDecision decision, string? comment = "经核实，同意", ReEvaluation? item = null,
        Actor? actor = null, DateOnly? deadline = null)
    {
        item ??= ReEvaluation;
        var (certification, suspended) = LoadedFor(item);
        return DynamicRules.PreviewDecision(actor ?? Actors.District(), item, decision, comment, certification, suspended, OpenTask, LiveVetoes, deadline, Next);
    }

    private (Certification?, Application?) LoadedFor(ReEvaluation item) =>
        (item.CertificationId is { } id ? (Title?.Id == id ? Title : null) : StandingTitle,
         item.ApplicationId is { } aid && Application?.Id == aid ? Application : null);

    /// <summary>Whether the community may start a new application now.</summary>
    public void RequireMayApply() => DynamicRules.RequireMayApply(Code, LiveVetoes, OpenTask);

    private Certification? StandingTitle => Title is { IsActive: true } ? Title : null;

    private Application? OpenApplication => Application is { OpenForCommunity: not null } ? Application : null;

    private void Keep(DynamicOutcome outcome)
    {
        if (outcome.Veto is { } v) Vetoes.Add(v);
        if (outcome.NewTask is { } t) Tasks.Add(t);
        if (outcome.NewReEvaluation is { } r) ReEvaluations.Add(r);
        Events.AddRange(outcome.Events);
    }
}
