using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Notifications;

/// <summary>The notification centre's lists as files: an account's own notifications, and the delivery attempts.</summary>
public static class NotificationExport
{
    public static readonly TableExport<NotificationView> Notifications = new TableExport<NotificationView>("提醒", "提醒")
        .Time("时间", n => n.CreatedAtUtc)
        .Text("类别", n => n.KindName, 12)
        .Text("标题", n => n.Title, 24)
        .Text("内容", n => n.Body, 60)
        .Text("社区（村）代码", n => n.CommunityCode, 14)
        .Text("状态", n => n.Unread ? "未读" : "已读", 8)
        .Time("阅读时间", n => n.ReadAtUtc)
        .Text("邮件", n => NotificationQueries.EmailStateName(n.EmailState), 10);

    public static readonly TableExport<DeliveryView> Deliveries = new TableExport<DeliveryView>("提醒投递记录", "投递记录")
        .Time("尝试时间", d => d.AttemptedAtUtc)
        .Text("账号", d => d.UserName)
        .Text("提醒", d => d.Title, 24)
        .Text("渠道", d => "邮件", 8)
        .Text("地址", d => d.Address, 24)
        .Number("第几次", d => d.Attempt, 8)
        .Text("结果", d => d.OutcomeName, 8)
        .Text("错误", d => d.Error, 40)
        .Text("节点", d => d.Node, 20)
        .Text("当前状态", d => NotificationQueries.EmailStateName(d.EmailState), 10);

    public static ExportDownload<NotificationView> NotificationsDownload(NotificationQueries q, string userId, ExportFormat format, bool unreadOnly) =>
        Notifications.Download(format, "提醒", () => q.Stream(userId, unreadOnly));

    public static ExportDownload<DeliveryView> DeliveriesDownload(NotificationQueries q, ExportFormat format, DeliveryOutcome? outcome) =>
        Deliveries.Download(format, "提醒投递记录", () => q.StreamDeliveries(outcome));
}
