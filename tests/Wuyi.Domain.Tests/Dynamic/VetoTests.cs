using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests.Dynamic;

/// <summary>A one-vote veto (一票否决) on its own: who may record it, what it must say, and its annulment by the city.</summary>
public sealed class VetoTests
{
    private static readonly DateTimeOffset At = Times.AsOf;
    private static readonly DateTimeOffset Yesterday = Times.AsOf.AddDays(-1);

    private static Veto Record(
        Actor? actor = null,
        string community = Codes.Community,
        VetoKind kind = VetoKind.InspectionNotice,
        DateTimeOffset? occurred = null,
        string? source = "市卫健委检查通报",
        string? description = "卡口夜间无人值守",
        string? documentReference = "京卫通〔2022〕12号",
        bool managementLapse = false,
        DateTimeOffset? at = null) =>
        Veto.Record(actor ?? Actors.District(), community, kind, occurred ?? Yesterday, source, description, documentReference, managementLapse, at ?? At);

    private static DomainException Refused(Func<Veto> record) => Should.Throw<DomainException>(record);

    public static TheoryData<VetoKind, bool> EveryVeto => new()
    {
        { VetoKind.InspectionNotice, false },
        { VetoKind.MediaExposure, false },
        { VetoKind.CaseWithManagementLapse, true },
    };

    // ---- recording: what is kept ----

    [Theory]
    [MemberData(nameof(EveryVeto))]
    public void Record_EachKind_KeepsTheWholeRecord(VetoKind kind, bool lapse)
    {
        var actor = Actors.District();

        var veto = Record(actor, kind: kind, source: "  北京日报  ", description: " 卡口夜间无人值守 ", documentReference: " https://example.org/a ",
            managementLapse: lapse);

        veto.CommunityCode.ShouldBe(Codes.Community);
        veto.Kind.ShouldBe(kind);
        veto.KindName.ShouldBe(VetoKindNames.Of(kind));
        veto.OccurredAtUtc.ShouldBe(Yesterday.UtcDateTime);
        veto.Source.ShouldBe("北京日报");
        veto.Description.ShouldBe("卡口夜间无人值守");
        veto.DocumentReference.ShouldBe("https://example.org/a");
        veto.ManagementLapse.ShouldBeTrue();
        veto.RecordedAtUtc.ShouldBe(At.UtcDateTime);
        veto.RecordedAtUtc.Kind.ShouldBe(DateTimeKind.Utc);
        (veto.RecordedByUserId, veto.RecordedByName).ShouldBe((actor.UserId, actor.Name));
        veto.IsLive.ShouldBeTrue();
        veto.AnnulledAtUtc.ShouldBeNull();
        veto.ClearedAtUtc.ShouldBeNull();
        veto.Id.Version.ShouldBe(7);
    }

    [Theory]
    [InlineData(VetoKind.InspectionNotice)]
    [InlineData(VetoKind.MediaExposure)]
    public void Record_NoticeOrExposure_VetoesWithoutAnyLapseFinding(VetoKind kind)
    {
        var veto = Record(kind: kind, managementLapse: false);

        veto.ManagementLapse.ShouldBeTrue(); // the flag only qualifies a case; a notice or an exposure always counts
        veto.IsLive.ShouldBeTrue();
        var explanation = Evaluations.Perfect().With(veto.ToFact()).Evaluate();
        explanation.FailureReasons.ShouldBe([FailureReason.Vetoed]);
    }

    [Fact]
    public void Record_CaseWithoutManagementLapse_IsNoVeto_AndSaysWhy()
    {
        var ex = Refused(() => Record(kind: VetoKind.CaseWithManagementLapse, managementLapse: false));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("not-a-veto");
        ex.Message.ShouldBe("出现病例但未认定漏管失管的，不实行一票否决（创建不以零病例为标准）");
        ex.Errors["managementLapse"].ShouldBe(["只有漏管失管造成病例扩散的，才实行一票否决"]);
    }

    [Fact]
    public void Record_TwoEvents_HaveDifferentIds()
    {
        Record().Id.ShouldNotBe(Record().Id);
    }

