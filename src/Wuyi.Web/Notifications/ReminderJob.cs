using Quartz;

namespace Wuyi.Web.Notifications;

/// <summary>This node's side of the reminders job: one run at a time on the node, and what its runs did.</summary>
public sealed class ReminderNode
{
    private int _runs;

    internal SemaphoreSlim Turn { get; } = new(1, 1);

    /// <summary>Runs finished on this node (with the turn or without it).</summary>
    public int Runs => Volatile.Read(ref _runs);

    public DateTimeOffset? LastRunAt { get; private set; }

    public ReminderRun.Outcome? LastOutcome { get; private set; }

    internal void Finished(ReminderRun.Outcome outcome, DateTimeOffset at)
    {
        (LastOutcome, LastRunAt) = (outcome, at);
        Interlocked.Increment(ref _runs);
    }
}

/// <summary>The reminders job as Quartz runs it, every <c>Wuyi:Notifications:IntervalMinutes</c> and once at start (decision 0019).</summary>
[DisallowConcurrentExecution]
public sealed class ReminderJob(IServiceScopeFactory scopes, ILogger<ReminderJob> log) : IJob
{
    public static readonly JobKey Key = new("reminders");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next run derives the same reminders again: nothing is lost by failing this one.
            log.LogError(ex, "提醒任务本次运行失败，下次运行时重试");
        }
    }
}
