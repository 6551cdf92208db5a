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
        var a = Application.Start(Actors.Community(community), community, scale, 1, at);
        a.SaveSelfAssessment(Actors.Community(community), scale, Scores.Perfect(scale), null, at);
        a.Submit(Actors.Community(community), scale, at);
        a.Recommend(Actors.Street(community[..9]), null, at);
        a.SaveEvaluation(Actors.District(community[..6]), scale, Scores.Perfect(scale), null, null, at);
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
        var (batch, certifications) = PublicationBatch.Publish(1, null, apps, Actors.City(), at, new CertificateNumbering());

        batch.Number.ShouldBe(1);
        batch.Title.ShouldBe("第1批无疫社区（村）名单");
        batch.PublishedOn.ShouldBe(new DateOnly(2022, 6, 18));
        batch.CommunityCount.ShouldBe(3);
        apps.ShouldAllBe(a => a.State == ApplicationState.Published && a.BatchNumber == 1 && a.OpenForCommunity == null);
        foreach (var a in apps) (a.History[^1].Action, a.History[^1].Comment).ShouldBe((ApplicationAction.Publish, "第 1 批"));
        certifications.Select(c => c.CommunityCode).ShouldBe([Codes.Community, Codes.OtherStreetCommunity, Codes.ChaoyangCommunity]);
        certifications.ShouldAllBe(c => c.IsActive && c.BatchNumber == 1 && c.CertifiedOn == new DateOnly(2022, 6, 18) && c.ActiveForCommunity == c.CommunityCode);
        certifications.Select(c => c.ApplicationId).ShouldBe(apps.Select(a => a.Id));
        // 证书编号: the next of each district and year, in division-code order (decision 0012).
        certifications.Select(c => c.Number).ShouldBe(["京无疫证〔2022〕0108-0001", "京无疫证〔2022〕0108-0002", "京无疫证〔2022〕0105-0001"]);
    }

    [Fact]
    public void Publish_NumbersGoOnFromTheHighestOnRecord()
    {
        var numbering = new CertificateNumbering(new Dictionary<string, int> { [CertificateNumber.Prefix("110108", 2022)] = 7 });
        var (_, certifications) = PublicationBatch.Publish(3, null, [Filed(Codes.OtherStreetCommunity), Filed(Codes.Community)], Actors.City(),
            Times.Beijing(2022, 7, 1, 8), numbering);
        certifications.Select(c => (c.CommunityCode, c.Number)).ShouldBe([
            (Codes.OtherStreetCommunity, "京无疫证〔2022〕0108-0009"), (Codes.Community, "京无疫证〔2022〕0108-0008")]);
    }

    [Fact]
    public void Publish_TheDateIsTheBeijingDate()
    {
        // 2022-06-17 23:30 UTC is already the 18th in Beijing.
        var (batch, certifications) = PublicationBatch.Publish(2, "第二批", [Filed(Codes.Community)], Actors.City(), new DateTimeOffset(2022, 6, 17, 23, 30, 0, TimeSpan.Zero), new CertificateNumbering());
        batch.PublishedOn.ShouldBe(new DateOnly(2022, 6, 18));
        batch.Title.ShouldBe("第二批");
        certifications.Single().CertifiedOn.ShouldBe(new DateOnly(2022, 6, 18));
    }

    [Fact]
    public void Publish_AnApplicationNotFiled_RefusesTheWholeBatch()
    {
        var filed = Filed(Codes.OtherStreetCommunity);
        var approved = Round.InState(ApplicationState.Approved).Application; // of Codes.Community
        var ex = Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [filed, approved], Actors.City(), Times.AsOf, new CertificateNumbering()));
        ex.Code.ShouldBe("illegal-transition");
        approved.State.ShouldBe(ApplicationState.Approved);
        filed.State.ShouldBe(ApplicationState.Filed); // the one before it was not published either
        filed.History.Count.ShouldBe(5); // create, submit, recommend, approve, file
    }

    [Fact]
    public void Publish_Refusals()
    {
        var filed = Filed(Codes.Community);
        Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [], Actors.City(), Times.AsOf, new CertificateNumbering())).Code.ShouldBe("batch-empty");
        Should.Throw<DomainException>(() => PublicationBatch.Publish(0, null, [filed], Actors.City(), Times.AsOf, new CertificateNumbering())).Code.ShouldBe("batch-number-invalid");
        Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [filed], Actors.District(), Times.AsOf, new CertificateNumbering())).Kind.ShouldBe(DomainErrorKind.Forbidden);
        Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [filed, filed], Actors.City(), Times.AsOf, new CertificateNumbering())).Code.ShouldBe("batch-duplicate");
        Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [filed], Actors.City(Codes.Tianjin), Times.AsOf, new CertificateNumbering())).Code.ShouldBe("out-of-scope");
        filed.State.ShouldBe(ApplicationState.Filed);
    }

    [Fact]
    public void Publish_RecordsWhoPublishedAndWhen()
    {
        var at = Times.Beijing(2022, 6, 18, 8);
        var city = Actors.City();

        var (batch, certifications) = PublicationBatch.Publish(1, "  第一批无疫社区（村）名单  ", [Filed(Codes.Community)], city, at, new CertificateNumbering());

        batch.Title.ShouldBe("第一批无疫社区（村）名单");
        batch.PublishedAtUtc.ShouldBe(new DateTime(2022, 6, 18, 0, 0, 0, DateTimeKind.Utc));
        (batch.PublishedByUserId, batch.PublishedByName).ShouldBe((city.UserId, city.Name));
        var certification = certifications.Single();
        certification.Id.ShouldNotBe(Guid.Empty);
        certification.CertifiedAtUtc.ShouldBe(batch.PublishedAtUtc);
        certification.RevokedAtUtc.ShouldBeNull();
        certification.RevocationReason.ShouldBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Publish_WithoutATitle_NamesTheBatchByItsNumber(string? title)
    {
        var (batch, _) = PublicationBatch.Publish(3, title, [Filed(Codes.Community)], Actors.City(), Times.AsOf, new CertificateNumbering());

        batch.Title.ShouldBe("第3批无疫社区（村）名单");
    }

    [Fact]
    public void Publish_PublishedApplication_HasTheCitysStepInItsHistory()
    {
        var a = Filed(Codes.Community);
        var at = Times.Beijing(2022, 6, 18, 8);

        PublicationBatch.Publish(1, null, [a], Actors.City(), at, new CertificateNumbering());

        var last = a.History[^1];
        (last.From, last.To, last.ActorRole, last.ActorDivisionCode, last.AtUtc)
            .ShouldBe((ApplicationState.Filed, ApplicationState.Published, ProgrammeRole.City, Codes.Beijing, at.UtcDateTime));
        a.Version.ShouldBe(7); // self-assessment, submit, recommend, evaluation, approve, file, publish
    }

    [Fact]
    public void Publish_AnApplicationOutsideTheActorsNode_RefusesTheWholeBatch()
    {
        // A "city" actor bound to Haidian only covers Haidian: the Chaoyang application refuses the batch, and the
        // Haidian one listed before it is not published either.
        var haidian = Filed(Codes.Community);
        var chaoyang = Filed(Codes.ChaoyangCommunity);
        var narrow = Actors.City(Codes.Haidian);

        var ex = Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [haidian, chaoyang], narrow, Times.AsOf, new CertificateNumbering()));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("out-of-scope");
        haidian.State.ShouldBe(ApplicationState.Filed);
        haidian.BatchNumber.ShouldBeNull();
        haidian.OpenForCommunity.ShouldBe(Codes.Community);
        chaoyang.State.ShouldBe(ApplicationState.Filed);
    }

    [Theory]
    [InlineData(ProgrammeRole.Community)]
    [InlineData(ProgrammeRole.Street)]
    [InlineData(ProgrammeRole.District)]
    public void Publish_ByAnyRoleButTheCity_IsForbidden_AndChangesNothing(ProgrammeRole role)
    {
        var a = Filed(Codes.Community);
        var version = a.Version;

        var ex = Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [a], Actors.Covering(role), Times.AsOf, new CertificateNumbering()));

        ex.Code.ShouldBe("wrong-role");
        a.State.ShouldBe(ApplicationState.Filed);
        a.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Publish_BatchNumberBelowOne_IsRefused(int number)
    {
        var a = Filed(Codes.Community);

        var ex = Should.Throw<DomainException>(() => PublicationBatch.Publish(number, null, [a], Actors.City(), Times.AsOf, new CertificateNumbering()));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("batch-number-invalid");
        a.State.ShouldBe(ApplicationState.Filed);
    }

    [Fact]
    public void Publish_TwoApplicationsOfOneCommunity_AreRefusedAndNeitherPublished()
    {
        var first = Filed(Codes.Community);
        var second = Filed(Codes.Community);

        Should.Throw<DomainException>(() => PublicationBatch.Publish(1, null, [first, second], Actors.City(), Times.AsOf, new CertificateNumbering()))
            .Code.ShouldBe("batch-duplicate");
        first.State.ShouldBe(ApplicationState.Filed);
        second.State.ShouldBe(ApplicationState.Filed);
    }

    [Fact]
    public void Publish_AnAlreadyPublishedApplication_IsAConflict()
    {
        var a = Filed(Codes.Community);
        PublicationBatch.Publish(1, null, [a], Actors.City(), Times.AsOf, new CertificateNumbering());
        var version = a.Version;

        var ex = Should.Throw<DomainException>(() => PublicationBatch.Publish(2, null, [a], Actors.City(), Times.AsOf.AddDays(1), new CertificateNumbering()));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        a.BatchNumber.ShouldBe(1);
        a.Version.ShouldBe(version);
    }
}
