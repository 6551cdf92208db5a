using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.ResidentReports;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.ResidentReports;

/// <summary>
/// The officials' steps on a report, for the API and the pages alike: load it inside the actor's subtree (404 otherwise),
/// let <see cref="ResidentReport"/> decide, save once through the shared step pipeline (version check, 409 when stale).
/// </summary>
public sealed class ResidentReportWorkflow(WuyiDbContext db, TimeProvider time)
{
    private readonly StepCommit commit = new(db,
        stale: "该反映已被他人处理，您看到的不是最新内容，请刷新后重试",
        conflict: "操作与他人同时进行的操作冲突，请刷新后重试");

    /// <summary>核查中: the district or the city begins to check.</summary>
    public async Task<ResidentReport> StartCheckingAsync(Actor actor, Guid id, int? version, CancellationToken ct, Action<StepConsequences>? done = null)
    {
        var report = await LoadAsync(actor, id, version, ct);
        var said = await commit.RunAsync(() => Task.FromResult(report.StartChecking(actor, time.GetUtcNow())), ct);
        done?.Invoke(said); // the step runs whether or not the caller wants its words
        return report;
    }

    /// <summary>待核查线索: the report goes to the inspections.</summary>
    public async Task<ResidentReport> PassToInspectionAsync(Actor actor, Guid id, int? version, string? note, CancellationToken ct,
        Action<StepConsequences>? done = null)
    {
        var report = await LoadAsync(actor, id, version, ct);
        var said = await commit.RunAsync(() => Task.FromResult(report.PassToInspection(actor, note, time.GetUtcNow())), ct);
        done?.Invoke(said); // the step runs whether or not the caller wants its words
        return report;
    }

    /// <summary>What closing this report would do; changes nothing.</summary>
    public async Task<StepConsequences> PreviewCloseAsync(Actor actor, Guid id, int? version, string? outcome, string? note, CancellationToken ct)
    {
        var report = await LoadAsync(actor, id, version, ct);
        try
        {
            return report.PreviewClose(actor, outcome, note);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>办结: the public outcome line and the internal note.</summary>
    public async Task<ResidentReport> CloseAsync(Actor actor, Guid id, int? version, string? outcome, string? note, CancellationToken ct,
        Action<StepConsequences>? done = null)
    {
        var report = await LoadAsync(actor, id, version, ct);
        var said = await commit.RunAsync(() => Task.FromResult(report.Close(actor, outcome, note, time.GetUtcNow())), ct);
        done?.Invoke(said); // the step runs whether or not the caller wants its words
        return report;
    }

    private async Task<ResidentReport> LoadAsync(Actor actor, Guid id, int? version, CancellationToken ct)
    {
        var report = await db.ResidentReports.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (report is null || !actor.Covers(report.CommunityCode)) throw new NotFoundException("找不到该反映");
        Permissions.Require(actor, Permission.HandleResidentReports); // a street reads: its step is refused as such, before any version
        commit.RequireVersion(version, report.Version);
        return report;
    }
}
