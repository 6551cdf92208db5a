using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.ResidentReports;

namespace Wuyi.Domain.Tests.ResidentReports;

/// <summary>
/// A resident's report (群众监督): what it must say to be taken, and the officials' steps — check, pass to inspection,
/// close with a public line — each by the district or the city in its subtree, each once, and a refusal changes nothing.
/// </summary>
public sealed class ResidentReportTests
{
    private const string Community = "110108001001";
    private static readonly DateTimeOffset At = new(2022, 6, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly string Receipt = ReceiptNumber.New(new byte[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 });

    private static readonly Actor Haidian = new("d1", "海淀区社区防控组", ProgrammeRole.District, "110108");
    private static readonly Actor Chaoyang = new("d2", "朝阳区社区防控组", ProgrammeRole.District, "110105");
    private static readonly Actor City = new("c1", "市社区防控组", ProgrammeRole.City, "11");
    private static readonly Actor Street = new("s1", "万寿路街道", ProgrammeRole.Street, "110108001");

    private static ResidentReport Report(string? contact = null) =>
        ResidentReport.Receive(Community, ReportKind.UnstaffedCheckpoint, "  晚上十点东门卡口无人值守  ", contact, consent: true, Receipt, At);

    [Fact]
    public void Receive_KeepsTheTrimmedText_InTheCommunitysDistrict_AsReceived()
    {
        var report = Report("138 0013 8000");

        report.Text.ShouldBe("晚上十点东门卡口无人值守");
        report.Contact.ShouldBe("138 0013 8000");
        report.DistrictCode.ShouldBe("110108");
        report.Status.ShouldBe(ReportStatus.Received);
        report.Receipt.ShouldBe(Receipt);
        report.ReceivedAtUtc.ShouldBe(At.UtcDateTime);
        report.Version.ShouldBe(1);
        report.IsOpen.ShouldBeTrue();
    }

    [Theory]
    [InlineData(0, "晚上东门无人", null, true, "kind-invalid", "kind")]
    [InlineData(1, "  ", null, true, "reason-required", "text")]
    [InlineData(1, "没人", null, true, "report-text-too-short", "text")]
    [InlineData(1, "晚上东门无人值守", "打我电话", true, "contact-invalid", "contact")]
    [InlineData(1, "晚上东门无人值守", "123", true, "contact-invalid", "contact")]
    [InlineData(1, "晚上东门无人值守", "1380013800012345678", true, "contact-invalid", "contact")]
    [InlineData(1, "晚上东门无人值守", null, false, "consent-required", "consent")]
    public void Receive_RefusesWhatCannotBeChecked_NamingTheField(int kind, string text, string? contact, bool consent, string code, string field)
    {
        var ex = Should.Throw<DomainException>(() => ResidentReport.Receive(Community, (ReportKind)kind, text, contact, consent, Receipt, At));

        ex.Code.ShouldBe(code);
        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Errors.Keys.ShouldBe([field]);
        ex.Message.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Fact]
    public void Receive_TextAtItsBound_IsKept_OneMoreIsRefused()
    {
        ResidentReport.Receive(Community, ReportKind.Other, new string('卡', TextLimits.ReportText.Max), null, true, Receipt, At).Text.Length
            .ShouldBe(1000);
        Should.Throw<DomainException>(() => ResidentReport.Receive(Community, ReportKind.Other, new string('卡', 1001), null, true, Receipt, At))
            .Code.ShouldBe("text-too-long");
    }

    [Fact]
    public void Steps_CheckThenLeadThenClose_EachMovesTheStatus_AndTheVersion()
    {
        var report = Report();

        report.StartChecking(Haidian, At.AddHours(1));
        report.Status.ShouldBe(ReportStatus.Checking);
        report.PassToInspection(Haidian, "列入本周督导检查", At.AddHours(2));
        report.Status.ShouldBe(ReportStatus.PassedToInspection);
        report.PassedToInspectionAtUtc.ShouldBe(At.AddHours(2).UtcDateTime);
        var said = report.Close(City, "经核查属实，已督促社区落实24小时值守", "夜班人员已补齐", At.AddDays(1));

        report.Status.ShouldBe(ReportStatus.Closed);
        report.IsOpen.ShouldBeFalse();
        report.PublicOutcome.ShouldBe("经核查属实，已督促社区落实24小时值守");
        report.InternalNote.ShouldBe("夜班人员已补齐");
        report.HandledByName.ShouldBe("市社区防控组");
        report.Version.ShouldBe(4);
        said.After.ShouldContain("经核查属实");
    }

    [Fact]
    public void PreviewClose_SaysWhatTheResidentWillRead_AndChangesNothing()
    {
        var report = Report();

        var said = report.PreviewClose(Haidian, "已整改", "内部");

        said.Before.ShouldContain(ReceiptNumber.Format(Receipt));
        said.Before.ShouldContain("“已整改”");
        said.Before.ShouldContain("内部备注不公开");
        report.Status.ShouldBe(ReportStatus.Received);
        report.Version.ShouldBe(1);
        report.PublicOutcome.ShouldBeNull();
    }

    [Fact]
    public void Close_WithoutAPublicLine_IsRefused_AndNothingChanges()
    {
        var report = Report();

        Should.Throw<DomainException>(() => report.Close(Haidian, " ", "内部", At)).Code.ShouldBe("reason-required");
        Should.Throw<DomainException>(() => report.Close(Haidian, new string('好', 201), null, At)).Code.ShouldBe("text-too-long");

        report.Status.ShouldBe(ReportStatus.Received);
        report.InternalNote.ShouldBeNull();
        report.Version.ShouldBe(1);
    }

    [Fact]
    public void AStreet_MayNotHandle_AnotherDistrict_IsOutOfScope_AndNothingChanges()
    {
        var report = Report();

        Should.Throw<DomainException>(() => report.StartChecking(Street, At)).Code.ShouldBe("wrong-role");
        Should.Throw<DomainException>(() => report.PassToInspection(Chaoyang, null, At)).Code.ShouldBe("out-of-scope");

        report.Status.ShouldBe(ReportStatus.Received);
        report.Version.ShouldBe(1);
    }

    [Fact]
    public void AClosedReport_TakesNoFurtherStep()
    {
        var report = Report();
        report.Close(Haidian, "不属实", null, At);

        Should.Throw<DomainException>(() => report.StartChecking(Haidian, At)).Code.ShouldBe("illegal-transition");
        Should.Throw<DomainException>(() => report.PassToInspection(Haidian, null, At)).Code.ShouldBe("illegal-transition");
        Should.Throw<DomainException>(() => report.Close(City, "再次办结", null, At)).Message.ShouldContain("已办结");
        report.PublicOutcome.ShouldBe("不属实");
        report.Version.ShouldBe(2);
    }

    [Fact]
    public void ALead_IsNotCheckedAgain()
    {
        var report = Report();
        report.PassToInspection(Haidian, null, At);

        Should.Throw<DomainException>(() => report.StartChecking(Haidian, At)).Code.ShouldBe("illegal-transition");
        Should.Throw<DomainException>(() => report.PassToInspection(Haidian, null, At)).Code.ShouldBe("illegal-transition");
    }

    [Fact]
    public void EveryKindAndStatus_HasAChineseName()
    {
        foreach (var kind in Enum.GetValues<ReportKind>()) ResidentReport.KindName(kind).ShouldMatch(@"^\p{IsCJKUnifiedIdeographs}+$");
        foreach (var status in Enum.GetValues<ReportStatus>()) ResidentReport.StatusName(status).ShouldMatch(@"^\p{IsCJKUnifiedIdeographs}+$");
    }
}
