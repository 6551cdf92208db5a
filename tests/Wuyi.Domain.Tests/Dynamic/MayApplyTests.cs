using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>No new application while a veto stands or a rectification is unaccepted; after an accepted rectification, apply again.</summary>
public sealed class MayApplyTests
{
    private static DomainException Refused(Scene scene) => Should.Throw<DomainException>(scene.RequireMayApply);

    [Fact]
    public void NothingOnRecord_MayApply()
    {
        Should.NotThrow(Scene.Nothing().RequireMayApply);
    }

    [Fact]
    public void AfterAVeto_TheOpenTaskStandsInTheWay()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();

        var ex = Refused(scene);

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("rectification-pending");
        ex.Message.ShouldBe("本社区（村）有尚未验收的整改任务，整改验收通过后才能重新申报");
    }

    [Fact]
    public void AReportedButUnacceptedTask_StillStandsInTheWay()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();
        scene.ReportFixed();

        Refused(scene).Code.ShouldBe("rectification-pending");
    }

    [Fact]
    public void ATaskSentBack_StillStandsInTheWay()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();
        scene.ReportFixed();
        scene.SendBack();

        Refused(scene).Code.ShouldBe("rectification-pending");
    }

    [Fact]
    public void ALiveVeto_StandsInTheWay_EvenWithoutATask()
    {
        var veto = Veto.Record(Actors.District(), Codes.Community, VetoKind.MediaExposure, Times.AsOf, "北京日报", "卡口无人", null, false, Times.AsOf);

        var ex = Should.Throw<DomainException>(() => DynamicRules.RequireMayApply(Codes.Community, [veto], null));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("veto-live");
        ex.Message.ShouldBe("本社区（村）有尚未整改验收的一票否决事项，不能申报");
    }

    [Fact]
    public void AfterAnAcceptedRectification_MayApplyAgain()
    {
        var scene = Scene.Certified();
        scene.RecordVeto();
        scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报"));
        scene.ReportFixed();
        scene.SendBack();
        scene.ReportFixed("补齐夜间排班");

        scene.Accept();

        scene.LiveVetoes.ShouldBeEmpty();
        Should.NotThrow(scene.RequireMayApply);
    }

    [Fact]
    public void AfterAnAcceptedRectification_ANewVeto_StopsItAgain()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();
        scene.ReportFixed();
        scene.Accept();

        var outcome = scene.RecordVeto(Scene.Report(VetoKind.MediaExposure, source: "北京日报"));

        outcome.NewTask.ShouldNotBeNull(); // a second task, the first being closed
        scene.Tasks.Count.ShouldBe(2);
        Refused(scene).Code.ShouldBe("rectification-pending");
    }

    [Fact]
    public void AnAnnulledVeto_DoesNotStandInTheWay_OnceItsTaskIsWithdrawn()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();
        scene.Annul();
        Refused(scene).Code.ShouldBe("rectification-pending"); // annulling alone withdraws nothing

        scene.Decide(ReEvaluationDecision.Restore, "核实系误录");

        Should.NotThrow(scene.RequireMayApply);
    }

    [Fact]
    public void AnotherCommunitysVeto_DoesNotStandInTheWay()
    {
        var neighbours = Veto.Record(Actors.District(), Codes.Neighbour, VetoKind.MediaExposure, Times.AsOf, "北京日报", "卡口无人", null, false, Times.AsOf);

        Should.NotThrow(() => DynamicRules.RequireMayApply(Codes.Community, [neighbours], null));
        Should.Throw<DomainException>(() => DynamicRules.RequireMayApply(Codes.Neighbour, [neighbours], null)).Code.ShouldBe("veto-live");
    }

    [Fact]
    public void AClosedTaskPassedIn_DoesNotStandInTheWay()
    {
        var scene = Scene.Nothing();
        scene.RecordVeto();
        scene.ReportFixed();
        scene.Accept();

        Should.NotThrow(() => DynamicRules.RequireMayApply(Codes.Community, scene.Vetoes, scene.Task));
    }
}
