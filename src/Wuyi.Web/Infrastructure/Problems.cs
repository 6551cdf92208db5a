using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Common;
using Wuyi.Web.Data;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// Turns refusals into RFC 7807 problem details in Chinese. Rule refusals carry a stable <c>code</c>;
/// nothing else of an exception (no stack trace, no SQL) ever reaches the response.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // Pages get the friendly error page (ExceptionHandlingPath) with the status from StatusFor.
        // The middleware has already pointed Request.Path at the error page; the original is in the feature.
        var path = new PathString(http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path);
        if (!path.StartsWithSegments("/api"))
        {
            if (StatusFor(exception) == 500) logger.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
            if (StatusFor(exception) == 503) Unavailable(http, exception);
            return false;
        }
        ProblemDetails problem = exception switch
        {
            DomainException { Errors.Count: > 0 } d => new ValidationProblemDetails(d.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = Status(d.Kind), Title = Title(d.Kind), Detail = d.Message, Extensions = { ["code"] = d.Code },
            },
            DomainException d => new ProblemDetails { Status = Status(d.Kind), Title = Title(d.Kind), Detail = d.Message, Extensions = { ["code"] = d.Code } },
            NotFoundException n => new ProblemDetails { Status = 404, Title = "找不到", Detail = n.Message },
            // The binder's and the serializer's own text names .NET types and members: never sent, a fixed reason instead.
            BadHttpRequestException { StatusCode: 400 } or System.Text.Json.JsonException => BodyInvalid(),
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = TitleFor(b.StatusCode), Detail = "请求无效" },
            _ when DatabaseUnavailable.Is(exception) => new ProblemDetails
            {
                Status = 503, Title = TitleFor(503), Detail = "数据库暂时无法连接，本次操作未能确认完成，请稍后重试", Extensions = { ["code"] = "database-unavailable" },
            },
            Documents.PdfFontsMissingException f => new ProblemDetails { Status = 503, Title = TitleFor(503), Detail = f.Message, Extensions = { ["code"] = "pdf-fonts-missing" } },
            _ => new ProblemDetails { Status = 500, Title = "服务器内部错误", Detail = "服务器处理请求时出错，请稍后重试；如问题持续，请联系管理员" },
        };
        if (problem.Status == 500) logger.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
        if (problem.Status == 503) Unavailable(http, exception);
        http.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The status an exception answers with, for pages and API alike.</summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        DomainException d => Status(d.Kind),
        NotFoundException => StatusCodes.Status404NotFound,
        BadHttpRequestException b => b.StatusCode,
        System.Text.Json.JsonException => StatusCodes.Status400BadRequest,
        _ when DatabaseUnavailable.Is(exception) => StatusCodes.Status503ServiceUnavailable,
        Documents.PdfFontsMissingException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// The database is away (restarting, unreachable): a warning, not a bug, and a hint when to come back.
    /// No retry here: the writes run in explicit transactions, which EF's retrying strategy cannot replay
    /// (docs/decisions/0005-crash-and-backup.md); the client retries, and idempotent calls make that safe.
    /// </summary>
    private void Unavailable(HttpContext http, Exception exception)
    {
        logger.LogWarning("{What} unavailable on {Method} {Path}: {Message}", exception is Documents.PdfFontsMissingException ? "PDF fonts" : "Database",
            http.Request.Method, http.Request.Path, exception.GetBaseException().Message);
        http.Response.Headers.RetryAfter = "5";
    }

    private static ProblemDetails BodyInvalid() => new()
    {
        Status = 400, Title = "请求无效", Detail = "请求内容无法解析：请检查 JSON 格式（括号、引号、逗号）、字段名和字段类型",
        Extensions = { ["code"] = "body-invalid" },
    };

    private static int Status(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    internal static string Title(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Conflict => "当前状态不允许此操作",
        DomainErrorKind.Forbidden => "无权进行此操作",
        _ => "输入有误",
    };

    /// <summary>Chinese titles for bare status codes (401, 403, 404, 405…) on API routes.</summary>
    public static string TitleFor(int status) => status switch
    {
        401 => "需要登录",
        403 => "无权访问",
        404 => "找不到",
        405 => "不支持该请求方法",
        409 => "冲突",
        415 => "不支持的内容类型：请使用 application/json",
        429 => "请求过于频繁",
        503 => "服务暂不可用",
        _ => "请求无效",
    };
}

/// <summary>Problem answers an endpoint gives itself, in the words the exception handler uses.</summary>
public static class Problems
{
    /// <summary>
    /// A refused all-or-nothing import (12345 complaints, duty rosters, accounts): a 400 problem that carries what is wrong with
    /// every row under <paramref name="key"/>, so the caller can fix them all at once.
    /// </summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult RowsRefused(string code, string? message, string key, object rows) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = ProblemExceptionHandler.Title(DomainErrorKind.Invalid),
            Detail = message,
            Extensions = { ["code"] = code, [key] = rows },
        });
}
