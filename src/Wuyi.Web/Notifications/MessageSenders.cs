using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Wuyi.Web.Notifications;

/// <summary>A message to one person outside the app.</summary>
public sealed record OutboundMessage(string To, string ToName, string Subject, string Body);

/// <summary>Sends a message outside the app; throws when it was not accepted (the reminders job records and retries).</summary>
public interface IMessageSender
{
    Task SendAsync(OutboundMessage message, CancellationToken ct);
}

/// <summary>
/// The sender when no SMTP host is configured (the demo, tests): each message is written to the log and kept in memory
/// (the last 1,000) instead of being sent, and counts as delivered.
/// </summary>
public sealed class LoggingMessageSender(ILogger<LoggingMessageSender> log) : IMessageSender
{
    private readonly ConcurrentQueue<OutboundMessage> _sent = new();

    /// <summary>What this node "sent", oldest first.</summary>
    public IReadOnlyList<OutboundMessage> Sent => [.. _sent];

    public Task SendAsync(OutboundMessage message, CancellationToken ct)
    {
        log.LogInformation("提醒邮件（未配置 SMTP，仅记录）：收件人 {To}，主题 {Subject}", message.To, message.Subject);
        _sent.Enqueue(message);
        while (_sent.Count > 1000) _sent.TryDequeue(out _);
        return Task.CompletedTask;
    }
}

/// <summary>Sends through the configured SMTP relay with MailKit: one connection per message, plain text in UTF-8.</summary>
public sealed class SmtpMessageSender(IOptions<NotificationOptions> options) : IMessageSender
{
    public async Task SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        await client.ConnectAsync(smtp.Host!, smtp.Port, Security(smtp.Tls), ct);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        await client.SendAsync(Build(message, smtp.From!), ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    /// <summary>The MIME message: from the configured sender, to the account, subject and a plain UTF-8 body.</summary>
    public static MimeMessage Build(OutboundMessage message, string from)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(new MailboxAddress(message.ToName, message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = message.Body };
        return mime;
    }

    private static SecureSocketOptions Security(string tls) => Enum.Parse<SmtpTls>(tls, ignoreCase: true) switch
    {
        SmtpTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpTls.Auto => SecureSocketOptions.Auto,
        SmtpTls.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
