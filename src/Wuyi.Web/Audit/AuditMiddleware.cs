using System.Security.Claims;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Wuyi.Domain.Common;
using Wuyi.Web.Accounts;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Audit;

/// <summary>
/// What a handler tells the audit trail about its request, beyond what the middleware sees: a sign-in's account and
/// outcome, or a rule's refusal that a page shows as a form error (status 200).
/// </summary>
public sealed class AuditRequest
{
    public string? Action { get; set; }
    public string? ObjectType { get; set; }
    public string? ObjectId { get; set; }
    public (string? UserId, string? Name, string? Role, string? Unit)? Actor { get; set; }
    public string? Outcome { get; set; }
    public string? ProblemCode { get; set; }
    public bool Record { get; set; } // write a record even for a GET

    /// <summary>The request answered with an export (a list taken away): recorded as one, with <see cref="Details"/>.</summary>
    public bool Export { get; set; }

    /// <summary>What the record says instead of entity changes: an export's list, format, filters and row count (JSON).</summary>
    public string? Details { get; set; }

    /// <summary>A preview (the engine's dry run, a decision's confirmation page): not an operation, unless it was refused.</summary>
    public bool Preview { get; set; }
}

public static class AuditRequestExtensions
{
    public static AuditRequest? Audit(this HttpContext http) => http.Features.Get<AuditRequest>();

    /// <summary>The request only shows what a step would do and changes nothing: a success of it is not an operation on record.</summary>
    public static void AuditPreview(this HttpContext http)
    {
        if (http.Audit() is { } a) a.Preview = true;
    }

    /// <summary>A rule refused the request although the page answers 200 with the message beside the form.</summary>
    public static void AuditRefused(this HttpContext http, DomainException refusal)
    {
        if (http.Audit() is { } a)
        {
            a.Outcome = AuditOutcome.Refused;
            a.ProblemCode = refusal.Code;
        }
    }

    /// <summary>A sign-in attempt (page or API): the account tried, and how it ended.</summary>
    public static async Task AuditSignInAsync(this HttpContext http, UserManager<User> users, string userName, SignInResult result)
    {
        if (http.Audit() is not { } a) return;
        var user = await users.FindByNameAsync(userName);
        a.Record = true;
        a.Action = "sign-in";
        a.ObjectType = "account";
        a.ObjectId = user?.Id;
        // An administrator is on record as its kind (admin:audit…), as in its other records: its Role column means nothing (see User).
        var admin = user is null ? null : (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == WuyiClaims.Administrator)?.Value;
        a.Actor = user is null ? (null, userName, null, null)
            : (user.Id, user.UserName, admin is null ? user.Role.ToString() : "admin:" + admin, user.DivisionCode);
        a.Outcome = result.Succeeded ? AuditOutcome.Success : AuditOutcome.Refused;
        a.ProblemCode = result.Succeeded ? null
            : result is SignInDelayed ? "sign-in-delayed"
            : result.IsLockedOut ? "locked-out"
            : result.IsNotAllowed ? "not-allowed"
            : result.RequiresTwoFactor ? "two-factor-required"
            : user is null ? "unknown-user" : "wrong-password";
    }
}

