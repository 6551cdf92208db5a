using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;

namespace Wuyi.Domain.Publication;

/// <summary>A numbered batch (第 N 批) of certified communities, published by the city on one day.</summary>
public sealed class PublicationBatch
{
    private PublicationBatch() { } // for EF

    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public DateOnly PublishedOn { get; private set; }
    public DateTime PublishedAtUtc { get; private set; }
    public string PublishedByUserId { get; private set; } = "";
    public string PublishedByName { get; private set; } = "";
    public int CommunityCount { get; private set; }

    /// <summary>
    /// Publishes the filed applications as batch <paramref name="number"/>: each becomes Published and
    /// gets a certification (认定) with the next certificate number of its district and year from <paramref name="numbering"/>,
    /// given in division-code order. Refuses an empty batch or an application that is not filed.
    /// </summary>
    public static (PublicationBatch Batch, IReadOnlyList<Certification> Certifications) Publish(
        int number, string? givenTitle, IReadOnlyCollection<Application> applications, Actor actor, DateTimeOffset at, CertificateNumbering numbering)
    {
        var will = Preview(number, givenTitle, applications, actor); // all or none

        var on = ProgrammeClock.DateOf(at);
        var batch = new PublicationBatch
        {
            Number = number,
            Title = will.Title,
            PublishedOn = on,
            PublishedAtUtc = at.UtcDateTime,
            PublishedByUserId = actor.UserId,
            PublishedByName = actor.Name,
            CommunityCount = applications.Count,
        };
        var numbers = applications.Select(a => a.CommunityCode).Order(StringComparer.Ordinal)
            .ToDictionary(code => code, code => numbering.Next(DivisionCode.DistrictOf(code), on), StringComparer.Ordinal);
        var certifications = new List<Certification>(applications.Count);
        foreach (var application in applications)
        {
            application.Publish(actor, number, at);
            certifications.Add(Certification.Grant(application, number, numbers[application.CommunityCode], on, at));
        }
        return (batch, certifications);
    }

    /// <summary>
    /// What publishing these applications as batch <paramref name="number"/> would do, changing nothing: the same
    /// refusals as <see cref="Publish"/>, the batch's title, and the communities that go on the public list.
    /// </summary>
    public static BatchConsequences Preview(int number, string? givenTitle, IReadOnlyCollection<Application> applications, Actor actor)
    {
        ApplicationStates.RequireRole(actor, ApplicationAction.Publish);
        if (number < 1)
            throw DomainException.Invalid("batch-number-invalid", "批次号应从 1 开始");
        if (applications.Count == 0)
            throw DomainException.Invalid("batch-empty", "没有可公布的已备案申报");
        if (applications.Select(a => a.CommunityCode).Distinct().Count() != applications.Count)
            throw DomainException.Invalid("batch-duplicate", "同一社区（村）在一批中只能出现一次");
        foreach (var application in applications) application.CheckPublishable(actor);
        var title = TextLimits.BatchTitle.Optional(givenTitle) ?? $"第{number}批无疫社区（村）名单";
        return new(number, title, applications.Select(a => a.CommunityCode).Order(StringComparer.Ordinal).ToList());
    }
}

/// <summary>What publishing a batch will do (issue 11), from <see cref="PublicationBatch.Preview"/>.</summary>
/// <param name="CommunityCodes">The communities certified by it, in division-code order.</param>
public sealed record BatchConsequences(int Number, string Title, IReadOnlyList<string> CommunityCodes)
{
    /// <summary>How many communities the confirmation names; the rest are counted.</summary>
    public const int Named = 5;

    /// <summary>The consequences in Chinese; <paramref name="nameOf"/> names a community by its code.</summary>
    public StepConsequences Describe(Func<string, string> nameOf)
    {
        var count = CommunityCodes.Count;
        var names = string.Join("、", CommunityCodes.Take(Named).Select(nameOf)) + (count > Named ? $" 等 {count} 个" : "");
        return new($"将把 {count} 个社区（村）公布为第 {Number} 批无疫社区（“{Title}”）：{names}，立即出现在公开名单上，公布后只能经动态管理取消认定",
            $"已公布第 {Number} 批无疫社区（“{Title}”）：{count} 个社区（村）已列入公开名单");
    }
}

/// <summary>
/// A community's title (无疫社区（村）认定) from a published batch. While active it is on the public list.
/// </summary>
public sealed class Certification
{
    private Certification() { } // for EF

    public Guid Id { get; private set; }

    /// <summary>证书编号 (<see cref="CertificateNumber"/>): given at publication, kept through a revocation and a restoration.</summary>
    public string Number { get; private set; } = "";

    public string CommunityCode { get; private set; } = "";
    public Guid ApplicationId { get; private set; }
    public int BatchNumber { get; private set; }
    public DateOnly CertifiedOn { get; private set; }
    public DateTime CertifiedAtUtc { get; private set; }

    /// <summary>The community's code while the title stands, else null: a unique index keeps one per community.</summary>
    public string? ActiveForCommunity { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    /// <summary>The public reason of the revocation (取消认定), shown on the dynamic-adjustments page.</summary>
    public string? RevocationReason { get; private set; }

    /// <summary>The veto that revoked the title, if one did: annulling it reopens the revocation.</summary>
    public Guid? RevokedByVetoId { get; private set; }

    public DateTime? RestoredAtUtc { get; private set; }

    public bool IsActive => RevokedAtUtc is null;

    /// <summary>取消认定: the title leaves the public list at once; the reason is public.</summary>
    internal ProgrammeEvent Revoke(Actor actor, string publicReason, Guid? vetoId, DateTimeOffset at)
    {
        if (!IsActive)
            throw DomainException.Conflict("title-revoked", "该社区（村）的认定已被取消");
        RevokedAtUtc = at.UtcDateTime;
        RevocationReason = publicReason;
        RevokedByVetoId = vetoId;
        ActiveForCommunity = null;
        return ProgrammeEvent.Of(ProgrammeEventKind.TitleRevoked, CommunityCode, actor, at, $"取消认定（第 {BatchNumber} 批）：{publicReason}", Id,
            publicSummary: $"取消认定：{publicReason}");
    }

    /// <summary>恢复认定 after the veto behind a revocation was annulled and the decision reopened.</summary>
    internal ProgrammeEvent Restore(Actor actor, string comment, DateTimeOffset at)
    {
        if (IsActive)
            throw DomainException.Conflict("title-active", "该社区（村）的认定未被取消，无需恢复");
        RevokedAtUtc = null;
        RevocationReason = null;
        RevokedByVetoId = null;
        RestoredAtUtc = at.UtcDateTime;
        ActiveForCommunity = CommunityCode;
        return ProgrammeEvent.Of(ProgrammeEventKind.TitleRestored, CommunityCode, actor, at, $"恢复认定（第 {BatchNumber} 批）：{comment}", Id,
            publicSummary: "恢复认定：原否决事项经核实系误录，已撤销");
    }

    internal static Certification Grant(Application application, int batchNumber, string number, DateOnly on, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        Number = number,
        CommunityCode = application.CommunityCode,
        ApplicationId = application.Id,
        BatchNumber = batchNumber,
        CertifiedOn = on,
        CertifiedAtUtc = at.UtcDateTime,
        ActiveForCommunity = application.CommunityCode,
    };
}
