using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests;

/// <summary>The application's states and transitions: what each role may do from which state, and that a refusal changes nothing.</summary>
public sealed class ApplicationLifecycleTests
{
    /// <summary>The legal moves: (from, step) → to.</summary>
    public static readonly TheoryData<ApplicationState, Step, ApplicationState> Legal = new()
    {
        { ApplicationState.Draft, Step.Submit, ApplicationState.Submitted },
        { ApplicationState.Draft, Step.Withdraw, ApplicationState.Withdrawn },
        { ApplicationState.Submitted, Step.Withdraw, ApplicationState.Withdrawn },
        { ApplicationState.Submitted, Step.Recommend, ApplicationState.Recommended },
        { ApplicationState.Submitted, Step.ReturnByStreet, ApplicationState.ReturnedByStreet },
        { ApplicationState.ReturnedByStreet, Step.Submit, ApplicationState.Submitted },
        { ApplicationState.ReturnedByStreet, Step.Withdraw, ApplicationState.Withdrawn },
        { ApplicationState.Recommended, Step.Approve, ApplicationState.Approved },
        { ApplicationState.Recommended, Step.Reject, ApplicationState.Rejected },
        { ApplicationState.Recommended, Step.ReturnByDistrict, ApplicationState.ReturnedByDistrict },
        { ApplicationState.ReturnedByDistrict, Step.Submit, ApplicationState.Submitted },
        { ApplicationState.ReturnedByDistrict, Step.Withdraw, ApplicationState.Withdrawn },
        { ApplicationState.Approved, Step.File, ApplicationState.Filed },
        { ApplicationState.Filed, Step.Publish, ApplicationState.Published },
    };

    private static readonly Step[] Transitions =
        [Step.Submit, Step.Withdraw, Step.Recommend, Step.ReturnByStreet, Step.Approve, Step.Reject, Step.ReturnByDistrict, Step.File, Step.Publish];

