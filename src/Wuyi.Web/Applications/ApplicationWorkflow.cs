using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.Evaluation;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Publication;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Applications;

/// <summary>
/// Every step of the round, for the API and the pages alike: load the application inside the actor's
/// subtree (404 otherwise), check the version the caller saw, let the domain make the transition, save
/// once (<see cref="StepCommit"/>). Verdicts come from <see cref="CertificationEngine"/> only.
/// </summary>
public sealed class ApplicationWorkflow(WuyiDbContext db, ScaleCatalog scales, TimeProvider time)
{
    /// <summary>What a page says on <c>stale</c>: it has just shown the application again as it now stands.</summary>
    public const string StaleNotice = "在您打开此页之后，该申报已被他人处理或更新。页面已刷新为最新内容，请核对后再操作。";

    private readonly StepCommit commit = new(db,
        stale: "该申报已被他人更新，您看到的不是最新内容，请刷新后重试",
        conflict: "操作与他人同时进行的操作冲突（例如同一社区已有进行中的申报，或批次号已被占用），请刷新后重试");

    /// <summary>Two requests that took the same case number: the second starts again with the next one.</summary>
    private const int StartAttempts = 5;

    /// <summary>
    /// Starts a draft with the next case number; from <paramref name="earlier"/> (以上次申报为起点) it takes that
    /// application's self-assessment as far as the domain allows.
    /// </summary>
    public async Task<Application> StartAsync(Actor actor, string? communityCode, IReadOnlyDictionary<string, decimal>? scores, string? note, Guid? earlier,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStartAsync(actor, communityCode, scores, note, earlier, ct);
            }
            catch (DomainException e) when (e.Code == "conflict" && attempt < StartAttempts)
            {
                // A unique index said no: the case number was taken (try the next), or another draft was opened (the checks say so).
            }
        }
    }

    private async Task<Application> TryStartAsync(Actor actor, string? communityCode, IReadOnlyDictionary<string, decimal>? scores, string? note, Guid? earlier,
        CancellationToken ct)
    {
        var code = string.IsNullOrWhiteSpace(communityCode) ? actor.DivisionCode : communityCode.Trim();
        if (actor.Role == ProgrammeRole.Community && code != actor.DivisionCode)
            throw new NotFoundException("找不到该社区（村）");
        // What may stop a start, read in one query: on the deadline day every community starts at once.
        var standing = await db.Divisions.AsNoTracking().Where(d => d.Code == code)
            .Select(d => new
            {
                Open = db.Applications.Any(a => a.OpenForCommunity == code),
                Certified = db.Certifications.Any(c => c.ActiveForCommunity == code),
                Vetoed = db.Vetoes.Any(v => v.CommunityCode == code && v.AnnulledAtUtc == null && v.ClearedAtUtc == null),
                Rectifying = db.RectificationTasks.Any(t => t.OpenForCommunity == code),
            })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"找不到区划代码为 {code} 的社区（村）");
        if (standing.Open)
            throw DomainException.Conflict("open-application-exists", "本社区（村）已有一份进行中的申报，请继续办理该申报");
        if (standing.Certified)
            throw DomainException.Conflict("already-certified", "本社区（村）已被认定为无疫社区（村），无需重复申报");
        // Only after an accepted rectification may a vetoed community apply again (动态管理).
        if (standing.Vetoed || standing.Rectifying)
            DynamicRules.RequireMayApply(code,
                await db.Vetoes.AsNoTracking().Where(v => v.CommunityCode == code && v.AnnulledAtUtc == null && v.ClearedAtUtc == null).ToListAsync(ct),
                await db.RectificationTasks.AsNoTracking().FirstOrDefaultAsync(t => t.OpenForCommunity == code, ct));
        var from = earlier is { } earlierId
            ? await InScope(actor).AsNoTracking().FirstOrDefaultAsync(a => a.Id == earlierId && a.CommunityCode == code, ct)
              ?? throw new NotFoundException("找不到作为起点的上次申报")
            : null;

        var now = time.GetUtcNow();
        var scale = await scales.InForceAsync(db, ProgrammeClock.DateOf(now), ct);
        await using var turn = await CaseNumberAllocator.TurnAsync(db, DivisionCode.DistrictOf(code), ct); // read and taken in one turn
        var sequence = await new CaseNumberAllocator(db).NextAsync(DivisionCode.DistrictOf(code), now, ct);
        var application = Application.Start(actor, code, scale, sequence, now);
        if (from is not null)
            application.CopySelfAssessmentFrom(actor, scale, from, now);
        if (scores is not null || note is not null)
            application.SaveSelfAssessment(actor, scale, scores ?? new Dictionary<string, decimal>(), note, now);
        await commit.RunAsync(() =>
        {
            db.Applications.Add(application);
            return Task.CompletedTask;
        }, ct);
        return application;
    }

    public Task<Application> SaveSelfAssessmentAsync(Actor actor, Guid id, int? version, IReadOnlyDictionary<string, decimal> scores, string? note, CancellationToken ct) =>
        ChangeAsync(actor, id, version, async (a, now) => a.SaveSelfAssessment(actor, await ScaleOf(a, ct), scores, note, now), ct);

    // The decisions below have a preview (issue 11): the same loading and the same rules, asked what the step would do
    // (Application.Preview…), nothing saved. A step tells what it did through `done`, in the same words (the page's
    // message afterwards); the API passes no `done` and answers as before.

    /// <summary>What submitting these scores (saved with it, as the page does) would do; changes nothing.</summary>
    public Task<StepConsequences> PreviewSubmitAsync(Actor actor, Guid id, int? version, IReadOnlyDictionary<string, decimal> scores, string? note, CancellationToken ct) =>
        PreviewAsync(actor, id, version, async (a, scale, facts) => a.PreviewSubmit(actor, scale, scores, note, await facts()), ct);

    public Task<Application> SubmitAsync(Actor actor, Guid id, int? version, CancellationToken ct, Action<StepConsequences>? done = null) =>
        StepAsync(actor, id, version, async (a, scale, facts, now) =>
        {
            var will = done is null ? null : a.PreviewSubmit(actor, scale, a.SelfScores, a.SelfNote, await facts());
            a.Submit(actor, scale, now);
            return will;
        }, done, ct);

    /// <summary>What the community's withdrawal would do; changes nothing.</summary>
    public Task<StepConsequences> PreviewWithdrawAsync(Actor actor, Guid id, int? version, string? comment, CancellationToken ct) =>
        PreviewAsync(actor, id, version, (a, _, _) => Task.FromResult(a.PreviewWithdraw(actor, comment)), ct);

    public Task<Application> WithdrawAsync(Actor actor, Guid id, int? version, string? comment, CancellationToken ct, Action<StepConsequences>? done = null) =>
        StepAsync(actor, id, version, (a, _, _, now) =>
        {
            var will = a.PreviewWithdraw(actor, comment);
            a.Withdraw(actor, comment, now);
            return Task.FromResult<RoundConsequences?>(will);
        }, done, ct);

    /// <summary>What recommending would do; changes nothing.</summary>
    public Task<StepConsequences> PreviewRecommendAsync(Actor actor, Guid id, int? version, string? comment, CancellationToken ct) =>
        PreviewAsync(actor, id, version, async (a, _, facts) => a.PreviewRecommend(actor, comment, await facts()), ct);

    public Task<Application> RecommendAsync(Actor actor, Guid id, int? version, string? comment, CancellationToken ct, Action<StepConsequences>? done = null) =>
        StepAsync(actor, id, version, async (a, _, facts, now) =>
        {
            var will = done is null ? null : a.PreviewRecommend(actor, comment, await facts());
            a.Recommend(actor, comment, now);
            return will;
        }, done, ct);

    /// <summary>What returning would do (the street's or the district's return, by the actor's role); changes nothing.</summary>
    public Task<StepConsequences> PreviewReturnAsync(Actor actor, Guid id, int? version, string? reason, CancellationToken ct) =>
        PreviewAsync(actor, id, version, (a, _, _) => Task.FromResult(actor.Role == ProgrammeRole.District
            ? a.PreviewReturnByDistrict(actor, reason)
            : a.PreviewReturnByStreet(actor, reason)), ct);

    /// <summary>Return for changes: by the street before recommendation, by the district before its decision.</summary>
    public Task<Application> ReturnAsync(Actor actor, Guid id, int? version, string? reason, CancellationToken ct, Action<StepConsequences>? done = null) =>
        StepAsync(actor, id, version, (a, _, _, now) =>
        {
            RoundConsequences will;
            if (actor.Role == ProgrammeRole.District)
            {
                will = a.PreviewReturnByDistrict(actor, reason);
                a.ReturnByDistrict(actor, reason, now);
            }
            else
            {
                will = a.PreviewReturnByStreet(actor, reason);
                a.ReturnByStreet(actor, reason, now);
            }
            return Task.FromResult<RoundConsequences?>(will);
        }, done, ct);

    /// <summary>Saves the district's scores and findings; findings by indicator not given (null) stay as saved, an empty map clears them.</summary>
    public Task<Application> SaveEvaluationAsync(Actor actor, Guid id, int? version, IReadOnlyDictionary<string, decimal> scores, string? findings,
        IReadOnlyDictionary<string, string?>? indicatorFindings, CancellationToken ct) =>
        ChangeAsync(actor, id, version, async (a, now) => a.SaveEvaluation(actor, await ScaleOf(a, ct), scores, findings, indicatorFindings ?? Saved(a), now), ct);

    // A decision goes on the scores, findings and findings by indicator given with it, each one not given being the saved one.

    /// <summary>What approving on these scores (or the saved ones) would do; changes nothing.</summary>
    public Task<StepConsequences> PreviewApproveAsync(Actor actor, Guid id, int? version, IReadOnlyDictionary<string, decimal>? scores, string? findings,
        IReadOnlyDictionary<string, string?>? indicatorFindings, string? comment, CancellationToken ct) =>
        PreviewAsync(actor, id, version, async (a, scale, facts) =>
            a.PreviewApprove(actor, scale, scores ?? a.DistrictScores, findings ?? a.DistrictFindings, indicatorFindings ?? Saved(a), comment, await facts()), ct);

    /// <summary>Approve on the district's scores (given here or saved before), judged by the engine now.</summary>
    public Task<Application> ApproveAsync(Actor actor, Guid id, int? version, IReadOnlyDictionary<string, decimal>? scores, string? findings,
        IReadOnlyDictionary<string, string?>? indicatorFindings, string? comment, CancellationToken ct, Action<StepConsequences>? done = null) =>
        StepAsync(actor, id, version, async (a, scale, facts, now) =>
        {
            // The preview holds every refusal (scores complete, findings where lowered, verdict a pass); its verdict is what the approval is made on.
            var will = a.PreviewApprove(actor, scale, scores ?? a.DistrictScores, findings ?? a.DistrictFindings, indicatorFindings ?? Saved(a), comment, await facts());
            if (scores is not null || indicatorFindings is not null)
                a.SaveEvaluation(actor, scale, scores ?? a.DistrictScores, findings ?? a.DistrictFindings, indicatorFindings ?? Saved(a), now);
            a.Approve(actor, will.Verdict!, comment, now);
            return will;
        }, done, ct);

    /// <summary>What rejecting on these scores (or the saved ones) would do; changes nothing.</summary>
    public Task<StepConsequences> PreviewRejectAsync(Actor actor, Guid id, int? version, IReadOnlyDictionary<string, decimal>? scores, string? findings,
        IReadOnlyDictionary<string, string?>? indicatorFindings, string? reason, CancellationToken ct) =>
        PreviewAsync(actor, id, version, async (a, scale, facts) =>
            a.PreviewReject(actor, scale, scores ?? a.DistrictScores, findings ?? a.DistrictFindings, indicatorFindings ?? Saved(a), reason, await facts()), ct);

    public Task<Application> RejectAsync(Actor actor, Guid id, int? version, IReadOnlyDictionary<string, decimal>? scores, string? findings,
        IReadOnlyDictionary<string, string?>? indicatorFindings, string? reason, CancellationToken ct, Action<StepConsequences>? done = null) =>
        StepAsync(actor, id, version, async (a, scale, facts, now) =>
        {
            var will = a.PreviewReject(actor, scale, scores ?? a.DistrictScores, findings ?? a.DistrictFindings, indicatorFindings ?? Saved(a), reason, await facts());
            if (scores is not null || indicatorFindings is not null)
                a.SaveEvaluation(actor, scale, scores ?? a.DistrictScores, findings ?? a.DistrictFindings, indicatorFindings ?? Saved(a), now);
            a.Reject(actor, reason, will.Verdict, now); // the verdict on complete scores is kept with the decision
            return will;
        }, done, ct);

    private static Dictionary<string, string?> Saved(Application a) =>
        a.DistrictIndicatorFindings.ToDictionary(f => f.Key, f => (string?)f.Value, StringComparer.Ordinal);

    /// <summary>What filing would do; changes nothing.</summary>
    public Task<StepConsequences> PreviewFileAsync(Actor actor, Guid id, int? version, string? comment, CancellationToken ct) =>
        PreviewAsync(actor, id, version, (a, _, _) => Task.FromResult(a.PreviewFile(actor, comment)), ct);

    public Task<Application> FileAsync(Actor actor, Guid id, int? version, string? comment, CancellationToken ct, Action<StepConsequences>? done = null) =>
        StepAsync(actor, id, version, (a, _, _, now) =>
        {
            var will = a.PreviewFile(actor, comment);
            a.File(actor, comment, now);
            return Task.FromResult<RoundConsequences?>(will);
        }, done, ct);

    /// <summary>Files several approvals at once, all or none.</summary>
    /// <summary>What filing these applications at once would do; changes nothing.</summary>
    public async Task<StepConsequences> PreviewFileManyAsync(Actor actor, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var will = FilingConsequences.Preview(actor, await LoadManyInScopeAsync(actor, ids, ct));
        return will.Describe(await NamesAsync(will.CommunityCodes.Take(FilingConsequences.Named), ct));
    }

    public async Task<IReadOnlyList<Application>> FileManyAsync(Actor actor, IReadOnlyCollection<Guid> ids, string? comment, CancellationToken ct,
        Action<StepConsequences>? done = null)
    {
        if (ids.Count == 0) throw DomainException.Invalid("nothing-selected", "请选择要备案的申报");
        var now = time.GetUtcNow();
        var applications = await LoadManyInScopeAsync(actor, ids, ct);
        var will = FilingConsequences.Preview(actor, applications);
        await commit.RunAsync(() =>
        {
            foreach (var a in applications) a.File(actor, comment, now);
            return Task.CompletedTask;
        }, ct);
        done?.Invoke(will.Describe(await NamesAsync(will.CommunityCodes.Take(FilingConsequences.Named), ct)));
        return applications;
    }

    /// <summary>What publishing the next batch would do (the chosen ones, or every filed one in scope); changes nothing.</summary>
    public async Task<StepConsequences> PreviewBatchAsync(Actor actor, IReadOnlyCollection<Guid>? ids, string? title, CancellationToken ct)
    {
        var (applications, number) = await LoadBatchAsync(actor, ids, ct);
        return await DescribeAsync(PublicationBatch.Preview(number, title, applications, actor), ct);
    }

    /// <summary>Publishes filed applications as the next numbered batch: the chosen ones, or every filed one in scope.</summary>
    public async Task<PublicationBatch> PublishBatchAsync(Actor actor, IReadOnlyCollection<Guid>? ids, string? title, CancellationToken ct,
        Action<StepConsequences>? done = null)
    {
        var now = time.GetUtcNow();
        var (applications, number) = await LoadBatchAsync(actor, ids, ct);
        var will = PublicationBatch.Preview(number, title, applications, actor);
        PublicationBatch published;
        var codes = will.CommunityCodes;
        await using (await CertificateNumberAllocator.TurnsAsync(db, codes, ct)) // 证书编号: read and taken in each district's turn
        {
            var numbering = await CertificateNumberAllocator.NumberingAsync(db, codes, ProgrammeClock.DateOf(now), ct);
            published = await commit.RunAsync(() =>
            {
                var (batch, certifications) = PublicationBatch.Publish(number, title, applications, actor, now, numbering);
                db.PublicationBatches.Add(batch);
                db.Certifications.AddRange(certifications);
                return Task.FromResult(batch);
            }, ct);
        }
        if (done is not null) done(await DescribeAsync(will, ct));
        return published;
    }

    private async Task<(List<Application> Applications, int Number)> LoadBatchAsync(Actor actor, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        var applications = ids is { Count: > 0 }
            ? await LoadManyInScopeAsync(actor, ids, ct)
            : await InScope(actor).Where(a => a.State == ApplicationState.Filed).Include(a => a.History).ToListAsync(ct);
        var number = (await db.PublicationBatches.MaxAsync(b => (int?)b.Number, ct) ?? 0) + 1;
        return (applications, number);
    }

    /// <summary>The engine's answer for an application on given scores, with the complaints and vetoes on record now.</summary>
    public async Task<Explanation> ExplainAsync(Application application, IReadOnlyDictionary<string, decimal> scores, CancellationToken ct) =>
        await ExplainAsync(application, await ScaleOf(application, ct), scores, time.GetUtcNow(), ct);

    public async Task<Application> LoadInScopeAsync(Actor actor, Guid id, CancellationToken ct) =>
        await InScope(actor).Include(a => a.History).FirstOrDefaultAsync(a => a.Id == id, ct)
        ?? throw new NotFoundException("找不到该申报");

    public IQueryable<Application> InScope(Actor actor) =>
        db.Applications.Under(a => a.CommunityCode, actor.DivisionCode);

    public Task<ScaleVersion> ScaleOf(Application application, CancellationToken ct) => scales.GetAsync(db, application.ScaleVersionId, ct);

    /// <summary>The engine's answers on several score maps (null stays null), judged now on one load of the facts.</summary>
    public async Task<IReadOnlyList<Explanation?>> ExplainEachAsync(Application application, IReadOnlyList<IReadOnlyDictionary<string, decimal>?> scoreMaps, CancellationToken ct)
    {
        if (scoreMaps.All(s => s is null)) return scoreMaps.Select(_ => (Explanation?)null).ToList();
        var input = await InputAsync(application, await ScaleOf(application, ct), time.GetUtcNow(), ct);
        return scoreMaps.Select(s => s is null ? null : CertificationEngine.Evaluate(input with { Scores = s })).ToList();
    }

    private async Task<Explanation> ExplainAsync(Application application, ScaleVersion scale, IReadOnlyDictionary<string, decimal> scores, DateTimeOffset now, CancellationToken ct) =>
        CertificationEngine.Evaluate((await InputAsync(application, scale, now, ct)) with { Scores = scores });

    /// <summary>A step's preview on the application as the caller saw it: its scale, and the facts the rules judge on now (loaded when asked).</summary>
    private async Task<StepConsequences> PreviewAsync(Actor actor, Guid id, int? version,
        Func<Application, ScaleVersion, Func<Task<EvaluationInput>>, Task<RoundConsequences>> preview, CancellationToken ct)
    {
        var application = await LoadInScopeAsync(actor, id, ct);
        commit.RequireVersion(version, application.Version);
        var scale = await ScaleOf(application, ct);
        var will = await preview(application, scale, () => InputAsync(application, scale, time.GetUtcNow(), ct));
        return await DescribeAsync(will, ct);
    }

    /// <summary>A step that says what it did: the change returns its consequences, told through <paramref name="done"/> once saved.</summary>
    private async Task<Application> StepAsync(Actor actor, Guid id, int? version,
        Func<Application, ScaleVersion, Func<Task<EvaluationInput>>, DateTimeOffset, Task<RoundConsequences?>> change, Action<StepConsequences>? done,
        CancellationToken ct)
    {
        RoundConsequences? will = null;
        var application = await ChangeAsync(actor, id, version, async (a, now) =>
        {
            var scale = await ScaleOf(a, ct);
            will = await change(a, scale, () => InputAsync(a, scale, now, ct), now);
        }, ct);
        if (done is not null && will is not null) done(await DescribeAsync(will, ct));
        return application;
    }

    private async Task<StepConsequences> DescribeAsync(RoundConsequences consequences, CancellationToken ct) =>
        consequences.Describe(await NamesAsync([consequences.CommunityCode, consequences.StreetCode, consequences.DistrictCode], ct));

    private async Task<StepConsequences> DescribeAsync(BatchConsequences consequences, CancellationToken ct) =>
        consequences.Describe(await NamesAsync(consequences.CommunityCodes.Take(BatchConsequences.Named), ct));

    /// <summary>Names divisions as the division tree does (by code where one is missing).</summary>
    private async Task<Func<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        var names = await db.Divisions.AsNoTracking().Where(d => wanted.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        return code => names.GetValueOrDefault(code, code);
    }

    /// <summary>Everything the engine judges an application on now, but the scores.</summary>
    private async Task<EvaluationInput> InputAsync(Application application, ScaleVersion scale, DateTimeOffset now, CancellationToken ct)
    {
        var passMarks = await scales.PassMarksAsync(db, scale, ct);
        var (complaints, vetoes) = await EvaluationFacts.ForCommunityAsync(db, application.CommunityCode, now, scale.Hotline.WindowDays, ct);
        return new EvaluationInput(scale, passMarks, application.CommunityCode, new Dictionary<string, decimal>(), complaints, vetoes, now);
    }

    private async Task<List<Application>> LoadManyInScopeAsync(Actor actor, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var applications = await InScope(actor).Where(a => wanted.Contains(a.Id)).Include(a => a.History).ToListAsync(ct);
        if (applications.Count != wanted.Count)
            throw new NotFoundException($"有 {wanted.Count - applications.Count} 份申报不存在或不在您的管辖范围内");
        return applications;
    }

    private async Task<Application> ChangeAsync(Actor actor, Guid id, int? version, Func<Application, DateTimeOffset, Task> change, CancellationToken ct)
    {
        var application = await LoadInScopeAsync(actor, id, ct);
        commit.RequireVersion(version, application.Version);
        await commit.RunAsync(() => change(application, time.GetUtcNow()), ct);
        return application;
    }
}
