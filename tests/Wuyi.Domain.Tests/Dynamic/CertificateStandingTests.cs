using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>A certificate's live standing (核验结果): 有效, 已取消认定 (整改中 beside it), 已重新认定 — computed on every read.</summary>
public sealed class CertificateStandingTests
{
    [Fact]
    public void AStandingTitle_IsValid()
    {
        var scene = Scene.Certified();
        scene.Title!.Number.ShouldBe("京无疫证〔2022〕0108-0001");
        var standing = CertificateStanding.Of(scene.Title, null, null, []);
        standing.Status.ShouldBe(CertificateStatus.Valid);
        standing.StatusName.ShouldBe("有效");
        standing.RevokedOn.ShouldBeNull();
        standing.RestoredOn.ShouldBeNull();
    }

    [Fact]
    public void AfterAVeto_IsRevoked_WithTheDayAndTheVetosKind_AndRectifying()
    {
        var scene = Scene.Certified();
        scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报"));

        var standing = CertificateStanding.Of(scene.Title!, scene.Veto.Kind, scene.OpenTask, []);

        standing.Status.ShouldBe(CertificateStatus.Revoked);
        standing.StatusName.ShouldBe("已取消认定");
        standing.RevokedOn.ShouldBe(new DateOnly(2022, 6, 20));
        standing.RevocationKind.ShouldBe("一票否决：卡口点位被媒体曝光");
        standing.RevocationReason!.ShouldContain("北京日报");
        standing.Rectifying.ShouldBeTrue();
        standing.RectificationDeadline.ShouldBe(scene.Task.Deadline);
    }

    [Fact]
    public void AfterAnAcceptedRectification_IsStillRevoked_NoLongerRectifying()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.ReportFixed();
        scene.Accept();

        var standing = CertificateStanding.Of(scene.Title!, scene.Veto.Kind, scene.OpenTask, []);
        standing.Status.ShouldBe(CertificateStatus.Revoked);
        standing.Rectifying.ShouldBeFalse();
        standing.RectificationDeadline.ShouldBeNull();
    }

    [Fact]
    public void RevokedOnReEvaluation_SaysSo()
    {
        var scene = Scene.Certified();
        scene.OpenReEvaluation(ReEvaluationCause.HotlineDeductions);
        scene.Decide(ReEvaluationDecision.Revoke, "复核确认扣分属实");

        var standing = CertificateStanding.Of(scene.Title!, null, scene.OpenTask, []);
        standing.Status.ShouldBe(CertificateStatus.Revoked);
        standing.RevocationKind.ShouldBe("重新评定未达标");
    }

    [Fact]
    public void Restored_IsValidAgain_UnderTheSameNumber()
    {
        var scene = Scene.Certified();
        var number = scene.Title!.Number;
        scene.RecordVeto();
        scene.Annul();
        scene.Decide(ReEvaluationDecision.Restore, "否决事项系误录，恢复认定");

        var standing = CertificateStanding.Of(scene.Title, null, scene.OpenTask, []);
        standing.Status.ShouldBe(CertificateStatus.Valid);
        standing.RestoredOn.ShouldNotBeNull();
        scene.Title.Number.ShouldBe(number);
    }

    [Fact]
    public void CertifiedAgain_PointsToTheNewCertificate()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.ReportFixed();
        scene.Accept();
        var again = Round.InState(ApplicationState.Filed).Application; // the community applied again
        var numbering = new CertificateNumbering(new Dictionary<string, int> { [CertificateNumber.Prefix("110108", 2022)] = 1 });
        var (_, certifications) = PublicationBatch.Publish(2, null, [again], Actors.City(), Times.AsOf.AddDays(60), numbering);
        var successor = certifications.Single();

        var standing = CertificateStanding.Of(scene.Title!, scene.Veto.Kind, null, [scene.Title!, successor]);

        standing.Status.ShouldBe(CertificateStatus.CertifiedAgain);
        standing.StatusName.ShouldBe("已重新认定");
        standing.Successor.ShouldBe("京无疫证〔2022〕0108-0002");
        standing.SuccessorCertifiedOn.ShouldBe(new DateOnly(2022, 8, 19));
        standing.RevokedOn.ShouldBe(new DateOnly(2022, 6, 20)); // this certificate's own revocation stays told
        CertificateStanding.Of(successor, null, null, [scene.Title!, successor]).Status.ShouldBe(CertificateStatus.Valid);
    }
}
