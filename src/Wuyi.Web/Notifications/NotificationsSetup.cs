using Microsoft.Extensions.Options;
using Quartz;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Notifications;

/// <summary>The notification centre, its sources, its senders and the Quartz job that runs them (decision 0019).</summary>
public static class NotificationsSetup
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<NotificationQueries>();
        services.AddScoped<ReminderRun>();
        services.AddSingleton<ReminderNode>();
        // The sources of reminders: one line per kind of item.
        services.AddScoped<IReminderSource, RectificationDeadlines>();
        services.AddScoped<IReminderSource, ApplicationReminders>();
        services.AddScoped<IReminderSource, ProgrammeEventReminders>();
        services.AddScoped<IReminderSource, InspectionReminders>();
        services.AddScoped<IReminderSource, ResidentReportReminders>();
        services.AddScoped<IReminderSource, AppealReminders>();
        // No SMTP host: the logging sender (the demo, tests).
        services.AddSingleton<LoggingMessageSender>();
        services.AddSingleton<SmtpMessageSender>();
        services.AddSingleton<IMessageSender>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Smtp.Host)
            ? sp.GetRequiredService<LoggingMessageSender>()
            : sp.GetRequiredService<SmtpMessageSender>());

        var settings = Settings.Read<NotificationOptions>(builder.Configuration, NotificationOptions.Section);
        if (!settings.Enabled) return builder;
        services.AddQuartz(q => q.ScheduleJob<ReminderJob>(
            t => t.WithIdentity("reminders").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(Math.Max(1, settings.IntervalMinutes))).RepeatForever()),
            j => j.WithIdentity(ReminderJob.Key).DisallowConcurrentExecution()));
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
