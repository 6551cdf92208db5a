using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// A class of <c>Wuyi:*</c> settings: its defaults are its properties' initial values, and it says what is wrong
/// with its values, in Chinese, naming the full key (<see cref="Settings.AtLeast"/>).
/// </summary>
public interface ISettings
{
    IEnumerable<string?> Problems(); // null: that check passed
}

/// <summary>
/// Settings classes bound from configuration and checked before the app serves or a command runs: a bad value stops
/// start-up with a message naming the key, instead of surfacing later as a wrong answer or an English stack trace.
/// </summary>
public static class Settings
{
    /// <summary>The exit code of a start refused for bad settings (as for unknown arguments).</summary>
    public const int BadSettingsExitCode = 2;

    /// <summary>Every settings class, each bound from its section and checked at start-up; README's configuration table lists them.</summary>
    public static IServiceCollection AddWuyiSettings(this IServiceCollection services)
    {
        services.AddSettings<WuyiOptions>(WuyiOptions.Section);
        services.AddSettings<Accounts.AccountOptions>(Accounts.AccountOptions.Section);
        services.AddSettings<Accounts.KeyRingOptions>(Accounts.KeyRingOptions.Section);
        services.AddSettings<Audit.AuditOptions>(Audit.AuditOptions.Section);
        services.AddSettings<Uploads.UploadOptions>(Uploads.UploadOptions.Section);
        services.AddSettings<Hotline.HotlineOptions>(Hotline.HotlineOptions.Section);
        services.AddSettings<ResidentReports.ResidentReportOptions>(ResidentReports.ResidentReportOptions.Section);
        services.AddSettings<Notifications.NotificationOptions>(Notifications.NotificationOptions.Section);
        return services;
    }

    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class, ISettings, new()
    {
        services.AddSingleton<IValidateOptions<T>>(sp => new Validator<T>(sp.GetRequiredService<IConfiguration>(), section));
        return services.AddOptions<T>()
            .Configure<IConfiguration>((o, config) => Bind(config, section, o))
            .ValidateOnStart();
    }

    /// <summary>The settings as configured, for wiring that must happen before the container exists; checked at start.</summary>
    public static T Read<T>(IConfiguration config, string section) where T : class, new()
    {
        var settings = new T();
        Bind(config, section, settings);
        return settings;
    }

    /// <summary>A value of the wrong type leaves the default in place: the validator names it (<see cref="WrongTypes"/>).</summary>
    private static void Bind<T>(IConfiguration config, string section, T settings) where T : class
    {
        try
        {
            config.GetSection(section).Bind(settings);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public static string? AtLeast(string key, long value, long minimum, string? why = null) =>
        value >= minimum ? null : $"配置项 {key} 不能小于 {minimum}（当前为 {value}）{why}";

    /// <summary>
    /// Runs the options' checks now (they would run anyway when the host starts): prints each problem and returns
    /// false, so that the process ends with <see cref="BadSettingsExitCode"/> and a message, not a stack trace.
    /// </summary>
    public static bool CheckedAtStart(IServiceProvider services, params string?[] more)
    {
        var failures = more.OfType<string>().ToList();
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (Failures(ex) is { Count: > 0 } found)
        {
            failures.InsertRange(0, found);
        }
        if (failures.Count == 0) return true;
        Console.Error.WriteLine("配置有误，未启动：");
        foreach (var failure in failures) Console.Error.WriteLine($"  {failure}");
        return false;
    }

    private static List<string> Failures(Exception ex) => ex switch
    {
        OptionsValidationException o => [.. o.Failures],
        AggregateException a when a.InnerExceptions.All(e => e is OptionsValidationException) => [.. a.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };

    /// <summary>Values that are not of their property's type (“abc” for a number), which binding could not take.</summary>
    private static IEnumerable<string> WrongTypes(IConfiguration config, string section, Type type)
    {
        foreach (var property in type.GetProperties().Where(p => p.CanWrite))
        {
            var kind = property.PropertyType switch
            {
                var t when t == typeof(int) || t == typeof(long) => "整数",
                var t when t == typeof(bool) => "布尔值 true 或 false",
                _ => null,
            };
            var key = $"{section}:{property.Name}";
            if (kind is not null && config[key] is { } raw && !Converts(property.PropertyType, raw))
                yield return $"配置项 {key} 应为{kind}（当前为“{raw}”）";
        }
    }

    private static bool Converts(Type type, string raw)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromString(null, CultureInfo.InvariantCulture, raw);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private sealed class Validator<T>(IConfiguration config, string section) : IValidateOptions<T> where T : class, ISettings
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = WrongTypes(config, section, typeof(T)).Concat(options.Problems().OfType<string>()).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
