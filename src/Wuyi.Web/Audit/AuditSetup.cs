namespace Wuyi.Web.Audit;

/// <summary>Wires the audit trail into the app: the trail, its retention job, the administrator's policy, the middleware.</summary>
public static class AuditSetup
{
    public const string Policy = "AuditAdministrator";
    public const string AdminClaim = "wuyi:admin"; // an AspNetUserClaims row; value "audit" for the audit administrator
    public const string AuditAdminValue = "audit";

    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration config)
    {
        var days = AuditRetention.RetentionDays(config); // refuses a value below the legal minimum at start-up
        services.AddSingleton<AuditTrail>();
        services.AddSingleton(new AuditRetention.Settings(days));
        services.AddHostedService<AuditRetention>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireClaim(AdminClaim, AuditAdminValue));
        return services;
    }

    /// <summary>After authentication (to know the actor), before authorization (so that a 403 is on record too).</summary>
    public static IApplicationBuilder UseAudit(this IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();

    public static bool IsAuditAdministrator(this System.Security.Claims.ClaimsPrincipal user) =>
        user.HasClaim(AdminClaim, AuditAdminValue);
}
