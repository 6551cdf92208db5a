using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wuyi.Web.Accounts;
using Wuyi.Web.Audit;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Tests.Resilience;
using Wuyi.Web.Uploads;

namespace Wuyi.Web.Tests.Administration;

/// <summary>
/// Every <c>Wuyi:*</c> setting is bound to its class and checked before the app serves or a command runs:
/// a bad value stops start-up with a Chinese message naming the key and the value.
/// </summary>
public sealed class SettingsTests
{
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "Wuyi:Audit:RetentionDays", "10", "配置项 Wuyi:Audit:RetentionDays 不能小于 180（当前为 10）" },
        { "Wuyi:Audit:RetentionDays", "179", "配置项 Wuyi:Audit:RetentionDays 不能小于 180（当前为 179）" },
        { "Wuyi:Uploads:MaxFileMegabytes", "-5", "配置项 Wuyi:Uploads:MaxFileMegabytes 不能小于 1（当前为 -5）" },
        { "Wuyi:Uploads:MaxFileMegabytes", "二十", "配置项 Wuyi:Uploads:MaxFileMegabytes 应为整数（当前为“二十”）" },
        { "Wuyi:Uploads:Path", " ", "配置项 Wuyi:Uploads:Path 不能为空" },
        { "Wuyi:Hotline:MaxFileSeconds", "0", "配置项 Wuyi:Hotline:MaxFileSeconds 不能小于 1（当前为 0）" },
        { "Wuyi:Accounts:SignInsPerMinutePerIp", "0", "配置项 Wuyi:Accounts:SignInsPerMinutePerIp 不能小于 1（当前为 0）" },
        { "Wuyi:Accounts:PasswordMaxAgeDays", "-1", "配置项 Wuyi:Accounts:PasswordMaxAgeDays 不能小于 0（当前为 -1）" },
        { "Wuyi:Accounts:RequireHttps", "yes", "配置项 Wuyi:Accounts:RequireHttps 应为布尔值 true 或 false（当前为“yes”）" },
        { "Wuyi:DaysToAct", "0", "配置项 Wuyi:DaysToAct 不能小于 1（当前为 0）" },
        { "Wuyi:Province", "110108", "配置项 Wuyi:Province 应为两位省级区划代码，如北京市 11（当前为“110108”）" },
        { "Wuyi:KnownProxies:0", "proxy.local", "配置项 Wuyi:KnownProxies:0 应为 IP 地址（当前为“proxy.local”）" },
        { "Wuyi:SeedDemoAccounts", "1x", "配置项 Wuyi:SeedDemoAccounts 应为布尔值 true 或 false（当前为“1x”）" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadValue_StopsStartUp_NamingTheKey(string key, string value, string message)
    {
        using var services = Services(new() { [key] = value });

        var refused = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        refused.Failures.ShouldContain(f => f.StartsWith(message, StringComparison.Ordinal), string.Join("\n", refused.Failures));
    }

    [Fact]
    public void Defaults_AreInTheClasses_AndPass()
    {
        using var services = Services([]);

        services.GetRequiredService<IStartupValidator>().Validate();
        services.GetRequiredService<IOptions<AuditOptions>>().Value.RetentionDays.ShouldBe(180);
        services.GetRequiredService<IOptions<UploadOptions>>().Value.MaxFileMegabytes.ShouldBe(20);
        services.GetRequiredService<IOptions<AccountOptions>>().Value.RequireHttps.ShouldBeTrue();
        var wuyi = services.GetRequiredService<IOptions<WuyiOptions>>().Value;
        (wuyi.Province, wuyi.DaysToAct, wuyi.ImportDivisionsOnStart, wuyi.SeedDemoAccounts).ShouldBe(("11", 7, true, false));
    }

    [Fact]
    public void GoodValues_AreBound()
    {
        using var services = Services(new()
        {
            ["Wuyi:Audit:RetentionDays"] = "365",
            ["Wuyi:Province"] = "12",
            ["Wuyi:KnownProxies:0"] = "10.0.0.1",
            ["Wuyi:Accounts:RequireHttps"] = "false",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        services.GetRequiredService<IOptions<AuditOptions>>().Value.RetentionDays.ShouldBe(365);
        services.GetRequiredService<IOptions<WuyiOptions>>().Value.Province.ShouldBe("12");
        services.GetRequiredService<IOptions<WuyiOptions>>().Value.KnownProxies.ShouldBe(["10.0.0.1"]);
        services.GetRequiredService<IOptions<AccountOptions>>().Value.RequireHttps.ShouldBeFalse();
    }

    /// <summary>The real process, as an operator starts it: exit code 2 and the message, no stack trace.</summary>
    [Fact]
    public async Task TheApp_WithABadSetting_ExitsWithTheMessage()
    {
        var database = $"Data Source={Path.Combine(Path.GetTempPath(), $"wuyi-settings-{Guid.NewGuid():N}.db")}";

        // Key and value as two words (ASP.NET Core's form), the second setting as one.
        var (exit, output) = await AppProcess.RunCommandAsync(DatabaseProvider.Sqlite, database,
            "--Wuyi:Audit:RetentionDays", "10", "--Wuyi:Uploads:MaxFileMegabytes=-1");

        exit.ShouldBe(Settings.BadSettingsExitCode, output);
        output.ShouldContain("配置有误，未启动");
        output.ShouldContain("配置项 Wuyi:Audit:RetentionDays 不能小于 180（当前为 10）");
        output.ShouldContain("配置项 Wuyi:Uploads:MaxFileMegabytes 不能小于 1（当前为 -1）");
        output.ShouldContain("未配置数据保护证书"); // no certificate given: the key ring's setting is reported with the others
        output.ShouldNotContain("   at ");
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddWuyiSettings();
        return services.BuildServiceProvider();
    }
}
