using Wuyi.Domain.Notifications;

namespace Wuyi.Web.Notifications;

/// <summary>Where a notification's outbound copy stands.</summary>
public enum EmailState
{
    None = 0,    // 仅站内（账号没有邮箱）
    Pending = 1, // 待发送（或等待重试）
    Sending = 2, // 发送中（一个节点已认领；过期未结束的再次待发）
    Sent = 3,    // 已发送
    Failed = 4,  // 多次失败，已放弃
}

/// <summary>
/// One notification (提醒) to one account, derived by the reminders job from the programme's state under an idempotent
/// <see cref="Key"/>: a unique index on (account, key) keeps one, however often and on however many nodes the job runs
/// (decision 0019). Read or unread is the account's own; the outbound copy's progress is kept here, each attempt in
/// <see cref="NotificationDelivery"/>.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string Key { get; set; } = "";
    public NotificationKind Kind { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string Link { get; set; } = "";
    public string? CommunityCode { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ReadAtUtc { get; set; }
    public EmailState EmailState { get; set; }
    public int EmailAttempts { get; set; }

    /// <summary>When a pending copy may be tried (again), or when a claimed one counts as abandoned.</summary>
    public DateTime? NextEmailAtUtc { get; set; }

    public const int KeyLength = 200, TitleLength = 200, BodyLength = 1000, LinkLength = 300;
}

/// <summary>The channel a delivery went through.</summary>
public enum DeliveryChannel
{
    Email = 1, // 邮件
}

public enum DeliveryOutcome
{
    Sent = 1,   // 成功
    Failed = 2, // 失败
}

/// <summary>One attempt to deliver a notification outside the app (投递记录): never changed once written.</summary>
public sealed class NotificationDelivery
{
    public Guid Id { get; set; }
    public Guid NotificationId { get; set; }
    public DeliveryChannel Channel { get; set; }
    public string Address { get; set; } = "";
    public int Attempt { get; set; }
    public DateTime AttemptedAtUtc { get; set; }
    public DeliveryOutcome Outcome { get; set; }

    /// <summary>What went wrong, one line of at most <see cref="ErrorLength"/> characters.</summary>
    public string? Error { get; set; }

    /// <summary>The node that made the attempt (several nodes share one database).</summary>
    public string Node { get; set; } = "";

    public const int AddressLength = 256, ErrorLength = 500, NodeLength = 100;
}
