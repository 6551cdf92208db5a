using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Data;

namespace Wuyi.Web.Notices;

/// <summary>
/// Issues the notices (通知书) a step of dynamic management drafted, inside that step's transaction: numbered in the district's
/// notice-numbering turn (one after the highest of each kind, district and year on record), addressed and signed as the
/// division tree names them, composed once and added to the context for the step's one save (decision 0013).
/// </summary>
public sealed class NoticeIssuer(WuyiDbContext db)
{
    /// <summary>The series: its own advisory-lock space, beside the case numbers' and the certificate numbers'.</summary>
    public static readonly NumberSeries Series = new(727368011, db => db.Notices.Select(n => n.Number));

    /// <summary>
    /// The district's turn to number notices, to be held from before the step until its save has committed (every kind of the
    /// district shares it). Not an async method: on SQLite the write turn it enters must be known as held by the caller's flow.
    /// </summary>
    public ValueTask<IAsyncDisposable> TurnAsync(string communityCode, CancellationToken ct) =>
        Series.TurnAsync(db, DivisionCode.DistrictOf(communityCode), ct);

    /// <summary>Numbers, composes and adds the notices; call inside the turn, before the save. Returns them (none: nothing to issue).</summary>
    public async Task<IReadOnlyList<Notice>> IssueAsync(Actor actor, IReadOnlyList<NoticeDraft> drafts, DateTimeOffset at, CancellationToken ct)
    {
        if (drafts.Count == 0) return [];
        var code = drafts[0].CommunityCode;
        if (drafts.Any(d => d.CommunityCode != code) || drafts.DistinctBy(d => d.Kind).Count() != drafts.Count)
            throw new ArgumentException("one step's notices go to one community, one of each kind", nameof(drafts));

        var year = ProgrammeClock.DateOf(at).Year;
        var numbers = new Dictionary<NoticeKind, string>();
        foreach (var draft in drafts)
        {
            var prefix = NoticeNumber.Prefix(draft.Kind, DivisionCode.DistrictOf(code), year);
            numbers[draft.Kind] = NoticeNumber.Next(prefix, await Series.HighestAsync(db, prefix, ct));
        }
        var parties = await PartiesAsync(actor, code, ct);
        var notices = drafts.Select(d => Notice.Issue(actor, d, parties, numbers, at)).ToList();
        db.Notices.AddRange(notices);
        return notices;
    }

    /// <summary>To the community by its full name (district, street, community); from the group of the level that took the step.</summary>
    private async Task<NoticeParties> PartiesAsync(Actor actor, string code, CancellationToken ct)
    {
        var codes = new[] { code, DivisionCode.StreetOf(code), DivisionCode.DistrictOf(code), DivisionCode.ProvinceOf(code), actor.DivisionCode };
        var places = await db.Divisions.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, ct);
        string Name(string c) => places.TryGetValue(c, out var d) ? d.Name : c;
        var kind = places.TryGetValue(code, out var community) && community.Kind == CommunityKind.Village ? "村" : "社区";
        return new NoticeParties(Name(DivisionCode.DistrictOf(code)) + Name(DivisionCode.StreetOf(code)) + Name(code), kind,
            IssuingBody.CommunityPreventionGroup(Name(actor.DivisionCode)), IssuingBody.Programme(Name(DivisionCode.ProvinceOf(code))));
    }
}
