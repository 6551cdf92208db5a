using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// A request that matches none of a page's handlers (a POST to a page that only shows, an unknown <c>?handler=</c>)
/// would render the page without loading what it shows, and fail with a 500. It answers 405 (404 for a GET) before
/// anything runs. Pages without handlers (static text, the error page) are left alone.
/// </summary>
public sealed class NoHandlerFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is not null || context.ActionDescriptor.HandlerMethods.Count == 0) return;
        var method = context.HttpContext.Request.Method;
        context.Result = new StatusCodeResult(HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
            ? StatusCodes.Status404NotFound
            : StatusCodes.Status405MethodNotAllowed);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
