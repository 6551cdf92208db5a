using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Wuyi.Domain.Publication;
using Wuyi.Web.Accounts;
using Wuyi.Web.Documents;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.PublicSite;

namespace Wuyi.Web.Certificates;

/// <summary>Certificates through the API: the print-ready PDF for the community and the officials over it.</summary>
public static class CertificatesApi
{
    public static RouteGroupBuilder MapCertificatesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/certificates/{number}/pdf", async Task<Results<PdfDownload, ProblemHttpResult>> (string number, string? layout, HttpContext http,
                CertificateQueries certificates, PublicQueries programme, IOptions<WuyiOptions> options, CancellationToken ct) =>
                CertificateNumber.Normalise(number, programme.Programme) is { } canonical && await certificates.FindAsync(canonical, ct) is { } found
                    && http.User.RequireActor().Covers(found.Community.Code)
                    ? CertificatePdf.Download(found, options.VerifyUrl(http.Request, found.Number), CertificatePdf.IsPlaque(layout))
                    : TypedResults.Problem($"证书编号“{number}”不存在，或不在你的管辖范围内", statusCode: StatusCodes.Status404NotFound,
                        title: "证书编号不存在", extensions: new Dictionary<string, object?> { ["code"] = "certificate-not-found" }))
            .WithTags("Certificates")
            .WithSummary("The certificate (认定证书) or, with layout=plaque, the plaque (牌匾) as print-ready A4 PDF")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }
}
