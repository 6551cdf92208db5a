using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Notifications;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Work;

namespace Wuyi.Web.Notifications;

/// <summary>
/// Who a reminder is for: the accounts of <paramref name="Role"/> on the node <paramref name="DivisionCode"/> or above it
/// (a community's own accounts; a district's for one of its communities; the city's for any).
/// </summary>
public sealed record Audience(ProgrammeRole Role, string DivisionCode)
{
    /// <summary>Only this account of the role and node (an assigned inspector), not every account there.</summary>
    public string? UserId { get; init; }
}

/// <summary>
/// A reminder the programme's state calls for. <paramref name="Key"/> is its identity: each account gets it once, ever
/// (decision 0019). <paramref name="ExceptUserId"/>: the account that caused it is not told of its own act.
/// </summary>
public sealed record Reminder(string Key, NotificationKind Kind, string Title, string Body, string Link, string? CommunityCode,
    IReadOnlyList<Audience> To, string? ExceptUserId = null);

/// <summary>The moment a run derives reminders at: now, today in Beijing, and how far back it looks for new items and decisions.</summary>
public sealed record ReminderContext(DateTimeOffset Now, DateOnly Today, DateTime SinceUtc);

/// <summary>
/// One kind of item that reminds people: it reads the programme's state and answers the reminders due now, each under a
/// stable key. A new kind of item (inspections, residents' reports, appeals) is one more class and one line in
/// <see cref="NotificationsSetup"/>; nothing else changes.
/// </summary>
public interface IReminderSource
{
    Task<IReadOnlyList<Reminder>> ReadAsync(ReminderContext context, CancellationToken ct);
}

/// <summary>Rectification deadlines (整改期限): the community 3 days and 1 day before, and it and its district once overdue.</summary>
public sealed class RectificationDeadlines(WuyiDbContext db) : IReminderSource
{
    public async Task<IReadOnlyList<Reminder>> ReadAsync(ReminderContext context, CancellationToken ct)
    {
        var horizon = context.Today.AddDays(3);
        var open = await db.RectificationTasks.AsNoTracking()
            .Where(t => t.State == RectificationState.Open && t.Deadline <= horizon)
            .Select(t => new { t.Id, t.CommunityCode, t.Deadline, t.Reason })
            .ToListAsync(ct);
        var reminders = new List<Reminder>();
        foreach (var t in open)
        {
            if (Reminders.Stage(t.Deadline, context.Today) is not { } stage) continue;
            var overdue = stage == NotificationKind.Overdue;
            List<Audience> to = [new(ProgrammeRole.Community, t.CommunityCode)];
            if (overdue) to.Add(new(ProgrammeRole.District, t.CommunityCode));
            reminders.Add(new Reminder(Reminders.DeadlineKey("rectification", t.Id, t.Deadline, stage), stage,
                overdue ? "整改已逾期" : "整改期限将到",
                Reminders.DeadlineText("整改期限", t.Deadline, context.Today, stage) + "。整改事项：" + t.Reason,
                $"/rectifications/{t.Id}", t.CommunityCode, to));
        }
        return reminders;
    }
}

/// <summary>
/// The round (申报评定): an application arriving in a state that waits for a street, district or city (new on its 待办);
/// a decision on a community's application (recommended, returned, approved, rejected, filed, published, suspended,
/// resumed); and the days to act (<c>Wuyi:DaysToAct</c>, counted as the 待办 list counts them) running out.
/// </summary>
public sealed class ApplicationReminders(WuyiDbContext db, IOptions<WuyiOptions> options) : IReminderSource
{
    private static readonly ProgrammeRole[] Roles = [ProgrammeRole.Community, ProgrammeRole.Street, ProgrammeRole.District, ProgrammeRole.City];

    private static readonly ApplicationAction[] Decisions =
    [
        ApplicationAction.Recommend, ApplicationAction.ReturnByStreet, ApplicationAction.Approve, ApplicationAction.Reject,
        ApplicationAction.ReturnByDistrict, ApplicationAction.File, ApplicationAction.Publish, ApplicationAction.Suspend,
        ApplicationAction.Resume,
    ];

