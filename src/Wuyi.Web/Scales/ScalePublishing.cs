using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Scales;

/// <summary>
/// The city publishes the rules: a new pass mark (调整达标分数线) or a new scale version (发布新版量表), for the API and
/// the pages alike. <see cref="RuleChanges"/> decides; this loads what it needs, queues the standing titles the change
/// would fail for their districts (<see cref="StandingRecheck"/>) and saves it all at once.
/// </summary>
public sealed class ScalePublishing(WuyiDbContext db, ScaleCatalog scales, StandingRecheck recheck, TimeProvider time)
{
    private readonly StepCommit commit = new(db,
        stale: "该事项已被他人更新，您看到的不是最新内容，请刷新后重试",
        conflict: "操作与他人同时进行的操作冲突（例如该社区（村）已被重新认定或已有进行中的事项），请刷新后重试");

    /// <summary>A new pass mark for a scale version (the one in force when none is named) from a date on.</summary>
    public async Task<(PassMarkChange Change, int Queued)> ChangePassMarkAsync(Actor actor, string? scaleVersionId, decimal value, DateOnly effectiveFrom, string? reason,
        CancellationToken ct, Action<StepConsequences>? done = null)
    {
        var (change, queued, said) = await StagePassMarkAsync(actor, scaleVersionId, value, effectiveFrom, reason, ct);
        await commit.SaveAsync(ct);
        done?.Invoke(said);
        return (change, queued);
    }

    /// <summary>What the change would do — the titles it would send to re-evaluation counted — changing nothing.</summary>
    public Task<StepConsequences> PreviewPassMarkAsync(Actor actor, string? scaleVersionId, decimal value, DateOnly effectiveFrom, string? reason, CancellationToken ct) =>
        UnsavedAsync(async () => (await StagePassMarkAsync(actor, scaleVersionId, value, effectiveFrom, reason, ct)).Said);

    private async Task<(PassMarkChange Change, int Queued, StepConsequences Said)> StagePassMarkAsync(Actor actor, string? scaleVersionId, decimal value,
        DateOnly effectiveFrom, string? reason, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var scale = string.IsNullOrWhiteSpace(scaleVersionId)
            ? await scales.InForceAsync(db, ProgrammeClock.DateOf(now), ct)
            : await db.ScaleVersions.AnyAsync(s => s.Id == scaleVersionId, ct)
                ? await scales.GetAsync(db, scaleVersionId, ct)
                : throw new NotFoundException($"找不到量表版本 {scaleVersionId}");
        var dates = await db.PassMarkChanges.AsNoTracking().Where(p => p.ScaleVersionId == scale.Id).Select(p => p.EffectiveFrom).ToListAsync(ct);
        var changed = RuleChanges.ChangePassMark(actor, scale, dates, value, effectiveFrom, reason, now);
        var current = (await scales.PassMarksAsync(db, scale, ct)).InForceOn(changed.Mark.EffectiveFrom).Value;

        var change = new PassMarkChange
        {
            Id = changed.Id, ScaleVersionId = scale.Id, EffectiveFrom = changed.Mark.EffectiveFrom, Value = changed.Mark.Value,
            SetByUserId = actor.UserId, SetByName = actor.Name, SetAtUtc = now.UtcDateTime, Reason = changed.Reason,
        };
        db.PassMarkChanges.Add(change);
        db.ProgrammeEvents.Add(changed.Recorded);
        var titles = (await recheck.StandingTitlesAsync(null, ct)).Where(t => t.ScaleVersionId == scale.Id).ToList();
        var queued = await recheck.QueueFailingAsync(actor, ReEvaluationCause.PassMarkChange, titles, changed.JudgedAsOf,
            (t, _, passMarks, complaints) => changed.Recheck(passMarks, t.CommunityCode, t.Scores, complaints), ct);
        return (change, queued, changed.Describe(current, queued));
    }

    /// <summary>A new scale version from its file; applications keep the version they started under.</summary>
    public async Task<(ScaleVersionRecord Record, int Queued)> PublishScaleAsync(Actor actor, string? definition, CancellationToken ct,
        Action<StepConsequences>? done = null)
    {
        var (record, queued, said) = await StageScaleAsync(actor, definition, ct);
        await commit.SaveAsync(ct);
        done?.Invoke(said);
        return (record, queued);
    }

    /// <summary>What publishing the version would do — how it differs from the one in force, the titles it would send to re-evaluation — changing nothing.</summary>
    public Task<StepConsequences> PreviewScaleAsync(Actor actor, string? definition, CancellationToken ct) =>
        UnsavedAsync(async () => (await StageScaleAsync(actor, definition, ct)).Said);

    /// <summary>A staged change's consequences, the change itself dropped: what a preview stages is never saved.</summary>
    private async Task<StepConsequences> UnsavedAsync(Func<Task<StepConsequences>> stage)
    {
        try
        {
            return await stage();
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<(ScaleVersionRecord Record, int Queued, StepConsequences Said)> StageScaleAsync(Actor actor, string? definition, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var published = RuleChanges.PublishScale(actor, definition, await db.ScaleVersions.AsNoTracking().Select(s => s.Id).ToListAsync(ct), now);
        var scale = published.Scale;
        var inForce = await db.ScaleVersions.AnyAsync(ct) ? await scales.InForceAsync(db, ProgrammeClock.DateOf(now), ct) : null;

        var record = new ScaleVersionRecord
        {
            Id = scale.Id, Name = scale.Name, EffectiveFrom = scale.EffectiveFrom, Definition = published.Definition, LoadedAtUtc = now.UtcDateTime,
        };
        db.ScaleVersions.Add(record);
        db.ProgrammeEvents.Add(published.Recorded);
        var titles = await recheck.StandingTitlesAsync(null, ct);
        var queued = await recheck.QueueFailingAsync(actor, ReEvaluationCause.ScaleChange, titles, published.JudgedAsOf,
            (t, _, _, complaints) => published.Recheck(t.CommunityCode, t.Scores, complaints), ct, judgeUnscored: true);
        return (record, queued, published.Describe(inForce, queued));
    }
}
