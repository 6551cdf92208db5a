using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// CSRF for the API. A browser sends the Identity cookie with any request, even one another site makes it send,
/// so an API call that rides on the cookie and may change something must also carry the antiforgery token in
/// <see cref="Header"/> (pages give it to their own JavaScript in the form's hidden field). Bearer calls are exempt:
/// a browser never adds that header by itself. Refused with a 400 problem in Chinese before any handler runs.
/// </summary>
public static class CookieApiAntiforgery
{
    public const string Header = "X-CSRF-TOKEN";

    public static IApplicationBuilder UseCookieApiAntiforgery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (NeedsToken(http) && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "请求无效",
                    Detail = $"以登录状态调用接口修改数据时，须在请求头 {Header} 中附上页面的防伪令牌。请刷新页面后重试。",
                    Extensions = { ["code"] = "antiforgery-token-invalid" },
                },
            });
            return;
        }
        await next(http);
    });

    private static bool NeedsToken(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api")
        && !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
             || HttpMethods.IsOptions(http.Request.Method) || HttpMethods.IsTrace(http.Request.Method))
        && http.User.Identity?.IsAuthenticated == true
        && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