/// <summary>
/// The audit trail of every request: each transaction that commits entity changes carries its own record, sealed in it
/// (<see cref="AuditChanges"/>); after the endpoint ran, one more record, in a transaction of its own, for a
/// state-changing request (any method but GET, HEAD, OPTIONS; API or page) that committed nothing or did not end in
/// success — refusals, failures, sign-ins — and for each CSV export or explicit record (see docs/decisions/0004).
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditTrail trail, TimeProvider time, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        // A re-executed error page belongs to the request that failed, which records itself.
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(http);
            return;
        }
        var request = new AuditRequest();
        http.Features.Set(request);
        // A committed change is a success whatever the response turns out to be; the response is not written yet (no status).
        var changes = new AuditChanges(committed =>
            Describe(http, request, committed, AuditChanges.ToJson(committed), null, AuditOutcome.Success, null, export: false, time.GetUtcNow().UtcDateTime));
        AuditChanges.Current = changes;
        var at = time.GetUtcNow().UtcDateTime;
        Exception? error = null;
        try
        {
            await next(http);
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            AuditChanges.Current = null;
            var method = http.Request.Method;
            var changing = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
            var export = error is null && (request.Export || http.Response.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true);
            if (changing || export || request.Record)
                await WriteAsync(http, request, changes, error, export, at);
        }
    }

    private async Task WriteAsync(HttpContext http, AuditRequest request, AuditChanges changes, Exception? error, bool export, DateTime at)
    {
        var status = error is null ? http.Response.StatusCode : ProblemExceptionHandler.StatusFor(error);
        var outcome = request.Outcome ?? (status >= 500 ? AuditOutcome.Failed : status >= 400 ? AuditOutcome.Refused : AuditOutcome.Success);
        // A change that committed is on record already, sealed in its transaction; a success adds nothing to it.
        if (changes.Sealed > 0 && outcome == AuditOutcome.Success && !export && !request.Record && changes.Committed.Count == 0) return;
        // A preview that went through changed nothing and did nothing: listing it would drown the decisions taken.
        if (request.Preview && outcome == AuditOutcome.Success && changes.Sealed == 0 && changes.Committed.Count == 0 && !export && !request.Record) return;
        var record = Describe(http, request, changes.Committed, request.Details ?? changes.ToJson(), status, outcome, request.ProblemCode ?? (error as DomainException)?.Code, export, at);
        try
        {
            await trail.AppendAsync([record], CancellationToken.None); // a client that hung up is still on record
        }
        catch (Exception ex)
        {
            // Only a refusal, a failure, a sign-in or an export can be lost here: committed changes carry their own record.
            logger.LogCritical(ex, "审计记录写入失败：{Action} {ObjectId} {Outcome} by {Actor}", record.Action, record.ObjectId, record.Outcome, record.ActorUserId);
            if (error is null && !http.Response.HasStarted) throw;
        }
    }

    /// <summary>The request's record as far as it is known: who, from where, what, on which object, how it ended, what it changed.</summary>
    private static AuditRecord Describe(HttpContext http, AuditRequest request, IReadOnlyList<AuditChanges.Change> committed, string? changes,
        int? status, string outcome, string? problemCode, bool export, DateTime at)
    {
        var user = http.User;
        var actor = request.Actor ?? (user.Identity?.IsAuthenticated == true
            ? (user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue(WuyiClaims.DisplayName) ?? user.Identity.Name, RolesOf(user), user.FindFirstValue(WuyiClaims.Division))
            : (null, null, null, null));
        var (pattern, routeId, routeType) = Route(http);
        var subject = committed.FirstOrDefault(c => c.State == "Added") ?? committed.FirstOrDefault(); // what a route does not name
        return new AuditRecord
        {
            AtUtc = at,
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
            Role = actor.Role,
            Unit = actor.Unit,
            ClientIp = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
            Action = request.Action ?? (export ? "export " : "") + $"{http.Request.Method} {pattern}",
            ObjectType = request.ObjectType ?? routeType ?? (routeId is null ? subject?.Entity : null),
            ObjectId = request.ObjectId ?? routeId ?? subject?.Key,
            Status = status,
            Outcome = outcome,
            ProblemCode = problemCode,
            Changes = changes,
        };
    }

    private static string? RolesOf(ClaimsPrincipal user)
    {
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value)
            .Concat(user.FindAll(AuditSetup.AdminClaim).Select(c => "admin:" + c.Value)).ToList();
        return roles.Count == 0 ? null : string.Join(",", roles);
    }

    /// <summary>An endpoint's route as the trail's actions name it (<see cref="AuditOperations"/> names them in Chinese).</summary>
    public static string? PatternOf(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText is { } raw ? "/" + raw.Trim('/') : null;

    /// <summary>The endpoint's route pattern (and page handler), the object id from the route and the kind of object it names.</summary>
    private static (string Pattern, string? Id, string? Type) Route(HttpContext http)
    {
        var endpoint = http.GetEndpoint() as RouteEndpoint;
        var pattern = endpoint is null ? http.Request.Path.ToString() : PatternOf(endpoint) ?? http.Request.Path.ToString();
        if (http.Request.Query["handler"].ToString() is { Length: > 0 } handler) pattern += "?handler=" + handler;
        string? id = null, type = null;
        foreach (var name in new[] { "id", "code", "number" })
        {
            if (http.Request.RouteValues[name] is not { } value) continue;
            id = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            var segments = endpoint?.RoutePattern.PathSegments;
            var at = segments?.ToList().FindIndex(s => s.Parts.Any(p => p is Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart pp && pp.Name == name)) ?? -1;
            if (at > 0 && segments![at - 1].Parts is [Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal]) type = literal.Content;
            break;
        }
        return (pattern, id, type);
    }
}
