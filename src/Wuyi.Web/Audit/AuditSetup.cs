namespace Wuyi.Web.Audit;

/// <summary>Wires the audit trail into the app: the trail, its retention job, the head anchors and their schedule, the middleware.</summary>
public static class AuditSetup
{
    // The audit administrator of the three (三权分立): the policy and claim are the accounts' (AdministratorPolicies).
    public const string Policy = Infrastructure.AdministratorPolicies.AuditAdministrator;
    public const string AdminClaim = Accounts.WuyiClaims.Administrator;
    public const string AuditAdminValue = Infrastructure.AdministratorPolicies.Audit;

    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditTrail>();
        services.AddHostedService<AuditRetention>();
        services.AddSingleton(sp => new AuditAnchors(AuditAnchors.From(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditOptions>>().Value, sp.GetRequiredService<IHostEnvironment>().ContentRootPath), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<AuditAnchoring>();
        return services;
    }

    /// <summary>After authentication (to know the actor), before authorization (so that a 403 is on record too).</summary>
    public static IApplicationBuilder UseAudit(this IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();

    public static bool IsAuditAdministrator(this System.Security.Claims.ClaimsPrincipal user) =>
        user.HasClaim(AdminClaim, AuditAdminValue);
}