    /// <summary>The role whose 待办 an application in <paramref name="state"/> is on, if any.</summary>
    public static ProgrammeRole? WaitingRole(ApplicationState state) =>
        Roles.Where(r => WorkQueue.WaitingFor(r).Contains(state)).Select(r => (ProgrammeRole?)r).FirstOrDefault();

    public async Task<IReadOnlyList<Reminder>> ReadAsync(ReminderContext context, CancellationToken ct)
    {
        var reminders = new List<Reminder>();
        var steps = await (from t in db.ApplicationTransitions.AsNoTracking()
                           join a in db.Applications.AsNoTracking() on t.ApplicationId equals a.Id
                           where t.AtUtc >= context.SinceUtc
                           select new { t.Id, t.ApplicationId, t.Action, t.To, t.ActorUserId, t.ActorName, t.Comment, a.CaseNumber, a.CommunityCode, Now = a.State })
            .ToListAsync(ct);
        foreach (var s in steps)
        {
            var link = $"/applications/{s.ApplicationId}";
            if (WaitingRole(s.To) is { } role and not ProgrammeRole.Community && s.Now == s.To)
                reminders.Add(new Reminder($"transition:{s.Id:N}:new", NotificationKind.NewItem, $"新待办：{ApplicationStates.Name(s.To)}",
                    $"申报 {s.CaseNumber}：{s.ActorName}{ApplicationStates.Name(s.Action)}，等待办理",
                    link, s.CommunityCode, [new(role, s.CommunityCode)], s.ActorUserId));
            if (Decisions.Contains(s.Action))
                reminders.Add(new Reminder($"transition:{s.Id:N}:decision", NotificationKind.Decision, ApplicationStates.Name(s.Action),
                    $"申报 {s.CaseNumber} {ApplicationStates.Name(s.Action)}，当前状态：{ApplicationStates.Name(s.To)}"
                        + (string.IsNullOrWhiteSpace(s.Comment) ? "" : "。意见：" + s.Comment),
                    link, s.CommunityCode, [new(ProgrammeRole.Community, s.CommunityCode)], s.ActorUserId));
        }

        // Days to act: from the step that put the application where it waits.
        var waiting = Roles.SelectMany(WorkQueue.WaitingFor).Distinct().ToList();
        var days = options.Value.DaysToAct;
        var latestBefore = context.Now.UtcDateTime.AddDays(-(days - 3)); // entered early enough to be at most 3 days from its deadline
        var open = await db.Applications.AsNoTracking()
            .Where(a => waiting.Contains(a.State))
            .Select(a => new
            {
                a.Id,
                a.CaseNumber,
                a.CommunityCode,
                a.State,
                Entered = db.ApplicationTransitions.Where(t => t.ApplicationId == a.Id).Max(t => (DateTime?)t.AtUtc),
            })
            .Where(a => a.Entered <= latestBefore)
            .ToListAsync(ct);
        foreach (var a in open)
        {
            var deadline = ProgrammeClock.DateOf(new DateTimeOffset(DateTime.SpecifyKind(a.Entered!.Value, DateTimeKind.Utc))).AddDays(days);
            if (Reminders.Stage(deadline, context.Today) is not { } stage || WaitingRole(a.State) is not { } role) continue;
            reminders.Add(new Reminder(Reminders.DeadlineKey("application", a.Id, deadline, stage), stage,
                stage == NotificationKind.Overdue ? "待办已逾期" : "待办将到期",
                Reminders.DeadlineText($"申报 {a.CaseNumber}（{ApplicationStates.Name(a.State)}）的办理期限", deadline, context.Today, stage),
                $"/applications/{a.Id}", a.CommunityCode, [new(role, a.CommunityCode)]));
        }
        return reminders;
    }
}

/// <summary>
/// Dynamic management (动态管理), from the programme's history: decisions that concern a community (a veto, a rectification
/// ordered, accepted or returned, a title restored, a re-evaluation's answer) to the community; a rectification reported or a
/// community queued for re-evaluation, new on its district's 待办.
/// </summary>
public sealed class ProgrammeEventReminders(WuyiDbContext db) : IReminderSource
{
    private static readonly ProgrammeEventKind[] ToCommunity =
    [
        ProgrammeEventKind.VetoRecorded, ProgrammeEventKind.VetoAnnulled, ProgrammeEventKind.TitleRestored,
        ProgrammeEventKind.ApplicationResumed, ProgrammeEventKind.RectificationOpened, ProgrammeEventKind.RectificationAccepted,
        ProgrammeEventKind.RectificationReturned, ProgrammeEventKind.RectificationCancelled, ProgrammeEventKind.ReEvaluationDecided,
        ProgrammeEventKind.AppealDecided,
    ];