    /// <summary>Every (state, step) pair that is not legal.</summary>
    public static TheoryData<ApplicationState, Step> Illegal()
    {
        var data = new TheoryData<ApplicationState, Step>();
        var legal = Legal.Select(row => ((ApplicationState)row[0], (Step)row[1])).ToHashSet();
        foreach (var state in Enum.GetValues<ApplicationState>())
            foreach (var step in Transitions)
                if (!legal.Contains((state, step)))
                    data.Add(state, step);
        return data;
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void LegalStep_MovesAndRecordsWhoWhenFromTo(ApplicationState from, Step step, ApplicationState to)
    {
        var round = Round.InState(from);
        var before = round.Snap();
        round.Do(step);
        var a = round.Application;
        a.State.ShouldBe(to);
        a.Version.ShouldBeGreaterThan(before.Version);
        a.History.Count.ShouldBe(before.HistoryCount + 1);
        var last = a.History[^1];
        (last.From, last.To, last.Sequence).ShouldBe((from, to, a.History.Count));
        last.ActorRole.ShouldBe(Round.RoleFor(step));
        last.AtUtc.ShouldBe(round.Now.UtcDateTime);
        a.OpenForCommunity.ShouldBe(ApplicationStates.IsOpen(to) ? Codes.Community : null);
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void IllegalStep_IsRefusedAsAConflict_AndChangesNothing(ApplicationState from, Step step)
    {
        var round = Round.InState(from);
        var before = round.Snap();
        var ex = Should.Throw<DomainException>(() => round.Do(step));
        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("illegal-transition");
        ex.Message.ShouldContain(ApplicationStates.Name(from));
        round.Snap().ShouldBe(before);
    }

    [Theory]
    [InlineData(Step.Submit, ProgrammeRole.Street)]
    [InlineData(Step.Withdraw, ProgrammeRole.City)]
    [InlineData(Step.Recommend, ProgrammeRole.Community)]
    [InlineData(Step.Recommend, ProgrammeRole.District)]
    [InlineData(Step.Approve, ProgrammeRole.Street)]
    [InlineData(Step.Approve, ProgrammeRole.City)]
    [InlineData(Step.File, ProgrammeRole.District)]
    [InlineData(Step.Publish, ProgrammeRole.District)]
    public void WrongRole_IsForbidden_AndChangesNothing(Step step, ProgrammeRole role)
    {
        var round = Round.InState(StateBefore(step));
        var before = round.Snap();
        var ex = Should.Throw<DomainException>(() => round.Do(step, Actors.Covering(role)));
        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("wrong-role");
        round.Snap().ShouldBe(before);
    }

    [Theory]
    [InlineData(Step.Submit)]
    [InlineData(Step.Recommend)]
    [InlineData(Step.Approve)]
    [InlineData(Step.File)]
    [InlineData(Step.Publish)]
    public void OutOfScope_IsForbidden_AndChangesNothing(Step step)
    {
        var round = Round.InState(StateBefore(step));
        var before = round.Snap();
        var ex = Should.Throw<DomainException>(() => round.Do(step, Actors.OutOfScope(Round.RoleFor(step))));
        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("out-of-scope");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Start_OnlyForTheCommunityItself_AndOnlyWithACommunityCode()
    {
        var scale = Scales.Beijing();
        Should.Throw<DomainException>(() => Application.Start(Actors.Community(Codes.Neighbour), Codes.Community, scale, Times.AsOf)).Code.ShouldBe("out-of-scope");
        Should.Throw<DomainException>(() => Application.Start(Actors.Street(), Codes.Community, scale, Times.AsOf)).Code.ShouldBe("wrong-role");
        Should.Throw<DomainException>(() => Application.Start(Actors.Community(Codes.Street), Codes.Street, scale, Times.AsOf)).Code.ShouldBe("community-code-invalid");

        var a = Application.Start(Actors.Community(), Codes.Community, scale, Times.AsOf);
        (a.State, a.ScaleVersionId, a.StreetCode, a.DistrictCode, a.OpenForCommunity).ShouldBe((ApplicationState.Draft, "beijing-2022-06", Codes.Street, Codes.Haidian, Codes.Community));
        a.History.Single().Action.ShouldBe(ApplicationAction.Create);
    }

    [Fact]
    public void SelfAssessment_ADraftMayBeIncomplete_ButSubmitNeedsEveryIndicator()
    {
        var round = Round.Started();
        var a = round.Application;
        a.SaveSelfAssessment(Actors.Community(), round.Scale, Scores.Of(("A1", 15m)), " 先填一项 ", round.Tick());
        a.SelfNote.ShouldBe("先填一项");
        var ex = Should.Throw<DomainException>(() => a.Submit(Actors.Community(), round.Scale, round.Tick()));
        ex.Code.ShouldBe("scores-invalid");
        ex.Errors.Count.ShouldBe(13);
        a.State.ShouldBe(ApplicationState.Draft);
    }

    [Fact]
    public void SelfAssessment_BadScoresAreRefused_EvenInADraft_AndNothingIsSaved()
    {
        var round = Round.InState(ApplicationState.Draft);
        var before = round.Snap();
        Should.Throw<DomainException>(() => round.Application.SaveSelfAssessment(Actors.Community(), round.Scale, Scores.Of(("A1", 16m)), null, round.Tick()))
            .Errors.Keys.ShouldBe(["A1"]);
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void SelfAssessment_CannotChangeOnceSubmitted()
    {
        var round = Round.InState(ApplicationState.Submitted);
        Should.Throw<DomainException>(() => round.Application.SaveSelfAssessment(Actors.Community(), round.Scale, Scores.Perfect(round.Scale), null, round.Tick()))
            .Code.ShouldBe("not-editable");
    }

    [Fact]
    public void SelfAssessment_UnderAnotherScaleVersion_IsRefused()
    {
        var round = Round.InState(ApplicationState.Draft);
        var other = Scales.Variant(root => root["id"] = "beijing-2022-07");
        Should.Throw<DomainException>(() => round.Application.SaveSelfAssessment(Actors.Community(), other, Scores.Perfect(other), null, round.Tick()))
            .Code.ShouldBe("scale-mismatch");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectAndReturn_NeedAReason(string? reason)
    {
        var round = Round.InState(ApplicationState.Recommended);
        var before = round.Snap();
        var a = round.Application;
        Should.Throw<DomainException>(() => a.Reject(Actors.District(), reason, null, round.Tick())).Code.ShouldBe("reason-required");
        Should.Throw<DomainException>(() => a.ReturnByDistrict(Actors.District(), reason, round.Tick())).Errors.Keys.ShouldBe(["reason"]);
        round.Snap().ShouldBe(before);

        var submitted = Round.InState(ApplicationState.Submitted);
        Should.Throw<DomainException>(() => submitted.Application.ReturnByStreet(Actors.Street(), reason, submitted.Tick())).Code.ShouldBe("reason-required");
    }

    [Fact]
    public void Approve_WhatTheEngineFails_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var failing = Scores.Perfect(round.Scale, ("A1", 14m));
        round.Application.SaveEvaluation(Actors.District(), round.Scale, failing, null, round.Tick());
        var before = round.Snap();
        var ex = Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), round.Evaluate(failing), null, round.Tick()));
        ex.Code.ShouldBe("verdict-fails");
        ex.Message.ShouldContain("硬性指标");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Approve_WithAVetoOnRecord_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var vetoed = round.Evaluate(round.Application.DistrictScores, Evaluations.Veto(VetoKind.MediaExposure, occurred: round.Now.AddDays(-1)));
        Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), vetoed, null, round.Tick())).Code.ShouldBe("verdict-fails");
    }

    [Fact]
    public void Approve_OnAnExplanationOfOtherScoresOrAnotherCommunity_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var otherScores = round.Evaluate(Scores.Perfect(round.Scale, ("C5", 4m)));
        Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), otherScores, null, round.Tick())).Code.ShouldBe("explanation-mismatch");
        var otherCommunity = (Evaluations.Perfect(round.Scale, Codes.Neighbour) with { Scores = round.Application.DistrictScores }).Evaluate();
        Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), otherCommunity, null, round.Tick())).Code.ShouldBe("explanation-mismatch");
    }

    [Fact]
    public void Approve_KeepsTheExplanationItWasMadeOn()
    {
        var round = Round.InState(ApplicationState.Approved);
        var decision = round.Application.History[^1];
        decision.Action.ShouldBe(ApplicationAction.Approve);
        decision.Explanation!.Passes.ShouldBeTrue();
        decision.Explanation.Total.ShouldBe(100m);
    }

    [Fact]
    public void History_TellsTheWholeStoryInOrder_WithTheReasons()
    {
        var round = Round.InState(ApplicationState.Submitted).Do(Step.ReturnByStreet).Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation).Do(Step.Approve).Do(Step.File).Do(Step.Publish);
        var h = round.Application.History;
        h.Select(t => t.Action).ShouldBe([
            ApplicationAction.Create, ApplicationAction.Submit, ApplicationAction.ReturnByStreet, ApplicationAction.Submit,
            ApplicationAction.Recommend, ApplicationAction.Approve, ApplicationAction.File, ApplicationAction.Publish]);
        h.Select(t => t.Sequence).ShouldBe(Enumerable.Range(1, h.Count));
        h.Select(t => t.AtUtc).ShouldBeInOrder();
        h[2].Comment.ShouldBe("请补充卡口排班表");
        h[2].ActorDivisionCode.ShouldBe(Codes.Street);
        h[0].From.ShouldBeNull();
        round.Application.BatchNumber.ShouldBe(1);
    }

    [Fact]
    public void ActionsFor_OffersEachRoleExactlyItsLegalSteps()
    {
        ApplicationStates.ActionsFor(ProgrammeRole.Street, ApplicationState.Submitted).ShouldBe([ApplicationAction.Recommend, ApplicationAction.ReturnByStreet], ignoreOrder: true);
        ApplicationStates.ActionsFor(ProgrammeRole.Community, ApplicationState.Recommended).ShouldBeEmpty();
        ApplicationStates.ActionsFor(ProgrammeRole.District, ApplicationState.Recommended).ShouldBe([ApplicationAction.Approve, ApplicationAction.Reject, ApplicationAction.ReturnByDistrict], ignoreOrder: true);
        ApplicationStates.ActionsFor(ProgrammeRole.City, ApplicationState.Approved).ShouldBe([ApplicationAction.File]);
        foreach (var state in new[] { ApplicationState.Published, ApplicationState.Rejected, ApplicationState.Withdrawn })
            foreach (var role in Enum.GetValues<ProgrammeRole>())
                ApplicationStates.ActionsFor(role, state).ShouldBeEmpty();
    }

    private static ApplicationState StateBefore(Step step) => step switch
    {
        Step.Submit or Step.Withdraw => ApplicationState.Draft,
        Step.Recommend or Step.ReturnByStreet => ApplicationState.Submitted,
        Step.Approve or Step.Reject or Step.ReturnByDistrict => ApplicationState.Recommended,
        Step.File => ApplicationState.Approved,
        Step.Publish => ApplicationState.Filed,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
}
