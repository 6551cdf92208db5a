using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;

namespace Wuyi.Domain.Tests;

/// <summary>
/// Who may do what, stated once: the role sets of <see cref="Permissions"/> and the roles of the round's steps in
/// <see cref="ApplicationStates"/>, which endpoints, pages and the domain's own checks all use.
/// </summary>
public sealed class PermissionsTests
{
    private const ProgrammeRole Community = ProgrammeRole.Community, Street = ProgrammeRole.Street,
        District = ProgrammeRole.District, City = ProgrammeRole.City;

    /// <summary>The programme's rules (shared/domain.md) for each permission.</summary>
    public static TheoryData<Permission, ProgrammeRole[]> Expected() => new()
    {
        { Permission.ImportHotline, [City, District] },
        { Permission.ReadHotlineImports, [City, District, Street] },
        { Permission.RecordVeto, [City, District] },
        { Permission.AnnulVeto, [City] },
        { Permission.SuperviseRectification, [City, District] },
        { Permission.ReportRectification, [Community] },
        { Permission.AcceptRectification, [City, District] },
        { Permission.ReturnRectification, [City, District] },
        { Permission.ReEvaluate, [City, District] },
        { Permission.SuspendApplication, [City, District] },
        { Permission.ResumeApplication, [City, District] },
        { Permission.ChangePassMark, [City] },
        { Permission.PublishScale, [City] },
        { Permission.ReadStatistics, [Street, District, City] },
        { Permission.UploadDutyRoster, [Community] },
        { Permission.ReadDutyRoster, [Community, Street, District, City] },
        { Permission.HandleResidentReports, [City, District] },
        { Permission.ReadResidentReports, [Street, District, City] },
        { Permission.FileAppeal, [Community] },
        { Permission.DecideAppeal, [District, City] },
        { Permission.PlanInspection, [City, District] },
        { Permission.ConductInspection, [City, District] },
        { Permission.DecideInspection, [City, District] },
        { Permission.IssueInspectionNotice, [City] }, // 市级检查通报: only the municipal group
    };

    [Fact]
    public void Expected_CoversEveryPermission() =>
        Expected().Select(row => (Permission)row[0]).Order().ShouldBe(Enum.GetValues<Permission>());

    [Theory]
    [MemberData(nameof(Expected))]
    public void RolesFor_Permission_AreTheProgrammesRoles(Permission permission, ProgrammeRole[] roles)
    {
        Permissions.RolesFor(permission).Order().ShouldBe(roles.Order());
        foreach (var role in Enum.GetValues<ProgrammeRole>())
            role.Allows(permission).ShouldBe(roles.Contains(role), $"{role} / {permission}");
    }

    [Theory]
    [InlineData(Permission.ImportHotline, "只有市、区社区防控组可以导入12345诉求")]
    [InlineData(Permission.AnnulVeto, "只有市社区防控组可以撤销否决事项")]
    [InlineData(Permission.ChangePassMark, "只有市社区防控组可以调整达标分数线")]
    [InlineData(Permission.PublishScale, "只有市社区防控组可以发布量表")]
    [InlineData(Permission.ReadStatistics, "只有街道（乡镇）、市、区社区防控组可以查看统计分析")]
    [InlineData(Permission.ReadHotlineImports, "只有街道（乡镇）、市、区社区防控组可以查看12345诉求导入记录")]
    public void Require_RoleOutsideTheSet_IsRefusedNamingWhoMay(Permission permission, string message)
    {
        var ex = Should.Throw<DomainException>(() => Permissions.Require(Actors.Community(), permission));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("wrong-role");
        ex.Message.ShouldBe(message);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Require_RoleInTheSet_Passes(Permission permission, ProgrammeRole[] roles)
    {
        foreach (var role in roles) Permissions.Require(Actors.Covering(role), permission);
    }

    [Theory]
    [InlineData(new[] { City, District }, "市、区社区防控组")]
    [InlineData(new[] { District }, "区社区防控组")]
    [InlineData(new[] { City }, "市社区防控组")]
    [InlineData(new[] { Street }, "街道（乡镇）")]
    [InlineData(new[] { Community }, "社区（村）")]
    [InlineData(new[] { City, Street }, "街道（乡镇）、市社区防控组")]
    public void Who_RoleSet_IsNamedAsTheDocumentsDo(ProgrammeRole[] roles, string expected) =>
        Permissions.Who(roles).ShouldBe(expected);

    // ---- the round's steps ----

    [Theory]
    [InlineData(ApplicationAction.Create, Community)]
    [InlineData(ApplicationAction.Submit, Community)]
    [InlineData(ApplicationAction.Withdraw, Community)]
    [InlineData(ApplicationAction.Recommend, Street)]
    [InlineData(ApplicationAction.ReturnByStreet, Street)]
    [InlineData(ApplicationAction.Approve, District)]
    [InlineData(ApplicationAction.Reject, District)]
    [InlineData(ApplicationAction.ReturnByDistrict, District)]
    [InlineData(ApplicationAction.File, City)]
    [InlineData(ApplicationAction.Publish, City)]
    public void RoleOf_Step_IsTheRoleThatTakesIt(ApplicationAction step, ProgrammeRole role)
    {
        ApplicationStates.RoleOf(step).ShouldBe(role);
        foreach (var state in Enum.GetValues<ApplicationState>())
            foreach (var other in Enum.GetValues<ProgrammeRole>().Where(r => r != role))
                ApplicationStates.ActionsFor(other, state).ShouldNotContain(step);
    }

    [Theory]
    [InlineData(ApplicationAction.Suspend)]
    [InlineData(ApplicationAction.Resume)]
    public void RoleOf_VetoConsequence_IsNotAStepOfTheRound(ApplicationAction action) =>
        Should.Throw<ArgumentOutOfRangeException>(() => ApplicationStates.RoleOf(action));

    [Fact]
    public void ActionsFor_Create_IsNeverOffered() =>
        Enum.GetValues<ApplicationState>().ShouldAllBe(s => !ApplicationStates.ActionsFor(Community, s).Contains(ApplicationAction.Create));

    [Theory]
    [InlineData(ApplicationAction.Create, "只有社区（村）可以发起申报")]
    [InlineData(ApplicationAction.Recommend, "只有街道（乡镇）可以推荐")]
    [InlineData(ApplicationAction.ReturnByStreet, "只有街道（乡镇）可以退回待推荐的申报")]
    [InlineData(ApplicationAction.Approve, "只有区社区防控组可以评定")]
    [InlineData(ApplicationAction.ReturnByDistrict, "只有区社区防控组可以退回待评定的申报")]
    [InlineData(ApplicationAction.File, "只有市社区防控组可以备案")]
    [InlineData(ApplicationAction.Publish, "只有市社区防控组可以公布")]
    public void RequireRole_WrongRole_IsRefusedWithTheStepsWording(ApplicationAction step, string message)
    {
        var wrong = ApplicationStates.RoleOf(step) == Street ? Actors.District() : Actors.Street();

        var ex = Should.Throw<DomainException>(() => ApplicationStates.RequireRole(wrong, step));

        ex.Code.ShouldBe("wrong-role");
        ex.Message.ShouldBe(message);
    }
}
