using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Wuyi.Domain.Common;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// The file a request carries, read as a stream by <c>take</c>: the first file part of a multipart form, or, where the
/// endpoint allows it, the whole body. The size limit is set before a byte is read and every way past it is one refusal.
/// </summary>
public static class RequestFile
{
    /// <summary>
    /// A file name as a person gave it, safe to store and show: no folders, no control characters, and no format
    /// characters (U+202E right-to-left override makes <c>测试\u202Egpj.csv</c> display as <c>测试vsc.jpg</c>; zero-width ones hide text).
    /// </summary>
    public static string SafeName(string? given)
    {
        var name = (given ?? "").Trim().Trim('"').Split('/', '\\')[^1]; // a Windows browser may send the whole path
        return new string([.. name.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)]).Trim();
    }

    /// <summary>Whether the request is a multipart form, or a body of one of <paramref name="bodyTypes"/> that is the file itself.</summary>
    public static bool Carries(HttpRequest request, IReadOnlyCollection<string> bodyTypes) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && (type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || bodyTypes.Contains(type.MediaType.Value!, StringComparer.OrdinalIgnoreCase));

    /// <param name="maxBytes">The largest request, the file and its form together.</param>
    /// <param name="notAForm">The refusal of a body that is not a multipart form; null reads the body itself as the file (its name in <c>?fileName=</c>).</param>
    public static async Task<T> ReadAsync<T>(HttpContext http, long maxBytes, Func<Stream, string?, Task<T>> take,
        Func<DomainException> tooLarge, Func<DomainException> noFile, Func<DomainException>? notAForm = null)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
        var request = http.Request;
        if (request.ContentLength > maxBytes) throw tooLarge(); // said up front: refused before a byte is read
        try
        {
            var isForm = MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
                         && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
            if (!isForm)
                return notAForm is null ? await take(request.Body, request.Query["fileName"].FirstOrDefault()) : throw notAForm();
            var boundary = HeaderUtilities.RemoveQuotes(type!.Boundary).Value ?? throw (notAForm ?? noFile)();
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxBytes };
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                    return await take(section.Body, disposition.FileNameStar.Value ?? disposition.FileName.Value);
            }
            throw noFile();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw tooLarge();
        }
        catch (InvalidDataException) // the multipart reader's length limit
        {
            throw tooLarge();
        }
    }
}
