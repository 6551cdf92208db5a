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

    /// <summary>The saves that change the application but not its state: (state, step).</summary>
    public static readonly TheoryData<ApplicationState, Step> LegalSaves = new()
    {
        { ApplicationState.Draft, Step.SaveSelfAssessment },
        { ApplicationState.ReturnedByStreet, Step.SaveSelfAssessment },
        { ApplicationState.ReturnedByDistrict, Step.SaveSelfAssessment },
        { ApplicationState.Recommended, Step.SaveEvaluation },
    };

    /// <summary>Every (state, step) pair that is neither a legal move nor a legal save.</summary>
    public static TheoryData<ApplicationState, Step> Illegal()
    {
        var data = new TheoryData<ApplicationState, Step>();
        var legal = Legal.Select(row => ((ApplicationState)row[0], (Step)row[1]))
            .Concat(LegalSaves.Select(row => ((ApplicationState)row[0], (Step)row[1])))
            .ToHashSet();
        foreach (var state in Enum.GetValues<ApplicationState>())
            foreach (var step in Enum.GetValues<Step>())
                if (!legal.Contains((state, step)))
                    data.Add(state, step);
        return data;
    }

    /// <summary>Every step with every role but its own.</summary>
    public static TheoryData<Step, ProgrammeRole> WrongRoles()
    {
        var data = new TheoryData<Step, ProgrammeRole>();
        foreach (var step in Enum.GetValues<Step>())
            foreach (var role in Enum.GetValues<ProgrammeRole>())
                if (role != Round.RoleFor(step))
                    data.Add(step, role);
        return data;
    }

    public static TheoryData<Step> AllSteps() => new(Enum.GetValues<Step>());

    // ---- the transition table ----

    [Fact]
    public void Illegal_CoversEveryPairNotLegal()
    {
        var states = Enum.GetValues<ApplicationState>().Length;
        var steps = Enum.GetValues<Step>().Length;

        Illegal().Count().ShouldBe(states * steps - Legal.Count() - LegalSaves.Count());
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
        a.Version.ShouldBe(before.Version + 1);
        a.UpdatedAtUtc.ShouldBe(round.Now.UtcDateTime);
        a.History.Count.ShouldBe(before.HistoryCount + 1);
        var last = a.History[^1];
        (last.From, last.To, last.Sequence).ShouldBe((from, to, a.History.Count));
        last.Action.ShouldBe(ActionOf(step));
        var actor = Actors.Covering(Round.RoleFor(step));
        (last.ActorUserId, last.ActorName, last.ActorRole, last.ActorDivisionCode).ShouldBe((actor.UserId, actor.Name, actor.Role, actor.DivisionCode));
        last.AtUtc.ShouldBe(round.Now.UtcDateTime);
        last.AtUtc.Kind.ShouldBe(DateTimeKind.Utc);
        last.ApplicationId.ShouldBe(a.Id);
        a.OpenForCommunity.ShouldBe(ApplicationStates.IsOpen(to) ? Codes.Community : null);
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void LegalStep_IsWhatTheTableAllowsAndOffersTheRole(ApplicationState from, Step step, ApplicationState to)
    {
        ApplicationStates.Allows(ActionOf(step), from).ShouldBeTrue();
        ApplicationStates.ActionsFor(Round.RoleFor(step), from).ShouldContain(ActionOf(step));
        to.ShouldNotBe(from);
    }

    [Theory]
    [MemberData(nameof(LegalSaves))]
    public void LegalSave_ChangesTheApplicationButNeitherStateNorHistory(ApplicationState state, Step step)
    {
        var round = Round.InState(state);
        var before = round.Snap();

        round.Do(step);

        var a = round.Application;
        a.State.ShouldBe(state);
        a.Version.ShouldBe(before.Version + 1);
        a.UpdatedAtUtc.ShouldBe(round.Now.UtcDateTime);
        a.History.Count.ShouldBe(before.HistoryCount);
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void IllegalStep_IsRefusedAsAConflict_AndChangesNothing(ApplicationState from, Step step)
    {
        var round = Round.InState(from);
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => round.Do(step));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe(step == Step.SaveSelfAssessment ? "not-editable" : "illegal-transition");
        ex.Message.ShouldContain(ApplicationStates.Name(from));
        round.Snap().ShouldBe(before);
        if (step is not (Step.SaveSelfAssessment or Step.SaveEvaluation))
            ApplicationStates.Allows(ActionOf(step), from).ShouldBeFalse();
    }

    [Theory]
    [InlineData(ApplicationState.Rejected)]
    [InlineData(ApplicationState.Published)]
    [InlineData(ApplicationState.Withdrawn)]
    [InlineData(ApplicationState.Suspended)]
    public void ClosedApplication_AllowsNothingAtAll(ApplicationState state)
    {
        foreach (var step in Enum.GetValues<Step>())
        {
            var round = Round.InState(state);
            var before = round.Snap();
            Should.Throw<DomainException>(() => round.Do(step)).Kind.ShouldBe(DomainErrorKind.Conflict);
            round.Snap().ShouldBe(before);
        }
        foreach (var role in Enum.GetValues<ProgrammeRole>())
            ApplicationStates.ActionsFor(role, state).ShouldBeEmpty();
    }

    // ---- roles and scope ----

    [Theory]
    [MemberData(nameof(WrongRoles))]
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
    [MemberData(nameof(AllSteps))]
    public void OutOfScope_IsForbidden_AndChangesNothing(Step step)
    {
        var round = Round.InState(StateBefore(step));
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => round.Do(step, Actors.OutOfScope(Round.RoleFor(step))));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("out-of-scope");
        round.Snap().ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(AllSteps))]
    public void RightRoleFromAnyNodeAbove_IsInScope(Step step)
    {
        // A street, district or the city acts on every community below it, not only on a code equal to its own.
        var round = Round.InState(StateBefore(step));

        Should.NotThrow(() => round.Do(step));
    }

    [Fact]
    public void Street_OfAnotherDistrict_IsOutOfScope()
    {
        var round = Round.InState(ApplicationState.Submitted);
        var before = round.Snap();

        Should.Throw<DomainException>(() => round.Do(Step.Recommend, Actors.Street("110105001"))).Code.ShouldBe("out-of-scope");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void City_ActingWithAMalformedNode_IsOutOfScope()
    {
        var round = Round.InState(ApplicationState.Approved);

        Should.Throw<DomainException>(() => round.Do(Step.File, Actors.City("")))
            .Code.ShouldBe("out-of-scope");
    }

    // ---- starting ----

    [Fact]
    public void Start_OnlyForTheCommunityItself_AndOnlyWithACommunityCode()
    {
        var scale = Scales.Beijing();
        Should.Throw<DomainException>(() => Application.Start(Actors.Community(Codes.Neighbour), Codes.Community, scale, 1, Times.AsOf)).Code.ShouldBe("out-of-scope");
        Should.Throw<DomainException>(() => Application.Start(Actors.Street(), Codes.Community, scale, 1, Times.AsOf)).Code.ShouldBe("wrong-role");
        Should.Throw<DomainException>(() => Application.Start(Actors.District(), Codes.Community, scale, 1, Times.AsOf)).Kind.ShouldBe(DomainErrorKind.Forbidden);
        var invalid = Should.Throw<DomainException>(() => Application.Start(Actors.Community(Codes.Street), Codes.Street, scale, 1, Times.AsOf));
        invalid.Code.ShouldBe("community-code-invalid");
        invalid.Kind.ShouldBe(DomainErrorKind.Invalid);

        var a = Application.Start(Actors.Community(), Codes.Community, scale, 1, Times.AsOf);
        (a.State, a.ScaleVersionId, a.StreetCode, a.DistrictCode, a.OpenForCommunity).ShouldBe((ApplicationState.Draft, "beijing-2022-06", Codes.Street, Codes.Haidian, Codes.Community));
        a.History.Single().Action.ShouldBe(ApplicationAction.Create);
    }

    [Fact]
    public void Start_RecordsTheCreation()
    {
        var at = Times.Beijing(2022, 6, 15, 9);

        var a = Application.Start(Actors.Community(), Codes.Community, Scales.Beijing(), 1, at);

        a.Id.ShouldNotBe(Guid.Empty);
        a.CommunityCode.ShouldBe(Codes.Community);
        a.Version.ShouldBe(0);
        a.CreatedAtUtc.ShouldBe(new DateTime(2022, 6, 15, 1, 0, 0, DateTimeKind.Utc));
        a.UpdatedAtUtc.ShouldBe(a.CreatedAtUtc);
        a.SubmittedAtUtc.ShouldBeNull();
        a.BatchNumber.ShouldBeNull();
        a.SelfScores.ShouldBeEmpty();
        a.DistrictScores.ShouldBeEmpty();
        var created = a.History.Single();
        (created.Sequence, created.From, created.To, created.ActorUserId, created.ActorRole, created.Comment, created.Explanation)
            .ShouldBe((1, (ApplicationState?)null, ApplicationState.Draft, $"community-{Codes.Community}", ProgrammeRole.Community, (string?)null, (Explanation?)null));
        created.AtUtc.ShouldBe(a.CreatedAtUtc);
        created.ApplicationId.ShouldBe(a.Id);
    }

    [Fact]
    public void Start_TwoApplications_HaveDifferentIds()
    {
        var scale = Scales.Beijing();

        Application.Start(Actors.Community(), Codes.Community, scale, 1, Times.AsOf).Id
            .ShouldNotBe(Application.Start(Actors.Community(), Codes.Community, scale, 1, Times.AsOf).Id);
    }

    [Fact]
    public void Start_GivesTheCaseNumber_YearDistrictSequence()
    {
        // 2022-12-31 20:00 in Beijing is still 2022 there, though already past noon UTC.
        var a = Application.Start(Actors.Community(), Codes.Community, Scales.Beijing(), 42, Times.Beijing(2022, 12, 31, 20));

        a.CaseNumber.ShouldBe($"2022-{Codes.Haidian}-0042");
        CaseNumber.SequenceOf(a.CaseNumber, CaseNumber.Prefix(Codes.Haidian, Times.Beijing(2022, 6, 1, 9))).ShouldBe(42);
        CaseNumber.SequenceOf(a.CaseNumber, CaseNumber.Prefix(Codes.Haidian, Times.Beijing(2023, 1, 1, 9))).ShouldBe(0);
        CaseNumber.Of(Codes.Haidian, Times.Beijing(2023, 1, 1, 0), 12345).ShouldBe($"2023-{Codes.Haidian}-12345");
        Should.Throw<DomainException>(() => Application.Start(Actors.Community(), Codes.Community, Scales.Beijing(), 0, Times.AsOf))
            .Code.ShouldBe("case-sequence-invalid");
    }

    // ---- starting from the last application (以上次申报为起点) ----

    [Fact]
    public void CopySelfAssessmentFrom_AClosedApplication_TakesItsScoresAndNote()
    {
        var earlier = Round.InState(ApplicationState.Rejected);
        earlier.Application.SelfScores.Count.ShouldBe(earlier.Scale.Indicators.Count);
        var draft = Application.Start(Actors.Community(), Codes.Community, earlier.Scale, 2, earlier.Tick());

        draft.CopySelfAssessmentFrom(Actors.Community(), earlier.Scale, earlier.Application, earlier.Tick());

        draft.SelfScores.ShouldBe(earlier.Application.SelfScores);
        draft.SelfNote.ShouldBe("自评完成");
        draft.DistrictScores.ShouldBeEmpty();
        draft.State.ShouldBe(ApplicationState.Draft);
    }

    [Fact]
    public void CopySelfAssessmentFrom_IsRefused_ForAnOpenOrAnotherCommunitysApplication_OrADraftAlreadyScored()
    {
        var open = Round.InState(ApplicationState.Submitted);
        var draft = Application.Start(Actors.Community(), Codes.Community, open.Scale, 2, open.Tick());
        Should.Throw<DomainException>(() => draft.CopySelfAssessmentFrom(Actors.Community(), open.Scale, open.Application, open.Now))
            .Code.ShouldBe("earlier-still-open");

        var closed = Round.InState(ApplicationState.Withdrawn);
        var neighbour = Application.Start(Actors.Community(Codes.Neighbour), Codes.Neighbour, closed.Scale, 3, closed.Tick());
        Should.Throw<DomainException>(() => neighbour.CopySelfAssessmentFrom(Actors.Community(Codes.Neighbour), closed.Scale, closed.Application, closed.Now))
            .Code.ShouldBe("out-of-scope");

        var scored = Application.Start(Actors.Community(), Codes.Community, closed.Scale, 4, closed.Tick());
        scored.SaveSelfAssessment(Actors.Community(), closed.Scale, Scores.Of(("A1", 15m)), null, closed.Tick());
        Should.Throw<DomainException>(() => scored.CopySelfAssessmentFrom(Actors.Community(), closed.Scale, closed.Application, closed.Now))
            .Code.ShouldBe("not-a-fresh-draft");
        scored.SelfScores.Count.ShouldBe(1);
    }

    // ---- self-assessment and submission ----

    [Fact]
    public void SelfAssessment_ADraftMayBeIncomplete_ButSubmitNeedsEveryIndicator()
    {
        var round = Round.Started();
        var a = round.Application;
        a.SaveSelfAssessment(Actors.Community(), round.Scale, Scores.Of(("A1", 15m)), " 先填一项 ", round.Tick());
        a.SelfNote.ShouldBe("先填一项");
        a.SelfScores.ShouldBe(Scores.Of(("A1", 15m)));
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => a.Submit(Actors.Community(), round.Scale, round.Tick()));

        ex.Code.ShouldBe("scores-invalid");
        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Errors.Count.ShouldBe(13);
        ex.Errors.Keys.ShouldContain("C5");
        ex.Errors.Keys.ShouldNotContain("A1");
        round.Snap().ShouldBe(before);
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
    public void SelfAssessment_IsCopied_NotShared()
    {
        var round = Round.Started();
        var scores = Scores.Perfect(round.Scale);
        round.Application.SaveSelfAssessment(Actors.Community(), round.Scale, scores, null, round.Tick());

        scores["A1"] = 0m;

        round.Application.SelfScores["A1"].ShouldBe(15m);
    }

    [Fact]
    public void SelfAssessment_BlankNote_IsStoredAsNull()
    {
        var round = Round.Started();

        round.Application.SaveSelfAssessment(Actors.Community(), round.Scale, Scores.Of(), "   ", round.Tick());

        round.Application.SelfNote.ShouldBeNull();
    }

    [Fact]
    public void SelfAssessment_CannotChangeOnceSubmitted()
    {
        var round = Round.InState(ApplicationState.Submitted);
        var ex = Should.Throw<DomainException>(() => round.Application.SaveSelfAssessment(Actors.Community(), round.Scale, Scores.Perfect(round.Scale), null, round.Tick()));
        ex.Code.ShouldBe("not-editable");
        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
    }

    [Fact]
    public void SelfAssessment_UnderAnotherScaleVersion_IsRefused()
    {
        var round = Round.InState(ApplicationState.Draft);
        var before = round.Snap();
        var other = Scales.Variant(root => root["id"] = "beijing-2022-07");
        var ex = Should.Throw<DomainException>(() => round.Application.SaveSelfAssessment(Actors.Community(), other, Scores.Perfect(other), null, round.Tick()));
        ex.Code.ShouldBe("scale-mismatch");
        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Submit_UnderAnotherScaleVersion_IsRefused()
    {
        var round = Round.InState(ApplicationState.Draft);
        var before = round.Snap();
        var other = Scales.Variant(root => root["id"] = "beijing-2022-07");

        Should.Throw<DomainException>(() => round.Application.Submit(Actors.Community(), other, round.Tick())).Code.ShouldBe("scale-mismatch");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Submit_StampsTheSubmissionTime_AndResubmissionRestampsIt()
    {
        var round = Round.InState(ApplicationState.Draft).Do(Step.Submit);
        var first = round.Now.UtcDateTime;
        round.Application.SubmittedAtUtc.ShouldBe(first);

        round.Do(Step.ReturnByStreet).Do(Step.Submit);

        round.Application.SubmittedAtUtc.ShouldBe(round.Now.UtcDateTime);
        round.Application.SubmittedAtUtc.ShouldNotBe(first);
    }

    [Fact]
    public void ReturnedByStreet_TheCommunityMayEditAndResubmit()
    {
        var round = Round.InState(ApplicationState.ReturnedByStreet);
        var a = round.Application;

        a.SaveSelfAssessment(Actors.Community(), round.Scale, Scores.Perfect(round.Scale, ("A3", 4m)), "已补充排班表", round.Tick());
        round.Do(Step.Submit);

        a.State.ShouldBe(ApplicationState.Submitted);
        a.SelfScores["A3"].ShouldBe(4m);
        a.SelfNote.ShouldBe("已补充排班表");
    }

    [Fact]
    public void ReturnedByDistrict_GoesThroughTheStreetAgain()
    {
        var round = Round.InState(ApplicationState.ReturnedByDistrict).Do(Step.Submit);

        round.Application.State.ShouldBe(ApplicationState.Submitted);
        Should.Throw<DomainException>(() => round.Do(Step.Approve)).Code.ShouldBe("illegal-transition");
        round.Do(Step.Recommend).Do(Step.Approve);
        round.Application.State.ShouldBe(ApplicationState.Approved);
    }

    // ---- withdrawal ----

    [Theory]
    [InlineData(ApplicationState.Draft)]
    [InlineData(ApplicationState.Submitted)]
    [InlineData(ApplicationState.ReturnedByStreet)]
    [InlineData(ApplicationState.ReturnedByDistrict)]
    public void Withdraw_BeforeReview_ClosesTheApplication(ApplicationState state)
    {
        var round = Round.InState(state);

        round.Application.Withdraw(Actors.Community(), "  本轮暂不申报 ", round.Tick());

        round.Application.State.ShouldBe(ApplicationState.Withdrawn);
        round.Application.OpenForCommunity.ShouldBeNull();
        round.Application.History[^1].Comment.ShouldBe("本轮暂不申报");
    }

    [Theory]
    [InlineData(ApplicationState.Recommended)]
    [InlineData(ApplicationState.Approved)]
    [InlineData(ApplicationState.Filed)]
    [InlineData(ApplicationState.Published)]
    [InlineData(ApplicationState.Rejected)]
    [InlineData(ApplicationState.Withdrawn)]
    public void Withdraw_OnceUnderReviewOrDecided_IsRefused(ApplicationState state)
    {
        var round = Round.InState(state);
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => round.Application.Withdraw(Actors.Community(), null, round.Tick()));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Withdraw_WithoutAComment_IsAllowed()
    {
        var round = Round.InState(ApplicationState.Draft);

        round.Application.Withdraw(Actors.Community(), null, round.Tick());

        round.Application.History[^1].Comment.ShouldBeNull();
    }

    // ---- reasons ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectAndReturn_NeedAReason(string? reason)
    {
        var round = Round.InState(ApplicationState.Recommended);
        var before = round.Snap();
        var a = round.Application;

        var reject = Should.Throw<DomainException>(() => a.Reject(Actors.District(), reason, null, round.Tick()));
        reject.Code.ShouldBe("reason-required");
        reject.Kind.ShouldBe(DomainErrorKind.Invalid);
        reject.Errors.Keys.ShouldBe(["reason"]);
        var back = Should.Throw<DomainException>(() => a.ReturnByDistrict(Actors.District(), reason, round.Tick()));
        back.Code.ShouldBe("reason-required");
        back.Errors.Keys.ShouldBe(["reason"]);
        round.Snap().ShouldBe(before);

        var submitted = Round.InState(ApplicationState.Submitted);
        var beforeStreet = submitted.Snap();
        var street = Should.Throw<DomainException>(() => submitted.Application.ReturnByStreet(Actors.Street(), reason, submitted.Tick()));
        street.Code.ShouldBe("reason-required");
        street.Errors.Keys.ShouldBe(["reason"]);
        submitted.Snap().ShouldBe(beforeStreet);
    }

    [Fact]
    public void Reasons_AreRecordedTrimmed()
    {
        var street = Round.InState(ApplicationState.Submitted);
        street.Application.ReturnByStreet(Actors.Street(), "  缺少排班表  ", street.Tick());
        street.Application.History[^1].Comment.ShouldBe("缺少排班表");

        var district = Round.InState(ApplicationState.Recommended);
        district.Application.Reject(Actors.District(), "\t卡口夜间无人值守\n", null, district.Tick());
        district.Application.History[^1].Comment.ShouldBe("卡口夜间无人值守");
    }

    [Fact]
    public void Reject_KeepsTheExplanationGiven()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var explanation = round.Evaluate(Scores.Perfect(round.Scale, ("A1", 10m)));

        round.Application.Reject(Actors.District(), "硬性指标未满分", explanation, round.Tick());

        round.Application.History[^1].Explanation.ShouldBeSameAs(explanation);
        round.Application.OpenForCommunity.ShouldBeNull();
    }

    [Fact]
    public void Reject_WithoutAnExplanation_IsAllowed()
    {
        var round = Round.InState(ApplicationState.Recommended).Do(Step.Reject);

        round.Application.History[^1].Explanation.ShouldBeNull();
        round.Application.History[^1].Comment.ShouldBe("卡口值守不到位");
    }

    // ---- the district's evaluation and approval ----

    [Fact]
    public void SaveEvaluation_KeepsScoresAndFindings_AndMayBeIncomplete()
    {
        var round = Round.InState(ApplicationState.Submitted).Do(Step.Recommend);
        var a = round.Application;

        a.SaveEvaluation(Actors.District(), round.Scale, Scores.Of(("A1", 15m), ("A2", 8m)), "  夜间抽查一次  ", null, round.Tick());

        a.DistrictScores.ShouldBe(Scores.Of(("A1", 15m), ("A2", 8m)));
        a.DistrictFindings.ShouldBe("夜间抽查一次");
        a.SelfScores.ShouldBe(Scores.Perfect(round.Scale)); // the self-assessment stays beside it
    }

    [Fact]
    public void SaveEvaluation_BadScores_AreRefusedByIndicator()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() =>
            round.Application.SaveEvaluation(Actors.District(), round.Scale, Scores.Of(("B2", 10.5m), ("C1", 2.55m)), null, null, round.Tick()));

        ex.Code.ShouldBe("scores-invalid");
        ex.Errors.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(["B2", "C1"]);
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void SaveEvaluation_UnderAnotherScaleVersion_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var other = Scales.Variant(root => root["id"] = "beijing-2022-07");

        Should.Throw<DomainException>(() => round.Application.SaveEvaluation(Actors.District(), other, Scores.Perfect(other), null, null, round.Tick()))
            .Code.ShouldBe("scale-mismatch");
    }

    [Fact]
    public void Approve_WhatTheEngineFails_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var failing = Scores.Perfect(round.Scale, ("A1", 14m));
        round.Application.SaveEvaluation(Actors.District(), round.Scale, failing, null, null, round.Tick());
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), round.Evaluate(failing), null, round.Tick()));

        ex.Code.ShouldBe("verdict-fails");
        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Message.ShouldContain("硬性指标未满分：A1");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Approve_BelowThePassMark_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var low = Scores.Totalling(round.Scale, 84.9m);
        round.Application.SaveEvaluation(Actors.District(), round.Scale, low, null, null, round.Tick());
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), round.Evaluate(low), null, round.Tick()));

        ex.Code.ShouldBe("verdict-fails");
        ex.Message.ShouldContain("低于 85 分的达标线");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Approve_WithAVetoOnRecord_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var before = round.Snap();
        var vetoed = round.Evaluate(round.Application.DistrictScores, Evaluations.Veto(VetoKind.MediaExposure, occurred: round.Now.AddDays(-1)));

        var ex = Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), vetoed, null, round.Tick()));

        ex.Code.ShouldBe("verdict-fails");
        ex.Message.ShouldContain("一票否决");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Approve_OnAnExplanationOfOtherScoresOrAnotherCommunity_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var before = round.Snap();

        var otherScores = round.Evaluate(Scores.Perfect(round.Scale, ("C5", 4m)));
        var ex = Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), otherScores, null, round.Tick()));
        ex.Code.ShouldBe("explanation-mismatch");
        ex.Kind.ShouldBe(DomainErrorKind.Invalid);

        var otherCommunity = (Evaluations.Perfect(round.Scale, Codes.Neighbour) with { Scores = round.Application.DistrictScores }).Evaluate();
        Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), otherCommunity, null, round.Tick())).Code.ShouldBe("explanation-mismatch");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Approve_OnTheSelfAssessmentInsteadOfTheDistrictsScores_IsRefused()
    {
        // The community scored itself 100; the district found A2 short. Approving on the self-assessment is refused.
        var round = Round.InState(ApplicationState.Submitted).Do(Step.Recommend);
        round.Application.SaveEvaluation(Actors.District(), round.Scale, Scores.Perfect(round.Scale, ("A2", 6m)), null, null, round.Tick());

        var onSelf = round.Evaluate(round.Application.SelfScores);

        onSelf.Passes.ShouldBeTrue();
        Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), onSelf, null, round.Tick())).Code.ShouldBe("explanation-mismatch");
    }

    [Fact]
    public void Approve_BeforeTheDistrictHasScored_IsRefused()
    {
        var round = Round.InState(ApplicationState.Submitted).Do(Step.Recommend);
        round.Application.DistrictScores.ShouldBeEmpty();
        var before = round.Snap();

        Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), round.Evaluate(Scores.Perfect(round.Scale)), null, round.Tick()))
            .Code.ShouldBe("explanation-mismatch");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void Approve_OnAnExplanationUnderAnotherScaleVersion_IsRefused()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var other = Scales.Variant(root => root["id"] = "beijing-2022-07");
        var explanation = (Evaluations.Perfect(other) with { Scores = round.Application.DistrictScores }).Evaluate();

        Should.Throw<DomainException>(() => round.Application.Approve(Actors.District(), explanation, null, round.Tick()))
            .Code.ShouldBe("explanation-mismatch");
    }

    [Fact]
    public void Approve_KeepsTheExplanationItWasMadeOn()
    {
        var round = Round.InState(ApplicationState.Recommended);
        var explanation = round.ExplanationOnDistrictScores();

        round.Application.Approve(Actors.District(), explanation, "  同意  ", round.Tick());

        var decision = round.Application.History[^1];
        decision.Action.ShouldBe(ApplicationAction.Approve);
        decision.Explanation.ShouldBeSameAs(explanation);
        decision.Explanation!.Passes.ShouldBeTrue();
        decision.Explanation.Total.ShouldBe(100m);
        decision.Comment.ShouldBe("同意");
    }

    // ---- open or closed ----

    [Theory]
    [InlineData(ApplicationState.Draft, true)]
    [InlineData(ApplicationState.Submitted, true)]
    [InlineData(ApplicationState.ReturnedByStreet, true)]
    [InlineData(ApplicationState.Recommended, true)]
    [InlineData(ApplicationState.ReturnedByDistrict, true)]
    [InlineData(ApplicationState.Approved, true)]
    [InlineData(ApplicationState.Filed, true)]
    [InlineData(ApplicationState.Rejected, false)]
    [InlineData(ApplicationState.Published, false)]
    [InlineData(ApplicationState.Withdrawn, false)]
    public void OpenForCommunity_IsTheCodeWhileOpen_AndNullOnceClosed(ApplicationState state, bool open)
    {
        var round = Round.InState(state);

        ApplicationStates.IsOpen(state).ShouldBe(open);
        round.Application.OpenForCommunity.ShouldBe(open ? Codes.Community : null);
    }

    [Theory]
    [InlineData(ApplicationState.Draft, true)]
    [InlineData(ApplicationState.ReturnedByStreet, true)]
    [InlineData(ApplicationState.ReturnedByDistrict, true)]
    [InlineData(ApplicationState.Submitted, false)]
    [InlineData(ApplicationState.Recommended, false)]
    [InlineData(ApplicationState.Approved, false)]
    [InlineData(ApplicationState.Published, false)]
    public void IsEditableByCommunity_OnlyInDraftOrWhenReturned(ApplicationState state, bool editable) =>
        ApplicationStates.IsEditableByCommunity(state).ShouldBe(editable);

    [Fact]
    public void APublishedApplication_WhoseTitleWasRevoked_ReadsAsRevoked_NeverAsPublished()
    {
        ApplicationStates.Name(ApplicationState.Published, titleRevoked: true).ShouldBe("已取消认定");
        ApplicationStates.Name(ApplicationState.Published, titleRevoked: false).ShouldBe("已公布");
        ApplicationStates.Name(ApplicationState.Suspended, titleRevoked: true).ShouldBe(ApplicationStates.Name(ApplicationState.Suspended));
    }

    [Fact]
    public void StateAndActionNames_AreChinese()
    {
        foreach (var state in Enum.GetValues<ApplicationState>())
            ApplicationStates.Name(state).ShouldNotBe(state.ToString());
        foreach (var action in Enum.GetValues<ApplicationAction>())
            ApplicationStates.Name(action).ShouldNotBe(action.ToString());
        ApplicationStates.Name(ApplicationState.Recommended).ShouldBe("待区级评定");
        ApplicationStates.Name(ApplicationAction.ReturnByStreet).ShouldBe("街道退回");
    }

    // ---- history ----

    [Fact]
    public void History_TellsTheWholeStoryInOrder_WithWhoWhenFromToAndWhy()
    {
        var round = Round.InState(ApplicationState.Submitted).Do(Step.ReturnByStreet).Do(Step.Submit).Do(Step.Recommend)
            .Do(Step.ReturnByDistrict).Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation).Do(Step.Approve).Do(Step.File).Do(Step.Publish);
        var h = round.Application.History;

        h.Select(t => (t.Action, t.From, t.To)).ShouldBe(
        [
            (ApplicationAction.Create, null, ApplicationState.Draft),
            (ApplicationAction.Submit, ApplicationState.Draft, ApplicationState.Submitted),
            (ApplicationAction.ReturnByStreet, ApplicationState.Submitted, ApplicationState.ReturnedByStreet),
            (ApplicationAction.Submit, ApplicationState.ReturnedByStreet, ApplicationState.Submitted),
            (ApplicationAction.Recommend, ApplicationState.Submitted, ApplicationState.Recommended),
            (ApplicationAction.ReturnByDistrict, ApplicationState.Recommended, ApplicationState.ReturnedByDistrict),
            (ApplicationAction.Submit, ApplicationState.ReturnedByDistrict, ApplicationState.Submitted),
            (ApplicationAction.Recommend, ApplicationState.Submitted, ApplicationState.Recommended),
            (ApplicationAction.Approve, ApplicationState.Recommended, ApplicationState.Approved),
            (ApplicationAction.File, ApplicationState.Approved, ApplicationState.Filed),
            (ApplicationAction.Publish, ApplicationState.Filed, ApplicationState.Published),
        ]);
        h.Select(t => t.Sequence).ShouldBe(Enumerable.Range(1, h.Count));
        h.Select(t => t.ActorRole).ShouldBe(
        [
            ProgrammeRole.Community, ProgrammeRole.Community, ProgrammeRole.Street, ProgrammeRole.Community, ProgrammeRole.Street,
            ProgrammeRole.District, ProgrammeRole.Community, ProgrammeRole.Street, ProgrammeRole.District, ProgrammeRole.City, ProgrammeRole.City,
        ]);
        h.Select(t => t.Comment).ShouldBe(
        [
            null, null, "请补充卡口排班表", null, "同意推荐", "请补充消毒记录", null, "同意推荐", "评定通过", "同意备案", "第 1 批",
        ]);
        h.Select(t => t.AtUtc).ShouldBeInOrder(SortDirection.Ascending);
        h.Select(t => t.AtUtc).Distinct().Count().ShouldBe(h.Count);
        h[0].AtUtc.ShouldBe(new DateTime(2022, 6, 15, 1, 0, 0, DateTimeKind.Utc));
        h[2].ActorDivisionCode.ShouldBe(Codes.Street);
        h[2].ActorUserId.ShouldBe($"street-{Codes.Street}");
        h[2].ActorName.ShouldBe("街道干部");
        h[5].ActorDivisionCode.ShouldBe(Codes.Haidian);
        h[9].ActorDivisionCode.ShouldBe(Codes.Beijing);
        h.Where(t => t.Action != ApplicationAction.Approve).ShouldAllBe(t => t.Explanation == null);
        h.ShouldAllBe(t => t.ApplicationId == round.Application.Id);
        h.Select(t => t.Id).Distinct().Count().ShouldBe(h.Count);
        round.Application.BatchNumber.ShouldBe(1);
        round.Application.Version.ShouldBe(h.Count - 1 + 2); // one bump per move, plus the two saves
    }

    [Fact]
    public void History_AStepStampedInAnotherOffset_IsStoredInUtc()
    {
        var round = Round.InState(ApplicationState.Submitted);
        var at = new DateTimeOffset(2022, 6, 16, 9, 30, 0, TimeSpan.FromHours(8));

        round.Application.Recommend(Actors.Street(), null, at);

        round.Application.History[^1].AtUtc.ShouldBe(new DateTime(2022, 6, 16, 1, 30, 0, DateTimeKind.Utc));
        round.Application.UpdatedAtUtc.ShouldBe(new DateTime(2022, 6, 16, 1, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void ActionsFor_OffersEachRoleExactlyItsLegalSteps()
    {
        ApplicationStates.ActionsFor(ProgrammeRole.Street, ApplicationState.Submitted).ShouldBe([ApplicationAction.Recommend, ApplicationAction.ReturnByStreet], ignoreOrder: true);
        ApplicationStates.ActionsFor(ProgrammeRole.Community, ApplicationState.Submitted).ShouldBe([ApplicationAction.Withdraw]);
        ApplicationStates.ActionsFor(ProgrammeRole.Community, ApplicationState.Draft).ShouldBe([ApplicationAction.Submit, ApplicationAction.Withdraw], ignoreOrder: true);
        ApplicationStates.ActionsFor(ProgrammeRole.Community, ApplicationState.Recommended).ShouldBeEmpty();
        ApplicationStates.ActionsFor(ProgrammeRole.District, ApplicationState.Recommended).ShouldBe([ApplicationAction.Approve, ApplicationAction.Reject, ApplicationAction.ReturnByDistrict], ignoreOrder: true);
        ApplicationStates.ActionsFor(ProgrammeRole.City, ApplicationState.Approved).ShouldBe([ApplicationAction.File]);
        ApplicationStates.ActionsFor(ProgrammeRole.City, ApplicationState.Filed).ShouldBe([ApplicationAction.Publish]);
        ApplicationStates.ActionsFor(ProgrammeRole.Street, ApplicationState.Recommended).ShouldBeEmpty();
        ApplicationStates.Allows(ApplicationAction.Create, ApplicationState.Draft).ShouldBeFalse();
    }

    private static ApplicationState StateBefore(Step step) => step switch
    {
        Step.SaveSelfAssessment or Step.Submit or Step.Withdraw => ApplicationState.Draft,
        Step.Recommend or Step.ReturnByStreet => ApplicationState.Submitted,
        Step.SaveEvaluation or Step.Approve or Step.Reject or Step.ReturnByDistrict => ApplicationState.Recommended,
        Step.File => ApplicationState.Approved,
        Step.Publish => ApplicationState.Filed,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private static ApplicationAction ActionOf(Step step) => step switch
    {
        Step.Submit => ApplicationAction.Submit,
        Step.Withdraw => ApplicationAction.Withdraw,
        Step.Recommend => ApplicationAction.Recommend,
        Step.ReturnByStreet => ApplicationAction.ReturnByStreet,
        Step.Approve => ApplicationAction.Approve,
        Step.Reject => ApplicationAction.Reject,
        Step.ReturnByDistrict => ApplicationAction.ReturnByDistrict,
        Step.File => ApplicationAction.File,
        Step.Publish => ApplicationAction.Publish,
        _ => throw new ArgumentOutOfRangeException(nameof(step), "a save is no transition"),
    };
}
