using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests;

/// <summary>Engine inputs: a default to vary with <c>with</c>, and complaint and veto builders.</summary>
public static class Evaluations
{
    /// <summary>The Beijing scale, its own pass mark, all indicators at maximum, no complaints, no vetoes.</summary>
    public static EvaluationInput Perfect(ScaleVersion? scale = null, string community = Codes.Community)
    {
        scale ??= Scales.Beijing();
        return new EvaluationInput(scale, PassMarkSchedule.For(scale), community, Scores.Perfect(scale), [], [], Times.AsOf);
    }

    public static EvaluationInput WithScores(this EvaluationInput input, params (string Code, decimal Score)[] overrides) =>
        input with { Scores = Scores.Perfect(input.Scale, overrides) };

    public static EvaluationInput WithTotal(this EvaluationInput input, decimal total) =>
        input with { Scores = Scores.Totalling(input.Scale, total) };

    public static EvaluationInput With(this EvaluationInput input, params HotlineComplaint[] complaints) =>
        input with { Complaints = complaints };

    public static EvaluationInput With(this EvaluationInput input, params VetoEvent[] vetoes) =>
        input with { Vetoes = vetoes };

    public static Explanation Evaluate(this EvaluationInput input) => CertificationEngine.Evaluate(input);

    /// <summary>The hotline gives three days to answer.</summary>
    public static readonly TimeSpan AnswerTime = TimeSpan.FromDays(3);

    /// <summary>
    /// An epidemic-related complaint about <see cref="Codes.Community"/>, received 5 days before
    /// <see cref="Times.AsOf"/>, answered on time with no follow-up result unless told otherwise.
    /// </summary>
    public static HotlineComplaint Complaint(
        string number,
        DateTimeOffset? received = null,
        bool late = false,
        bool dissatisfied = false,
        bool epidemicRelated = true,
        string community = Codes.Community,
        FollowUpResult? followUp = null)
    {
        var at = received ?? Times.AsOf.AddDays(-5);
        var deadline = at + AnswerTime;
        return new HotlineComplaint(number, community, at, epidemicRelated, deadline,
            late ? deadline.AddHours(1) : at.AddHours(4),
            followUp ?? (dissatisfied ? FollowUpResult.Dissatisfied : FollowUpResult.Satisfied));
    }

    /// <summary>A complaint that has not been answered at all.</summary>
    public static HotlineComplaint Unanswered(string number, DateTimeOffset received, TimeSpan answerTime) =>
        new(number, Codes.Community, received, true, received + answerTime, null, FollowUpResult.None);

    /// <summary><paramref name="count"/> late-answered complaints on separate days within the window.</summary>
    public static HotlineComplaint[] LateComplaints(int count, string prefix = "L") =>
        Enumerable.Range(1, count)
            .Select(n => Complaint($"{prefix}{n:00}", received: Times.AsOf.AddDays(-n).AddHours(-1), late: true))
            .ToArray();

    /// <summary>A veto event about <see cref="Codes.Community"/>, ten days before <see cref="Times.AsOf"/> unless told otherwise.</summary>
    public static VetoEvent Veto(
        VetoKind kind,
        DateTimeOffset? occurred = null,
        string source = "市卫健委检查通报",
        bool managementLapse = true,
        DateTimeOffset? annulled = null,
        DateTimeOffset? cleared = null,
        string community = Codes.Community) =>
        new(Guid.NewGuid(), community, kind, occurred ?? Times.AsOf.AddDays(-10), source, "卡口无人值守", managementLapse, annulled, cleared);
}
