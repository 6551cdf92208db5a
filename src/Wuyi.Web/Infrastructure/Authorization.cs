using Wuyi.Domain.Applications;

namespace Wuyi.Web.Infrastructure;

public static class AuthorizationExtensions
{
    /// <summary>Only accounts with one of these programme roles; anyone else gets 403.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params ProgrammeRole[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToString())));
}