    private static readonly ProgrammeEventKind[] ToDistrict = [ProgrammeEventKind.RectificationReported, ProgrammeEventKind.ReEvaluationOpened];

    public async Task<IReadOnlyList<Reminder>> ReadAsync(ReminderContext context, CancellationToken ct)
    {
        var kinds = ToCommunity.Concat(ToDistrict).ToList();
        var events = await db.ProgrammeEvents.AsNoTracking()
            .Where(e => e.AtUtc >= context.SinceUtc && e.CommunityCode != null && kinds.Contains(e.Kind))
            .Select(e => new { e.Id, e.Kind, e.CommunityCode, e.Summary, e.SubjectId, e.ActorUserId })
            .ToListAsync(ct);
        return events.Select(e =>
        {
            var toDistrict = ToDistrict.Contains(e.Kind);
            var title = e.Kind switch
            {
                ProgrammeEventKind.VetoRecorded => "一票否决",
                ProgrammeEventKind.VetoAnnulled => "否决事项已撤销",
                ProgrammeEventKind.TitleRestored => "恢复认定",
                ProgrammeEventKind.ApplicationResumed => "申报恢复办理",
                ProgrammeEventKind.RectificationOpened => "督促整改",
                ProgrammeEventKind.RectificationAccepted => "整改验收通过",
                ProgrammeEventKind.RectificationReturned => "整改退回",
                ProgrammeEventKind.RectificationCancelled => "整改任务撤销",
                ProgrammeEventKind.ReEvaluationDecided => "重新评定结论",
                ProgrammeEventKind.AppealDecided => "申诉复核决定",
                ProgrammeEventKind.RectificationReported => "新待办：整改待验收",
                _ => "新待办：重新评定",
            };
            var link = e.Kind switch
            {
                ProgrammeEventKind.ReEvaluationOpened when e.SubjectId is { } id => $"/re-evaluations/{id}",
                ProgrammeEventKind.RectificationOpened or ProgrammeEventKind.RectificationAccepted or ProgrammeEventKind.RectificationReturned
                    or ProgrammeEventKind.RectificationCancelled or ProgrammeEventKind.RectificationReported when e.SubjectId is { } id => $"/rectifications/{id}",
                ProgrammeEventKind.VetoRecorded or ProgrammeEventKind.VetoAnnulled => "/rectifications",
                ProgrammeEventKind.ApplicationResumed => "/applications/mine",
                ProgrammeEventKind.AppealDecided => "/appeals?state=all",
                _ => "/work",
            };
            return new Reminder($"event:{e.Id:N}", toDistrict ? NotificationKind.NewItem : NotificationKind.Decision, title, e.Summary, link,
                e.CommunityCode, [new(toDistrict ? ProgrammeRole.District : ProgrammeRole.Community, e.CommunityCode!)], e.ActorUserId);
        }).ToList();
    }
}

