using Microsoft.Extensions.Options;

namespace Wuyi.Web.Audit;

/// <summary>
/// Keeps the trail online for <c>Wuyi:Audit:RetentionDays</c> (default 180; the Cybersecurity Law asks for at least six
/// months, so less is refused at start-up: AuditOptions) and purges older records once a day, the first run an hour after start. Every node runs it;
/// the chain lock makes them take turns and the later ones find nothing to purge. Each purge is itself a record.
/// </summary>
public sealed class AuditRetention(AuditTrail trail, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> logger) : BackgroundService
{
    private int Days => options.Value.RetentionDays;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromHours(1), time, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromDays(1), time);
            do
            {
                try
                {
                    await PurgeAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "审计记录清理失败，将于明日重试");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    /// <summary>Deletes the records older than the retention period and records the purge with its anchor.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-Days);
        var deleted = await trail.PurgeAsync(cutoff, new AuditRecord
        {
            AtUtc = now,
            ActorName = "系统（审计记录保留期清理）",
            Role = "system",
            Action = AuditTrail.PurgeAction,
            ObjectType = "audit-trail",
            Outcome = AuditOutcome.Success,
        }, ct);
        if (deleted > 0) logger.LogInformation("已清理 {Deleted} 条超过 {Days} 天的审计记录", deleted, Days);
        return deleted;
    }
}
