using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Notifications;

namespace Wuyi.Web.Tests.Notifications;

/// <summary>
/// The MailKit sender against a tiny SMTP server on the loopback address that speaks just enough of the protocol, and the
/// settings it is configured by (<c>Wuyi:Notifications:Smtp:*</c>), checked at start-up.
/// </summary>
public sealed class SmtpSenderTests
{
    [Fact]
    public async Task Send_DeliversTheMessageToTheRelay()
    {
        await using var relay = FakeSmtpServer.Start();
        var sender = new SmtpMessageSender(Options.Create(Settings(relay.Port)));

        await sender.SendAsync(new OutboundMessage("zhang@example.cn", "张三", "【无疫社区】整改期限将到", "整改期限 2022-06-19，还有 3 天。"), CancellationToken.None);

        relay.Commands.ShouldContain(c => c.StartsWith("MAIL FROM:<noreply@wuyi.example.cn>", StringComparison.OrdinalIgnoreCase));
        relay.Commands.ShouldContain(c => c.StartsWith("RCPT TO:<zhang@example.cn>", StringComparison.OrdinalIgnoreCase));
        var message = relay.Messages.ShouldHaveSingleItem();
        message.Subject.ShouldBe("【无疫社区】整改期限将到");
        message.TextBody!.ShouldContain("还有 3 天");
        message.To.Mailboxes.ShouldHaveSingleItem().Name.ShouldBe("张三");
        message.From.Mailboxes.ShouldHaveSingleItem().Name.ShouldBe("无疫社区");
    }

    [Fact]
    public async Task Send_ARefusedRecipient_Throws_SoTheJobRecordsAndRetries()
    {
        await using var relay = FakeSmtpServer.Start(refuseRecipients: true);
        var sender = new SmtpMessageSender(Options.Create(Settings(relay.Port)));

        var refused = await Should.ThrowAsync<SmtpCommandException>(() =>
            sender.SendAsync(new OutboundMessage("nobody@example.cn", "无人", "主题", "正文"), CancellationToken.None));

        refused.Message.ShouldContain("mailbox unavailable");
        relay.Messages.ShouldBeEmpty();
    }

    [Fact]
    public void Build_WritesAPlainUtf8Message()
    {
        var mime = SmtpMessageSender.Build(new OutboundMessage("li@example.cn", "李四", "【无疫社区】一票否决", "正文"), "无疫社区 <noreply@wuyi.example.cn>");
        mime.Subject.ShouldBe("【无疫社区】一票否决");
        mime.TextBody.ShouldBe("正文");
        mime.Body.ShouldBeOfType<TextPart>().ContentType.Charset.ShouldBe("utf-8");
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "Wuyi:Notifications:IntervalMinutes", "0", "配置项 Wuyi:Notifications:IntervalMinutes 不能小于 1（当前为 0）" },
        { "Wuyi:Notifications:MaxAttempts", "0", "配置项 Wuyi:Notifications:MaxAttempts 不能小于 1（当前为 0）" },
        { "Wuyi:Notifications:Enabled", "yes", "配置项 Wuyi:Notifications:Enabled 应为布尔值 true 或 false（当前为“yes”）" },
        { "Wuyi:Notifications:Smtp:Host", "smtp.example.cn", "配置项 Wuyi:Notifications:Smtp:From 应为发件地址" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadSetting_StopsStartUp_NamingTheKey(string key, string value, string message)
    {
        using var services = SettingsServices(new() { [key] = value });
        var refused = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        refused.Failures.ShouldContain(f => f.StartsWith(message, StringComparison.Ordinal), string.Join("\n", refused.Failures));
    }

    [Fact]
    public void SmtpSettings_AreBound_AndTheDefaultsPass()
    {
        using var defaults = SettingsServices([]);
        defaults.GetRequiredService<IStartupValidator>().Validate();
        var d = defaults.GetRequiredService<IOptions<NotificationOptions>>().Value;
        (d.Enabled, d.IntervalMinutes, d.Smtp.Host, d.Smtp.Port).ShouldBe((true, 15, (string?)null, 587));

        using var configured = SettingsServices(new()
        {
            ["Wuyi:Notifications:Smtp:Host"] = "smtp.example.cn",
            ["Wuyi:Notifications:Smtp:Port"] = "465",
            ["Wuyi:Notifications:Smtp:Tls"] = "SslOnConnect",
            ["Wuyi:Notifications:Smtp:User"] = "wuyi",
            ["Wuyi:Notifications:Smtp:Password"] = "secret",
            ["Wuyi:Notifications:Smtp:From"] = "无疫社区 <noreply@example.cn>",
        });
        configured.GetRequiredService<IStartupValidator>().Validate();
        var smtp = configured.GetRequiredService<IOptions<NotificationOptions>>().Value.Smtp;
        (smtp.Host, smtp.Port, smtp.Tls, smtp.User).ShouldBe(("smtp.example.cn", 465, "SslOnConnect", "wuyi"));
    }

    private static NotificationOptions Settings(int port) => new()
    {
        Smtp = new SmtpSettings { Host = "127.0.0.1", Port = port, Tls = nameof(SmtpTls.None), From = "无疫社区 <noreply@wuyi.example.cn>", TimeoutSeconds = 10 },
    };

    private static ServiceProvider SettingsServices(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddWuyiSettings();
        return services.BuildServiceProvider();
    }
}

/// <summary>Just enough SMTP on 127.0.0.1 for one client at a time: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.</summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _refuseRecipients;
    private readonly Task _serving;
    private readonly List<string> _commands = [];
    private readonly List<MimeMessage> _messages = [];

    private FakeSmtpServer(bool refuseRecipients)
    {
        _refuseRecipients = refuseRecipients;
        _listener.Start();
        _serving = ServeAsync();
    }

    public static FakeSmtpServer Start(bool refuseRecipients = false) => new(refuseRecipients);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<string> Commands
    {
        get { lock (_commands) return [.. _commands]; }
    }

    public IReadOnlyList<MimeMessage> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    private async Task ServeAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await ConverseAsync(client.GetStream(), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
        }
    }

    private async Task ConverseAsync(NetworkStream stream, CancellationToken ct)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), leaveOpen: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake.wuyi ESMTP");
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lock (_commands) _commands.Add(line);
            var verb = line.Split(' ', ':')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-fake.wuyi");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO" or "MAIL" or "RSET" or "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    await writer.WriteLineAsync(_refuseRecipients ? "550 5.1.1 mailbox unavailable" : "250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(ct) is { } d && d != ".")
                        data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                    using (var mime = new MemoryStream(Encoding.UTF8.GetBytes(data.ToString())))
                    {
                        var message = await MimeMessage.LoadAsync(mime, ct);
                        lock (_messages) _messages.Add(message);
                    }
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 command not implemented");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }
}
