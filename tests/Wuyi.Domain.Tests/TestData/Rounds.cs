using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests;

/// <summary>Every step an application can be asked to take.</summary>
public enum Step
{
    SaveSelfAssessment,
    Submit,
    Withdraw,
    Recommend,
    ReturnByStreet,
    SaveEvaluation,
    Approve,
    Reject,
    ReturnByDistrict,
    File,
    Publish,
}

/// <summary>
/// One application of <see cref="Codes.Community"/> under the Beijing scale, with its own clock that moves
/// an hour per step. Each test builds its own round: nothing is shared.
/// </summary>
public sealed class Round
{
    private DateTimeOffset _now = Times.Beijing(2022, 6, 15, 9);

    private Round()
    {
        Scale = Scales.Beijing();
        Application = Application.Start(Actors.Community(), Codes.Community, Scale, 1, _now);
    }

    public ScaleVersion Scale { get; }
    public Application Application { get; }

    /// <summary>The time the next step will be stamped with.</summary>
    public DateTimeOffset Now => _now;

    public DateTimeOffset Tick() => _now = _now.AddHours(1);

    /// <summary>A fresh draft with nothing saved.</summary>
    public static Round Started() => new();

    /// <summary>
    /// A fresh application brought to <paramref name="state"/> by legal steps. The self-assessment is complete
    /// and perfect from the draft on; from Recommended on the district has saved perfect scores of its own.
    /// </summary>
    public static Round InState(ApplicationState state)
    {
        var round = new Round();
        round.Do(Step.SaveSelfAssessment);
        switch (state)
        {
            case ApplicationState.Draft:
                break;
            case ApplicationState.Withdrawn:
                round.Do(Step.Withdraw);
                break;
            case ApplicationState.Submitted:
                round.Do(Step.Submit);
                break;
            case ApplicationState.ReturnedByStreet:
                round.Do(Step.Submit).Do(Step.ReturnByStreet);
                break;
            case ApplicationState.Recommended:
                round.Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation);
                break;
            case ApplicationState.ReturnedByDistrict:
                round.Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation).Do(Step.ReturnByDistrict);
                break;
            case ApplicationState.Rejected:
                round.Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation).Do(Step.Reject);
                break;
            case ApplicationState.Approved:
                round.Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation).Do(Step.Approve);
                break;
            case ApplicationState.Filed:
                round.Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation).Do(Step.Approve).Do(Step.File);
                break;
            case ApplicationState.Published:
                round.Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation).Do(Step.Approve).Do(Step.File).Do(Step.Publish);
                break;
            case ApplicationState.Suspended:
                round.Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation).SuspendByVeto();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }
        round.Application.State.ShouldBe(state);
        return round;
    }

    /// <summary>A district records an inspection notice against the community: the open application is suspended (一票否决).</summary>
    public Round SuspendByVeto()
    {
        var at = Tick();
        var report = new VetoReport(Application.CommunityCode, VetoKind.InspectionNotice, at.AddHours(-2), "市卫健委检查通报",
            "卡口无人值守", null, false, null);
        DynamicRules.RecordVeto(Actors.District(), report, null, Application, null, at);
        return this;
    }

    /// <summary>The role that may take <paramref name="step"/>.</summary>
    public static ProgrammeRole RoleFor(Step step) => step switch
    {
        Step.SaveSelfAssessment or Step.Submit or Step.Withdraw => ProgrammeRole.Community,
        Step.Recommend or Step.ReturnByStreet => ProgrammeRole.Street,
        Step.SaveEvaluation or Step.Approve or Step.Reject or Step.ReturnByDistrict => ProgrammeRole.District,
        Step.File or Step.Publish => ProgrammeRole.City,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>
    /// Takes <paramref name="step"/> as <paramref name="actor"/> (by default the right role covering the
    /// community) with a valid comment or reason, and a passing explanation for an approval.
    /// </summary>
    public Round Do(Step step, Actor? actor = null)
    {
        actor ??= Actors.Covering(RoleFor(step));
        var app = Application;
        var at = Tick();
        switch (step)
        {
            case Step.SaveSelfAssessment: app.SaveSelfAssessment(actor, Scale, Scores.Perfect(Scale), "自评完成", at); break;
            case Step.Submit: app.Submit(actor, Scale, at); break;
            case Step.Withdraw: app.Withdraw(actor, "暂不申报", at); break;
            case Step.Recommend: app.Recommend(actor, "同意推荐", at); break;
            case Step.ReturnByStreet: app.ReturnByStreet(actor, "请补充卡口排班表", at); break;
            case Step.SaveEvaluation: app.SaveEvaluation(actor, Scale, Scores.Perfect(Scale), "现场复核情况良好", null, at); break;
            case Step.Approve: app.Approve(actor, ExplanationOnDistrictScores(), "评定通过", at); break;
            case Step.Reject: app.Reject(actor, "卡口值守不到位", null, at); break;
            case Step.ReturnByDistrict: app.ReturnByDistrict(actor, "请补充消毒记录", at); break;
            case Step.File: app.File(actor, "同意备案", at); break;
            case Step.Publish: PublicationBatch.Publish(1, null, [app], actor, at, new CertificateNumbering()); break;
            default: throw new ArgumentOutOfRangeException(nameof(step));
        }
        return this;
    }

    /// <summary>The engine's answer on the district's saved scores (perfect ones when none are saved yet).</summary>
    public Explanation ExplanationOnDistrictScores() =>
        Evaluate(Application.DistrictScores.Count == Scale.Indicators.Count ? Application.DistrictScores : Scores.Perfect(Scale));

    public Explanation Evaluate(IReadOnlyDictionary<string, decimal> scores, params VetoEvent[] vetoes) =>
        (Evaluations.Perfect(Scale, Application.CommunityCode) with { Scores = scores, Vetoes = vetoes, AsOf = Now }).Evaluate();

    /// <summary>Everything a refused step must leave as it was.</summary>
    public Snapshot Snap() => new(Application.State, Application.Version, Application.History.Count,
        Application.OpenForCommunity, Application.UpdatedAtUtc, Application.SubmittedAtUtc, Application.BatchNumber,
        string.Join(",", Application.SelfScores.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")),
        string.Join(",", Application.DistrictScores.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")),
        Application.SelfNote, Application.DistrictFindings,
        string.Join(",", Application.DistrictIndicatorFindings.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}")));

    public sealed record Snapshot(ApplicationState State, int Version, int HistoryCount, string? OpenForCommunity,
        DateTime UpdatedAtUtc, DateTime? SubmittedAtUtc, int? BatchNumber, string SelfScores, string DistrictScores,
        string? SelfNote, string? DistrictFindings, string DistrictIndicatorFindings);
}
