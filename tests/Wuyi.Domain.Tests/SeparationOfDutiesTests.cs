using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;

namespace Wuyi.Domain.Tests;

/// <summary>
/// 职责分离: the same account (a person moved from one post to another keeps their id) may not recommend and then
/// evaluate or decide, nor decide on an application it made for its own community. The refusal changes nothing.
/// </summary>
public sealed class SeparationOfDutiesTests
{
    private const string Person = "person-1";

    private static Actor As(ProgrammeRole role) => role switch
    {
        ProgrammeRole.Community => new Actor(Person, "李某", role, Codes.Community),
        ProgrammeRole.Street => new Actor(Person, "李某", role, Codes.Street),
        ProgrammeRole.District => new Actor(Person, "李某", role, Codes.Haidian),
        _ => new Actor(Person, "李某", role, Codes.Beijing),
    };

    public static TheoryData<Step> DistrictSteps => new() { Step.SaveEvaluation, Step.Approve, Step.Reject, Step.ReturnByDistrict };

    [Theory]
    [MemberData(nameof(DistrictSteps))]
    public void WhoRecommended_MayNotEvaluateOrDecide(Step step)
    {
        var round = Round.InState(ApplicationState.Submitted).Do(Step.Recommend, As(ProgrammeRole.Street));
        if (step != Step.SaveEvaluation) round.Do(Step.SaveEvaluation); // another district official's scores
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => round.Do(step, As(ProgrammeRole.District)));

        ex.Code.ShouldBe("separation-of-duties");
        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Message.ShouldContain("职责分离");
        ex.Message.ShouldContain("街道推荐");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void WhoReturnedForTheStreet_MayNotDecideLater()
    {
        var round = Round.InState(ApplicationState.Submitted).Do(Step.ReturnByStreet, As(ProgrammeRole.Street))
            .Do(Step.Submit).Do(Step.Recommend).Do(Step.SaveEvaluation);

        Should.Throw<DomainException>(() => round.Do(Step.Approve, As(ProgrammeRole.District))).Code.ShouldBe("separation-of-duties");
    }

    [Fact]
    public void WhoRecommended_MayNotFileOrPublish()
    {
        var round = Round.InState(ApplicationState.Submitted).Do(Step.Recommend, As(ProgrammeRole.Street)).Do(Step.SaveEvaluation).Do(Step.Approve);

        Should.Throw<DomainException>(() => round.Do(Step.File, As(ProgrammeRole.City))).Code.ShouldBe("separation-of-duties");
        round.Do(Step.File);
        Should.Throw<DomainException>(() => round.Do(Step.Publish, As(ProgrammeRole.City))).Code.ShouldBe("separation-of-duties");
        round.Application.State.ShouldBe(ApplicationState.Filed);
    }

    public static TheoryData<Step> AfterSubmission => new() { Step.Recommend, Step.ReturnByStreet };

    [Theory]
    [MemberData(nameof(AfterSubmission))]
    public void WhoActedForTheCommunity_MayNotRecommendIt(Step step)
    {
        var round = Round.Started();
        round.Application.SaveSelfAssessment(As(ProgrammeRole.Community), round.Scale, Scores.Perfect(round.Scale), null, round.Tick());
        round.Do(Step.Submit, As(ProgrammeRole.Community));
        var before = round.Snap();

        var ex = Should.Throw<DomainException>(() => round.Do(step, As(ProgrammeRole.Street)));

        ex.Code.ShouldBe("separation-of-duties");
        ex.Message.ShouldContain("本社区（村）");
        round.Snap().ShouldBe(before);
    }

    [Fact]
    public void WhoActedForTheCommunity_MayNotDecideOnIt()
    {
        var round = Round.InState(ApplicationState.Draft).Do(Step.Submit, As(ProgrammeRole.Community)).Do(Step.Recommend).Do(Step.SaveEvaluation);

        Should.Throw<DomainException>(() => round.Do(Step.Approve, As(ProgrammeRole.District))).Code.ShouldBe("separation-of-duties");
        Should.Throw<DomainException>(() => round.Do(Step.Reject, As(ProgrammeRole.District))).Code.ShouldBe("separation-of-duties");
        round.Application.State.ShouldBe(ApplicationState.Recommended);
    }

    [Fact]
    public void DifferentAccounts_TakeEveryStep_AndTheHistorySaysWho()
    {
        var round = Round.InState(ApplicationState.Published);

        round.Application.History.Select(t => t.ActorUserId).Distinct().Count().ShouldBe(4); // community, street, district, city
        round.Application.History.Single(t => t.Action == ApplicationAction.Recommend).ActorUserId.ShouldBe(Actors.Street().UserId);
        round.Application.History.Single(t => t.Action == ApplicationAction.Approve).ActorUserId.ShouldBe(Actors.District().UserId);
    }

    [Fact]
    public void TheSameAccount_MayTakeSeveralStepsOfItsOwnPart()
    {
        var district = As(ProgrammeRole.District);
        var round = Round.InState(ApplicationState.Submitted).Do(Step.Recommend).Do(Step.SaveEvaluation, district);

        round.Do(Step.Approve, district);

        round.Application.State.ShouldBe(ApplicationState.Approved);
    }
}
