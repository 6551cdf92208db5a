using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Wuyi.Web.Documents;

/// <summary>The platform's PDF fonts are not installed on this machine: 503, with the Debian packages named.</summary>
public sealed class PdfFontsMissingException()
    : Exception($"服务器未安装生成 PDF 所需的中文字体，请管理员安装 Debian 软件包：{PdfFonts.Packages}");

/// <summary>
/// A PDF as the answer to a page handler or an API endpoint alike, shown in the browser (inline) under a readable file name.
/// Written when the answer is sent, so a refusal before it (404, out of scope) is still a proper answer.
/// </summary>
public sealed class PdfDownload(string fileName, Func<PdfFonts, byte[]> write, string cacheControl = "private, no-store") : IResult, IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);

    public async Task ExecuteAsync(HttpContext http)
    {
        var fonts = PdfFonts.Instance ?? throw new PdfFontsMissingException();
        var bytes = write(fonts);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(fileName + ".pdf");
        http.Response.ContentType = "application/pdf";
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = cacheControl;
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
