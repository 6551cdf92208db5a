using MimeKit;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Notifications;

/// <summary><c>Wuyi:Notifications</c>: the reminders job (提醒) and its outbound mail.</summary>
public sealed class NotificationOptions : ISettings
{
    public const string Section = "Wuyi:Notifications";

    /// <summary>Run the reminders job on this node (every node may: one run at a time does the work, decision 0019).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Minutes between runs; each run also catches up on whatever it missed, since the work is derived from state.</summary>
    public int IntervalMinutes { get; set; } = 15;

    /// <summary>How far back a run looks for new items and decisions: a node down for less than this misses nothing.</summary>
    public int LookbackDays { get; set; } = 7;

    /// <summary>Attempts to deliver one outbound copy before giving up (the first included).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry, doubled for each one after it.</summary>
    public int RetryMinutes { get; set; } = 5;

    public SmtpSettings Smtp { get; set; } = new();

    public IEnumerable<string?> Problems()
    {
        yield return Settings.AtLeast($"{Section}:IntervalMinutes", IntervalMinutes, 1);
        yield return Settings.AtLeast($"{Section}:LookbackDays", LookbackDays, 1);
        yield return Settings.AtLeast($"{Section}:MaxAttempts", MaxAttempts, 1);
        yield return Settings.AtLeast($"{Section}:RetryMinutes", RetryMinutes, 1);
        if (string.IsNullOrWhiteSpace(Smtp.Host)) yield break;
        yield return Settings.AtLeast($"{Section}:Smtp:TimeoutSeconds", Smtp.TimeoutSeconds, 1);
        if (Smtp.Port is < 1 or > 65535) yield return $"配置项 {Section}:Smtp:Port 应在 1 到 65535 之间（当前为 {Smtp.Port}）";
        if (!Enum.TryParse<SmtpTls>(Smtp.Tls, ignoreCase: true, out _))
            yield return $"配置项 {Section}:Smtp:Tls 应为 StartTls、SslOnConnect、Auto 或 None（当前为“{Smtp.Tls}”）";
        if (string.IsNullOrWhiteSpace(Smtp.From) || !MailboxAddress.TryParse(Smtp.From, out _))
            yield return $"配置项 {Section}:Smtp:From 应为发件地址（如 无疫社区 <noreply@example.gov.cn>），当前为“{Smtp.From}”";
        if (!string.IsNullOrEmpty(Smtp.User) && string.IsNullOrEmpty(Smtp.Password))
            yield return $"配置了 {Section}:Smtp:User 时须同时配置 {Section}:Smtp:Password";
    }
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpTls
{
    StartTls,     // 明文连接后升级（587）
    SslOnConnect, // 连接即加密（465）
    Auto,         // 服务器支持时升级
    None,         // 不加密（仅限本机或内网中继）
}

/// <summary><c>Wuyi:Notifications:Smtp</c>: the mail relay; with no host, messages are only logged (the demo, tests).</summary>
public sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string Tls { get; set; } = nameof(SmtpTls.StartTls);
    public string? User { get; set; }
    public string? Password { get; set; }
    public string? From { get; set; }

    /// <summary>Seconds one connection and send may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
