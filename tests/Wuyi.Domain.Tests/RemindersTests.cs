using Wuyi.Domain.Notifications;

namespace Wuyi.Domain.Tests;

/// <summary>When a deadline is reminded, under which key, and how failed deliveries are retried (decision 0019).</summary>
public sealed class RemindersTests
{
    private static readonly DateOnly Deadline = new(2022, 7, 15);

    [Theory]
    [InlineData(10, null)]
    [InlineData(4, null)]
    [InlineData(3, NotificationKind.DueIn3Days)]
    [InlineData(2, NotificationKind.DueIn3Days)]
    [InlineData(1, NotificationKind.DueIn1Day)]
    [InlineData(0, NotificationKind.DueIn1Day)] // the last day itself
    [InlineData(-1, NotificationKind.Overdue)]
    [InlineData(-30, NotificationKind.Overdue)]
    public void Stage_FollowsTheDaysLeft(int daysLeft, NotificationKind? expected) =>
        Reminders.Stage(Deadline, Deadline.AddDays(-daysLeft)).ShouldBe(expected);

    [Fact]
    public void DeadlineKey_NamesTheItem_TheDeadline_AndTheStage()
    {
        var id = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        Reminders.DeadlineKey("rectification", id, Deadline, NotificationKind.DueIn3Days)
            .ShouldBe("rectification:0193a1b2c3d47e5f8a9b0c1d2e3f4a5b:2022-07-15:due-3d");
        // Each stage, and an extended deadline, is a key of its own: each is reminded once.
        new[] { NotificationKind.DueIn3Days, NotificationKind.DueIn1Day, NotificationKind.Overdue }
            .Select(s => Reminders.DeadlineKey("rectification", id, Deadline, s))
            .Append(Reminders.DeadlineKey("rectification", id, Deadline.AddDays(10), NotificationKind.DueIn3Days))
            .Distinct().Count().ShouldBe(4);
        Should.Throw<ArgumentOutOfRangeException>(() => Reminders.DeadlineKey("rectification", id, Deadline, NotificationKind.Decision));
    }

    [Fact]
    public void DeadlineText_SaysTheDaysInChinese()
    {
        Reminders.DeadlineText("整改期限", Deadline, Deadline.AddDays(-3), NotificationKind.DueIn3Days).ShouldBe("整改期限 2022-07-15，还有 3 天");
        Reminders.DeadlineText("整改期限", Deadline, Deadline, NotificationKind.DueIn1Day).ShouldBe("整改期限 2022-07-15，今天到期");
        Reminders.DeadlineText("整改期限", Deadline, Deadline.AddDays(2), NotificationKind.Overdue).ShouldBe("整改期限 2022-07-15 已过，已逾期 2 天");
    }

    [Fact]
    public void Retry_WaitsLongerEachTime_AndGivesUpAtTheLimit()
    {
        var failedAt = new DateTimeOffset(2022, 6, 16, 1, 0, 0, TimeSpan.Zero);
        var wait = TimeSpan.FromMinutes(5);
        DeliveryRetry.NextAttempt(1, 4, wait, failedAt).ShouldBe(failedAt.AddMinutes(5));
        DeliveryRetry.NextAttempt(2, 4, wait, failedAt).ShouldBe(failedAt.AddMinutes(10));
        DeliveryRetry.NextAttempt(3, 4, wait, failedAt).ShouldBe(failedAt.AddMinutes(20));
        DeliveryRetry.NextAttempt(4, 4, wait, failedAt).ShouldBeNull();
        DeliveryRetry.NextAttempt(1, 1, wait, failedAt).ShouldBeNull(); // one attempt only: no retry
        Should.Throw<ArgumentOutOfRangeException>(() => DeliveryRetry.NextAttempt(0, 4, wait, failedAt));
    }

    [Fact]
    public void Error_IsKeptAsOneBoundedLine()
    {
        DeliveryRetry.Bounded("SmtpCommandException:\r\n 550 mailbox\nunavailable").ShouldBe("SmtpCommandException:  550 mailbox unavailable");
        var kept = DeliveryRetry.Bounded(new string('错', 2000));
        kept.Length.ShouldBe(500);
        kept.ShouldEndWith("…");
    }
}
