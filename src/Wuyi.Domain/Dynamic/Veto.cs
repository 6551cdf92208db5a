using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Dynamic;

/// <summary>
/// A one-vote veto (一票否决) on record against a community: an inspection notice, a media exposure, or a
/// case with a management lapse. It counts until it is annulled (recorded by mistake) or cleared by an
/// accepted rectification.
/// </summary>
public sealed class Veto
{
    private Veto() { } // for EF

    public Guid Id { get; private set; }
    public string CommunityCode { get; private set; } = "";
    public VetoKind Kind { get; private set; }
    public DateTime OccurredAtUtc { get; private set; }
    public string Source { get; private set; } = "";           // 通报部门、媒体名称或病例通报
    public string Description { get; private set; } = "";
    public string? DocumentReference { get; private set; }     // 通报文号或报道链接
    public bool ManagementLapse { get; private set; }
    public DateTime RecordedAtUtc { get; private set; }
    public string RecordedByUserId { get; private set; } = "";
    public string RecordedByName { get; private set; } = "";
    public DateTime? AnnulledAtUtc { get; private set; }
    public string? AnnulledByUserId { get; private set; }
    public string? AnnulmentReason { get; private set; }
    public DateTime? ClearedAtUtc { get; private set; }
    public Guid? ClearedByTaskId { get; private set; }

    /// <summary>The inspection (督导检查) a municipal inspection notice was issued on, when it came from one.</summary>
    public Guid? InspectionId { get; private set; }

    /// <summary>Still vetoes: neither annulled nor cleared by an accepted rectification.</summary>
    public bool IsLive => AnnulledAtUtc is null && ClearedAtUtc is null;

    public string KindName => VetoKindNames.Of(Kind);

    /// <summary>The public wording: kind, date and source, never the internal description.</summary>
    public string PublicReason =>
        $"{FormalDate.OfUtc(OccurredAtUtc)}{KindName}（{Source}）";

    /// <summary>
    /// The city, or a district inside its subtree, records an event. A case without a management lapse is
    /// no veto ("not zero cases") and is refused here rather than recorded as one.
    /// </summary>
    public static Veto Record(Actor actor, string communityCode, VetoKind kind, DateTimeOffset occurredAt, string? source,
        string? description, string? documentReference, bool managementLapse, DateTimeOffset at, Guid? inspectionId = null)
    {
        if (DivisionCode.LevelOf(communityCode) != DivisionLevel.Community)
            throw DomainException.Invalid("community-code-invalid", $"“{communityCode}”不是社区（村）的 12 位区划代码");
        Guard.Permitted(actor, Permission.RecordVeto, communityCode);
        if (!Enum.IsDefined(kind))
            throw DomainException.Invalid("veto-kind-invalid", "请选择否决事项的类型",
                new Dictionary<string, string[]> { ["kind"] = ["请选择否决事项的类型"] });
        if (kind == VetoKind.CaseWithManagementLapse && !managementLapse)
            throw DomainException.Invalid("not-a-veto", "出现病例但未认定漏管失管的，不实行一票否决（创建不以零病例为标准）",
                new Dictionary<string, string[]> { ["managementLapse"] = ["只有漏管失管造成病例扩散的，才实行一票否决"] });
        if (occurredAt > at)
            throw DomainException.Invalid("occurred-in-future", "事件发生时间不能晚于现在",
                new Dictionary<string, string[]> { ["occurredAt"] = ["事件发生时间不能晚于现在"] });
        return new Veto
        {
            Id = Guid.CreateVersion7(at),
            CommunityCode = communityCode,
            Kind = kind,
            OccurredAtUtc = occurredAt.UtcDateTime,
            Source = TextLimits.VetoSource.Required(source, "请填写通报部门、媒体或病例信息来源"),
            Description = TextLimits.VetoDescription.Required(description, "请填写事件情况"),
            DocumentReference = TextLimits.DocumentReference.Optional(documentReference),
            ManagementLapse = kind != VetoKind.CaseWithManagementLapse || managementLapse,
            RecordedAtUtc = at.UtcDateTime,
            RecordedByUserId = actor.UserId,
            RecordedByName = actor.Name,
            InspectionId = kind == VetoKind.InspectionNotice ? inspectionId : null,
        };
    }

    /// <summary>The city annuls an event recorded by mistake, with a reason. What it caused is reopened, not undone here.</summary>
    public ProgrammeEvent Annul(Actor actor, string? reason, DateTimeOffset at)
    {
        var text = CheckAnnul(actor, reason);
        AnnulledAtUtc = at.UtcDateTime;
        AnnulledByUserId = actor.UserId;
        AnnulmentReason = text;
        return ProgrammeEvent.Of(ProgrammeEventKind.VetoAnnulled, CommunityCode, actor, at,
            $"撤销否决事项“{KindName}（{Source}）”：{text}", Id);
    }

    /// <summary>Refuses, changing nothing, unless the actor may annul this event now; returns the cleaned reason.</summary>
    internal string CheckAnnul(Actor actor, string? reason)
    {
        Guard.Permitted(actor, Permission.AnnulVeto, CommunityCode);
        if (AnnulledAtUtc is not null)
            throw DomainException.Conflict("veto-annulled", "该否决事项已被撤销");
        return TextLimits.AnnulmentReason.Required(reason, "请填写撤销理由");
    }

    /// <summary>An accepted rectification clears the event: it no longer vetoes a new application.</summary>
    internal void Clear(Guid taskId, DateTimeOffset at)
    {
        if (!IsLive) return;
        ClearedAtUtc = at.UtcDateTime;
        ClearedByTaskId = taskId;
    }

    public VetoEvent ToFact() => new(Id, CommunityCode, Kind, ProgrammeClock.FromUtc(OccurredAtUtc), Source, Description, ManagementLapse,
        AnnulledAtUtc is { } a ? ProgrammeClock.FromUtc(a) : null, ClearedAtUtc is { } c ? ProgrammeClock.FromUtc(c) : null);
}
