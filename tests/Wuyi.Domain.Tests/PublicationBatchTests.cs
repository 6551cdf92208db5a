using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;

namespace Wuyi.Domain.Tests;

/// <summary>Publication in a numbered batch: filed applications become certified, and nothing else does.</summary>
public sealed class PublicationBatchTests
{
    private static Application Filed(string community)
    {
        var scale = Scales.Beijing();
        var at = Times.Beijing(2022, 6, 15, 9);
        var a = Application.Start(Actors.Community(community), community, scale, at);
        a.SaveSelfAssessment(Actors.Community(community), scale, Scores.Perfect(scale), null, at);
        a.Submit(Actors.Community(community), scale, at);
        a.Recommend(Actors.Street(community[..9]), null, at);
        a.SaveEvaluation(Actors.District(community[..6]), scale, Scores.Perfect(scale), null, at);
        var explanation = (Evaluations.Perfect(scale, community) with { AsOf = at }).Evaluate();
        a.Approve(Actors.District(community[..6]), explanation, null, at);
        a.File(Actors.City(), null, at);
        return a;
    }

    [Fact]
    public void Publish_MakesEachFiledApplicationPublished_AndGrantsItsTitle()
    {
        var apps = new[] { Filed(Codes.Community), Filed(Codes.OtherStreetCommunity), Filed(Codes.ChaoyangCommunity) };
        var at = Times.Beijing(2022, 6, 18, 8);
        var (batch, certifications) = PublicationBatch.Publish(1, null, apps, Actors.City(), at);

        batch.Number.ShouldBe(1);
        batch.Title.ShouldBe("第1批无疫社区（村）名单");
        batch.PublishedOn.ShouldBe(new DateOnly(2022, 6, 18));
        batch.CommunityCount.ShouldBe(3);
        apps.ShouldAllBe(a => a.State == ApplicationState.Published && a.BatchNumber == 1 && a.OpenForCommunity == null);
        foreach (var a in apps) (a.History[^1].Action, a.History[^1].Comment).ShouldBe((ApplicationAction.Publish, "第 1 批"));
        certifications.Select(c => c.CommunityCode).ShouldBe([Codes.Community, Codes.OtherStreetCommunity, Codes.ChaoyangCommunity]);
        certifications.ShouldAllBe(c => c.IsActive && c.BatchNumber == 1 && c.CertifiedOn == new DateOnly(2022, 6, 18) && c.ActiveForCommunity == c.CommunityCode);
        certifications.Select(c => c.ApplicationId).ShouldBe(apps.Select(a => a.Id));
    }

    [Fact]
    public void Publish_TheDateIsTheBeijingDate()
    {
        // 2022-06-17 23:30 UTC is already the 18th in Beijing.
        var (batch, certifications) = PublicationBatch.Publish(2, "第二批", [Filed(Codes.Community)], Actors.City(), new DateTimeOffset(2022, 6, 17, 23, 30, 0, TimeSpan.Zero));
        batch.PublishedOn.ShouldBe(new DateOnly(2022, 6, 18));
        batch.Title.ShouldBe("第二批");
        certifications.Single().CertifiedOn.ShouldBe(new DateOnly(2022, 6, 18));
    }

    [Fact]
    public void Publish_AnApplicationNotFiled_RefusesTheWholeBatch()
    {
        var filed = Filed(Codes.OtherStreetCommunity);
        var approved = Round.InState(ApplicationState.Approved).Application; // of Codes.Community
        var ex = Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [filed, approved], Actors.City(), Times.AsOf));
        ex.Code.ShouldBe("illegal-transition");
        approved.State.ShouldBe(ApplicationState.Approved);
        filed.State.ShouldBe(ApplicationState.Filed); // the one before it was not published either
        filed.History.Count.ShouldBe(5); // create, submit, recommend, approve, file
    }

    [Fact]
    public void Publish_Refusals()
    {
        var filed = Filed(Codes.Community);
        Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [], Actors.City(), Times.AsOf)).Code.ShouldBe("batch-empty");
        Should.Throw<DomainException>(() => PublicationBatch.Publish(0, null, [filed], Actors.City(), Times.AsOf)).Code.ShouldBe("batch-number-invalid");
        Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [filed], Actors.District(), Times.AsOf)).Kind.ShouldBe(DomainErrorKind.Forbidden);
        Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [filed, filed], Actors.City(), Times.AsOf)).Code.ShouldBe("batch-duplicate");
        Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [filed], Actors.City(Codes.Tianjin), Times.AsOf)).Code.ShouldBe("out-of-scope");
        filed.State.ShouldBe(ApplicationState.Filed);
    }
}
