namespace Wuyi.Domain.Notifications;

/// <summary>What a notification (提醒) tells its account.</summary>
public enum NotificationKind
{
    NewItem = 1,     // 新待办
    Decision = 2,    // 办理结果
    DueIn3Days = 3,  // 3 天内到期
    DueIn1Day = 4,   // 1 天内到期
    Overdue = 5,     // 已逾期
}

/// <summary>
/// When a deadline is reminded (decision 0019): three days before it, one day before it (or on the day itself), and once it has
/// passed. Each stage is reminded once, under its own key; a stage already passed when the reminder is first derived (the
/// job did not run for a while) is not sent late: only the stage that holds today is.
/// </summary>
public static class Reminders
{
    public static string Name(NotificationKind kind) => kind switch
    {
        NotificationKind.NewItem => "新待办",
        NotificationKind.Decision => "办理结果",
        NotificationKind.DueIn3Days => "3天内到期",
        NotificationKind.DueIn1Day => "1天内到期",
        NotificationKind.Overdue => "已逾期",
        _ => "提醒",
    };

    /// <summary>
    /// The reminder a deadline (the last day to act, a Beijing date) calls for today, or null while it is more than three
    /// days away: overdue from the day after it, due in one day on the day before it and on the day itself, due in three days
    /// from three days before it.
    /// </summary>
    public static NotificationKind? Stage(DateOnly deadline, DateOnly today)
    {
        var days = deadline.DayNumber - today.DayNumber;
        return days switch
        {
            < 0 => NotificationKind.Overdue,
            <= 1 => NotificationKind.DueIn1Day,
            <= 3 => NotificationKind.DueIn3Days,
            _ => null,
        };
    }

    /// <summary>
    /// The idempotent key of a deadline's reminder: the item, the deadline itself (an extended deadline is reminded again)
    /// and the stage, e.g. <c>rectification:0193…:2022-07-15:due-3d</c>. One notification per account and key, ever.
    /// </summary>
    public static string DeadlineKey(string source, Guid item, DateOnly deadline, NotificationKind stage) =>
        $"{source}:{item:N}:{deadline:yyyy-MM-dd}:{Suffix(stage)}";

    private static string Suffix(NotificationKind stage) => stage switch
    {
        NotificationKind.DueIn3Days => "due-3d",
        NotificationKind.DueIn1Day => "due-1d",
        NotificationKind.Overdue => "overdue",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "not a deadline stage"),
    };

    /// <summary>How a deadline's reminder reads, e.g. “整改期限 2022-07-15，还有 3 天”.</summary>
    public static string DeadlineText(string what, DateOnly deadline, DateOnly today, NotificationKind stage)
    {
        var days = deadline.DayNumber - today.DayNumber;
        return stage switch
        {
            NotificationKind.Overdue => $"{what} {deadline:yyyy-MM-dd} 已过，已逾期 {-days} 天",
            _ when days == 0 => $"{what} {deadline:yyyy-MM-dd}，今天到期",
            _ => $"{what} {deadline:yyyy-MM-dd}，还有 {days} 天",
        };
    }
}

/// <summary>
/// Outbound delivery (decision 0019): a failed attempt is tried again after a wait that doubles each time, at most
/// <c>maxAttempts</c> attempts in all; then the notification stays in-app only and the failure is shown to administrators.
/// </summary>
public static class DeliveryRetry
{
    /// <summary>When to try again after failed attempt number <paramref name="attempt"/> (1-based), or null to give up.</summary>
    public static DateTimeOffset? NextAttempt(int attempt, int maxAttempts, TimeSpan firstWait, DateTimeOffset failedAt)
    {
        if (attempt < 1) throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "attempts count from 1");
        if (attempt >= maxAttempts) return null;
        var wait = firstWait * Math.Pow(2, Math.Min(attempt - 1, 16));
        return failedAt + wait;
    }

    /// <summary>An error's text as it is kept: one line, at most <paramref name="max"/> characters.</summary>
    public static string Bounded(string error, int max = 500)
    {
        var line = string.Join(' ', error.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