/// <summary>
/// 督导检查: a planned inspection is a new item for its inspector (the planner excepted), then due 3 days and 1 day before its
/// planned date and overdue after it, the overdue also to the district; a submitted one waits for the district's decision.
/// </summary>
public sealed class InspectionReminders(WuyiDbContext db) : IReminderSource
{
    public async Task<IReadOnlyList<Reminder>> ReadAsync(ReminderContext context, CancellationToken ct)
    {
        var horizon = context.Today.AddDays(3);
        var planned = await db.Inspections.AsNoTracking()
            .Where(i => (i.State == Domain.Supervision.InspectionState.Planned || i.State == Domain.Supervision.InspectionState.InProgress)
                && (i.PlannedAtUtc >= context.SinceUtc || i.PlannedOn <= horizon))
            .Select(i => new { i.Id, i.CommunityCode, i.PlannedOn, i.PlannedAtUtc, i.PlannedByUserId, i.InspectorUserId })
            .ToListAsync(ct);
        var reminders = new List<Reminder>();
        foreach (var i in planned)
        {
            var link = $"/inspections/{i.Id}";
            var inspector = new Audience(ProgrammeRole.District, i.CommunityCode) { UserId = i.InspectorUserId };
            var inspectorAtCity = new Audience(ProgrammeRole.City, i.CommunityCode) { UserId = i.InspectorUserId };
            if (i.PlannedAtUtc >= context.SinceUtc)
                reminders.Add(new Reminder($"inspection:{i.Id:N}:new", NotificationKind.NewItem, "新待办：督导检查",
                    $"已指派您于 {FormalDate.Of(i.PlannedOn)} 检查该社区（村）。", link, i.CommunityCode, [inspector, inspectorAtCity], i.PlannedByUserId));
            if (Reminders.Stage(i.PlannedOn, context.Today) is not { } stage) continue;
            var overdue = stage == NotificationKind.Overdue;
            List<Audience> to = [inspector, inspectorAtCity];
            if (overdue) to.Add(new(ProgrammeRole.District, i.CommunityCode));
            reminders.Add(new Reminder(Reminders.DeadlineKey("inspection", i.Id, i.PlannedOn, stage), stage,
                overdue ? "督导检查已逾期" : "督导检查日期将到", Reminders.DeadlineText("计划检查日期", i.PlannedOn, context.Today, stage), link,
                i.CommunityCode, to));
        }
        var submitted = await db.Inspections.AsNoTracking()
            .Where(i => i.State == Domain.Supervision.InspectionState.Submitted && i.SubmittedAtUtc >= context.SinceUtc)
            .Select(i => new { i.Id, i.CommunityCode, i.InspectorUserId })
            .ToListAsync(ct);
        reminders.AddRange(submitted.Select(i => new Reminder($"inspection:{i.Id:N}:submitted", NotificationKind.NewItem, "新待办：督导检查待处理",
            "检查已提交，请作出处理决定。", $"/inspections/{i.Id}", i.CommunityCode, [new(ProgrammeRole.District, i.CommunityCode)], i.InspectorUserId)));
        return reminders;
    }
}

/// <summary>群众监督: a resident's report is a new item for the community's district.</summary>
public sealed class ResidentReportReminders(WuyiDbContext db) : IReminderSource
{
    public async Task<IReadOnlyList<Reminder>> ReadAsync(ReminderContext context, CancellationToken ct)
    {
        var received = await db.ResidentReports.AsNoTracking()
            .Where(r => r.ReceivedAtUtc >= context.SinceUtc && r.Status != Domain.ResidentReports.ReportStatus.Closed)
            .Select(r => new { r.Id, r.CommunityCode, r.Kind })
            .ToListAsync(ct);
        return received.Select(r => new Reminder($"resident-report:{r.Id:N}:new", NotificationKind.NewItem, "新待办：群众反映",
            $"收到群众反映：{Domain.ResidentReports.ResidentReport.KindName(r.Kind)}。", $"/resident-reports/{r.Id}", r.CommunityCode,
            [new(ProgrammeRole.District, r.CommunityCode)])).ToList();
    }
}

/// <summary>申诉复核: an appeal filed is a new item for the level that decides it (a veto's the city's; the others the district's or the city's).</summary>
public sealed class AppealReminders(WuyiDbContext db) : IReminderSource
{
    public async Task<IReadOnlyList<Reminder>> ReadAsync(ReminderContext context, CancellationToken ct)
    {
        var filed = await db.Set<Domain.Appeals.Appeal>().AsNoTracking()
            .Where(a => a.State == Domain.Appeals.AppealState.Open && a.FiledAtUtc >= context.SinceUtc)
            .Select(a => new { a.Id, a.CommunityCode, a.Subject, a.SubjectLabel, a.FiledByUserId })
            .ToListAsync(ct);
        return filed.Select(a => new Reminder($"appeal:{a.Id:N}:new", NotificationKind.NewItem, "新待办：申诉复核", $"申诉：{a.SubjectLabel}",
            $"/appeals/{a.Id}", a.CommunityCode,
            a.Subject == Domain.Appeals.AppealSubject.Veto
                ? [new(ProgrammeRole.City, a.CommunityCode)]
                : [new(ProgrammeRole.District, a.CommunityCode), new(ProgrammeRole.City, a.CommunityCode)],
            a.FiledByUserId)).ToList();
    }
}
