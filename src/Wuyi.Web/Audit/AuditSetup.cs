namespace Wuyi.Web.Audit;

/// <summary>Wires the audit trail into the app: the trail, its retention job, the head anchors and their schedule, the middleware.</summary>
public static class AuditSetup
{
    // The audit administrator of the three (三权分立): the policy and claim are the accounts' (AdministratorPolicies).
    public const string Policy = Infrastructure.AdministratorPolicies.AuditAdministrator;
    public const string AdminClaim = Accounts.WuyiClaims.Administrator;
    public const string AuditAdminValue = Infrastructure.AdministratorPolicies.Audit;

    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration config)
    {
        var days = AuditRetention.RetentionDays(config); // refuses a value below the legal minimum at start-up
        services.AddSingleton<AuditTrail>();
        services.AddSingleton(new AuditRetention.Settings(days));
        services.AddHostedService<AuditRetention>();
        services.AddSingleton(sp => new AuditAnchors(AuditAnchors.From(config, sp.GetRequiredService<IHostEnvironment>().ContentRootPath), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<AuditAnchoring>();
        return services;
    }

    /// <summary>After authentication (to know the actor), before authorization (so that a 403 is on record too).</summary>
    public static IApplicationBuilder UseAudit(this IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();

    public static bool IsAuditAdministrator(this System.Security.Claims.ClaimsPrincipal user) =>
        user.HasClaim(AdminClaim, AuditAdminValue);
}
