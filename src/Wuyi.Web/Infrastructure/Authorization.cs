using Microsoft.AspNetCore.Authorization;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// The three administrators (三权分立): system, security and audit. Each is an account carrying the user claim
/// <c>wuyi:admin</c> = <c>system</c> | <c>security</c> | <c>audit</c> and no programme role; these policy names are
/// the contract other features use (the audit pages use <see cref="AuditAdministrator"/>).
/// </summary>
public static class AdministratorPolicies
{
    public const string SystemAdministrator = "SystemAdministrator";
    public const string SecurityAdministrator = "SecurityAdministrator";
    public const string AuditAdministrator = "AuditAdministrator";

    public const string System = "system";
    public const string Security = "security";
    public const string Audit = "audit";

    public static AuthorizationBuilder AddAdministratorPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(SystemAdministrator, p => p.RequireAuthenticatedUser().RequireClaim(WuyiClaims.Administrator, System))
        .AddPolicy(SecurityAdministrator, p => p.RequireAuthenticatedUser().RequireClaim(WuyiClaims.Administrator, Security))
        .AddPolicy(AuditAdministrator, p => p.RequireAuthenticatedUser().RequireClaim(WuyiClaims.Administrator, Audit));
}

public static class AuthorizationExtensions
{
    /// <summary>Only accounts with one of these programme roles; anyone else (administrators included) gets 403.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params ProgrammeRole[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToString())));

    /// <summary>Only the roles the domain names for this permission (<see cref="Permissions"/>).</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRoles([.. Permissions.RolesFor(permission)]);

    /// <summary>Only the roles that take these steps of the round (<see cref="ApplicationStates"/>' table).</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params ApplicationAction[] steps) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRoles([.. steps.Select(ApplicationStates.RoleOf).Distinct()]);
}

/// <summary>
/// <c>[Authorize]</c> for the roles the domain names for a permission or for steps of the round, so that a page
/// and the API answer to the same rule: <c>[AuthorizeFor(Permission.ImportHotline)]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class AuthorizeForAttribute : AuthorizeAttribute
{
    public AuthorizeForAttribute(Permission permission) => Roles = string.Join(",", Permissions.RolesFor(permission));

    /// <summary>Any role that has one of these permissions (a page that serves both, e.g. the appeals: the community files, officials decide).</summary>
    public AuthorizeForAttribute(Permission permission, params Permission[] others) =>
        Roles = string.Join(",", others.Prepend(permission).SelectMany(Permissions.RolesFor).Distinct());

    public AuthorizeForAttribute(params ApplicationAction[] steps) => Roles = string.Join(",", steps.Select(ApplicationStates.RoleOf).Distinct());
}