    [Fact]
    public void Record_BlankDocumentReference_IsStoredAsNull()
    {
        Record(documentReference: "   ").DocumentReference.ShouldBeNull();
        Record(documentReference: null).DocumentReference.ShouldBeNull();
    }

    // ---- recording: who ----

    [Theory]
    [InlineData(ProgrammeRole.City)]
    [InlineData(ProgrammeRole.District)]
    public void Record_CityOrDistrictCoveringTheCommunity_MayRecord(ProgrammeRole role)
    {
        var actor = Actors.Covering(role);

        Record(actor).RecordedByUserId.ShouldBe(actor.UserId);
    }

    [Theory]
    [InlineData(ProgrammeRole.Community)]
    [InlineData(ProgrammeRole.Street)]
    public void Record_StreetOrCommunity_IsForbidden(ProgrammeRole role)
    {
        var ex = Refused(() => Record(Actors.Covering(role)));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("wrong-role");
        ex.Message.ShouldBe("只有市、区社区防控组可以记录一票否决事项");
    }

    [Theory]
    [InlineData(ProgrammeRole.District)]
    [InlineData(ProgrammeRole.City)]
    public void Record_OutsideTheActorsSubtree_IsForbidden(ProgrammeRole role)
    {
        var ex = Refused(() => Record(Actors.OutOfScope(role)));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("out-of-scope");
        ex.Message.ShouldBe("该社区（村）不在您的管辖范围内");
    }

    [Fact]
    public void Record_ChaoyangDistrict_MayRecordInChaoyang_ButNotInHaidian()
    {
        Record(Actors.District(Codes.Chaoyang), community: Codes.ChaoyangCommunity).CommunityCode.ShouldBe(Codes.ChaoyangCommunity);
        Refused(() => Record(Actors.District(Codes.Chaoyang), community: Codes.Community)).Code.ShouldBe("out-of-scope");
    }

    // ---- recording: what it must say ----

    [Theory]
    [InlineData("")]
    [InlineData("110108")]
    [InlineData("110108001")]
    [InlineData("11010800100")]
    [InlineData("1101080010011")]
    [InlineData("11010800100a")]
    public void Record_NotACommunityCode_IsInvalid(string code)
    {
        var ex = Refused(() => Record(Actors.City(), community: code));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("community-code-invalid");
        ex.Message.ShouldBe($"“{code}”不是社区（村）的 12 位区划代码");
    }

    [Fact]
    public void Record_UnknownKind_IsInvalid()
    {
        var ex = Refused(() => Record(kind: (VetoKind)99));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("veto-kind-invalid");
        ex.Errors["kind"].ShouldBe(["请选择否决事项的类型"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Record_WithoutSource_IsInvalid(string? source)
    {
        var ex = Refused(() => Record(source: source));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("reason-required");
        ex.Message.ShouldBe("请填写通报部门、媒体或病例信息来源");
        ex.Errors.Keys.ShouldBe(["source"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Record_WithoutDescription_IsInvalid(string? description)
    {
        var ex = Refused(() => Record(description: description));

        ex.Code.ShouldBe("reason-required");
        ex.Message.ShouldBe("请填写事件情况");
        ex.Errors["description"].ShouldBe(["请填写事件情况"]);
    }

    [Theory]
    [InlineData("source", 200, "来源")]
    [InlineData("description", 4000, "事件情况")]
    [InlineData("documentReference", 500, "通报文号或报道链接")]
    public void Record_TextAtItsLimit_IsKept_AndOneMoreCharacterIsRefused(string field, int max, string label)
    {
        Veto With(int length)
        {
            var text = new string('卡', length);
            return field switch
            {
                "source" => Record(source: text),
                "description" => Record(description: text),
                _ => Record(documentReference: text),
            };
        }

        Should.NotThrow(() => With(max));
        var ex = Refused(() => With(max + 1));
        ex.Code.ShouldBe("text-too-long");
        ex.Message.ShouldBe($"“{label}”不能超过 {max} 字（当前 {max + 1:N0} 字）");
        ex.Errors[field].ShouldBe([ex.Message]);
    }

    [Fact]
    public void Record_OccurredInTheFuture_IsInvalid()
    {
        var ex = Refused(() => Record(occurred: At.AddSeconds(1)));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("occurred-in-future");
        ex.Errors["occurredAt"].ShouldBe(["事件发生时间不能晚于现在"]);
    }

    [Fact]
    public void Record_OccurredThisVeryMoment_IsAccepted()
    {
        Record(occurred: At).OccurredAtUtc.ShouldBe(At.UtcDateTime);
    }

    [Fact]
    public void Record_FutureIsJudgedOnTheInstant_NotOnTheWallClockOfTheOffset()
    {
        // 09:30 UTC is 17:30 in Beijing, i.e. after 10:00 Beijing time although "09:30" < "10:00".
        var laterInstant = new DateTimeOffset(2022, 6, 20, 9, 30, 0, TimeSpan.Zero);
        Refused(() => Record(occurred: laterInstant)).Code.ShouldBe("occurred-in-future");

        // 01:30 UTC is 09:30 in Beijing: earlier, although "01:30" shown in UTC.
        var earlierInstant = new DateTimeOffset(2022, 6, 20, 1, 30, 0, TimeSpan.Zero);
        Record(occurred: earlierInstant).OccurredAtUtc.ShouldBe(earlierInstant.UtcDateTime);
    }

    [Fact]
    public void Record_ChecksScopeBeforeContent()
    {
        // An actor out of scope learns nothing about which field was wrong.
        var ex = Refused(() => Record(Actors.OutOfScope(ProgrammeRole.District), source: null, description: null));

        ex.Code.ShouldBe("out-of-scope");
    }

    // ---- the public reason ----

    [Fact]
    public void PublicReason_IsBeijingDateKindAndSource_NeverTheDescriptionOrDocument()
    {
        var veto = Record(occurred: Times.Beijing(2022, 6, 19, 8), description: "值守人员张三擅离岗位", documentReference: "京卫通〔2022〕12号");

        veto.PublicReason.ShouldBe("2022年6月19日卡口点位被市级部门检查通报（市卫健委检查通报）");
        veto.PublicReason.ShouldNotContain("张三");
        veto.PublicReason.ShouldNotContain("京卫通");
    }

    [Fact]
    public void PublicReason_DateIsTheBeijingDate_NotTheUtcDate()
    {
        // 2022-06-18 16:30 UTC is 2022-06-19 00:30 in Beijing.
        var veto = Record(kind: VetoKind.MediaExposure, occurred: new DateTimeOffset(2022, 6, 18, 16, 30, 0, TimeSpan.Zero), source: "北京日报");

        veto.PublicReason.ShouldBe("2022年6月19日卡口点位被媒体曝光（北京日报）");
    }

    [Fact]
    public void PublicReason_OfACase_NamesTheLapse()
    {
        var veto = Record(kind: VetoKind.CaseWithManagementLapse, managementLapse: true, occurred: Times.Beijing(2022, 6, 1, 12), source: "区疾控中心病例通报");

        veto.PublicReason.ShouldBe("2022年6月1日出现病例且漏管失管（区疾控中心病例通报）");
    }

    // ---- the engine's fact ----

    [Fact]
    public void ToFact_CarriesTheEventAsTheEngineJudgesIt()
    {
        var veto = Record(kind: VetoKind.CaseWithManagementLapse, managementLapse: true);

        var fact = veto.ToFact();

        fact.ShouldBe(new VetoEvent(veto.Id, Codes.Community, VetoKind.CaseWithManagementLapse, Yesterday, "市卫健委检查通报", "卡口夜间无人值守",
            true, null, null));
    }

    [Fact]
    public void ToFact_AfterAnnulment_NoLongerVetoesAnEvaluationAfterIt()
    {
        var veto = Record();
        veto.Annul(Actors.City(), "误录", At.AddHours(1));

        var fact = veto.ToFact();

        fact.AnnulledAt.ShouldBe(At.AddHours(1));
        var later = Evaluations.Perfect() with { AsOf = At.AddHours(2) };
        later.With(fact).Evaluate().Passes.ShouldBeTrue();
        var between = Evaluations.Perfect() with { AsOf = At.AddMinutes(30) };
        between.With(fact).Evaluate().FailureReasons.ShouldBe([FailureReason.Vetoed]); // a past evaluation stays as it was
    }

    // ---- annulment (city only) ----

    [Fact]
    public void Annul_ByTheCityWithAReason_EndsTheVeto_AndWritesHistory()
    {
        var veto = Record();
        var city = Actors.City();
        var at = At.AddHours(3);

        var e = veto.Annul(city, "  系录入错误  ", at);

        veto.IsLive.ShouldBeFalse();
        veto.AnnulledAtUtc.ShouldBe(at.UtcDateTime);
        veto.AnnulledByUserId.ShouldBe(city.UserId);
        veto.AnnulmentReason.ShouldBe("系录入错误");
        veto.ClearedAtUtc.ShouldBeNull();
        e.Kind.ShouldBe(ProgrammeEventKind.VetoAnnulled);
        e.CommunityCode.ShouldBe(Codes.Community);
        e.SubjectId.ShouldBe(veto.Id);
        e.AtUtc.ShouldBe(at.UtcDateTime);
        (e.ActorUserId, e.ActorRole).ShouldBe((city.UserId, ProgrammeRole.City));
        e.Summary.ShouldBe("撤销否决事项“卡口点位被市级部门检查通报（市卫健委检查通报）”：系录入错误");
        e.PublicSummary.ShouldBeNull();
    }

    [Theory]
    [InlineData(ProgrammeRole.District)]
    [InlineData(ProgrammeRole.Street)]
    [InlineData(ProgrammeRole.Community)]
    public void Annul_ByAnyoneButTheCity_IsForbidden_AndTheVetoStands(ProgrammeRole role)
    {
        var veto = Record();

        var ex = Should.Throw<DomainException>(() => veto.Annul(Actors.Covering(role), "误录", At.AddHours(1)));

        ex.Kind.ShouldBe(DomainErrorKind.Forbidden);
        ex.Code.ShouldBe("wrong-role");
        ex.Message.ShouldBe("只有市社区防控组可以撤销否决事项");
        veto.IsLive.ShouldBeTrue();
        veto.AnnulmentReason.ShouldBeNull();
    }

    [Fact]
    public void Annul_ByAnotherProvincesCity_IsForbidden()
    {
        var veto = Record();

        var ex = Should.Throw<DomainException>(() => veto.Annul(Actors.OutOfScope(ProgrammeRole.City), "误录", At.AddHours(1)));

        ex.Code.ShouldBe("out-of-scope");
        veto.IsLive.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Annul_WithoutReason_IsInvalid_AndTheVetoStands(string? reason)
    {
        var veto = Record();

        var ex = Should.Throw<DomainException>(() => veto.Annul(Actors.City(), reason, At.AddHours(1)));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("reason-required");
        ex.Errors["reason"].ShouldBe(["请填写撤销理由"]);
        veto.IsLive.ShouldBeTrue();
        veto.AnnulledAtUtc.ShouldBeNull();
        veto.AnnulledByUserId.ShouldBeNull();
    }

    [Fact]
    public void Annul_Twice_IsAConflict_AndTheFirstAnnulmentStays()
    {
        var veto = Record();
        veto.Annul(Actors.City(), "第一次", At.AddHours(1));

        var ex = Should.Throw<DomainException>(() => veto.Annul(Actors.City("11"), "第二次", At.AddHours(2)));

        ex.Kind.ShouldBe(DomainErrorKind.Conflict);
        ex.Code.ShouldBe("veto-annulled");
        ex.Message.ShouldBe("该否决事项已被撤销");
        veto.AnnulmentReason.ShouldBe("第一次");
        veto.AnnulledAtUtc.ShouldBe(At.AddHours(1).UtcDateTime);
    }
}
