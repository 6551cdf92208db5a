using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Web.Data;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>
/// Account administration through the API, for the security administrator only (三权分立): the city-wide import with its
/// template, moving an official to another role or node, and disabling many at once. Every call is on the audit trail
/// (its changes sealed in their transaction, refusals by the middleware), as every other administrator action.
/// </summary>
public static class AccountAdministrationApi
{
    public sealed record RoleChange(ProgrammeRole? Role, string? DivisionCode);

    public sealed record AccountView(string Id, string UserName, string DisplayName, ProgrammeRole Role, string DivisionCode, bool Disabled);

    public sealed record DisableRequest(List<string>? UserNames);

    public sealed record DisableResult(int Requested, int Disabled);

    public static RouteGroupBuilder MapAccountAdministrationApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/accounts").WithTags("Account administration").RequireAuthorization(AdministratorPolicies.SecurityAdministrator);

        g.MapGet("/export", (WuyiDbContext db, UserManager<User> users, string? q, string? format) =>
                AccountExport.Download(db, users, Exports.FormatOf(format), q))
            .ProducesExport()
            .WithSummary("The officials' accounts as a file (format=xlsx, the default, or csv), narrowed by q (a division code or part of a user name), never a password; on the audit trail");

        g.MapGet("/imports/template", Results<FileContentHttpResult, ProblemHttpResult> (string? format) =>
                AccountDownloads.Template(format) is var (bytes, type, name) ? TypedResults.File(bytes, type, name) : BadFormat())
            .WithSummary("The accounts import template (format=xlsx, the default, or csv): 用户名, 名称, 手机号, 区划代码, 角色");

        g.MapPost("/imports", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (HttpContext http, AccountImporter importer, TimeProvider time,
                string? format, CancellationToken ct) =>
            {
                if (format is not (null or "csv" or "xlsx")) return BadFormat();
                if (!RequestFile.Carries(http.Request, Upload.BodyTypes)) return UnsupportedType();
                AccountImportResult result;
                try
                {
                    await using var upload = await RequestFile.ReadAsync(http, AccountFile.MaxBytes + (1 << 20),
                        (body, name) => Upload.BufferAsync(body, name, ct), TooLarge,
                        () => DomainException.Invalid("account-file-invalid", "表单中没有文件：请上传账号导入表（.xlsx 或 .csv）", File("请选择文件")));
                    if (upload.Length > AccountFile.MaxBytes) throw TooLarge();
                    result = await importer.ImportFileAsync(upload.File, ct);
                }
                catch (ImportFileException ex)
                {
                    throw DomainException.Invalid("account-file-invalid", ex.Message, File(ex.Message));
                }
                catch (DomainException ex) when (ex.Code == "hotline-file-invalid") // the upload's own refusal of an empty file
                {
                    throw DomainException.Invalid("account-file-invalid", ex.Message, File(ex.Message));
                }
                if (!result.Imported) return Problems.RowsRefused("account-rows-invalid", result.RefusalMessage, "rows", result.Errors);
                var (bytes, type, name) = AccountDownloads.Passwords(result.Issued, format ?? "csv", time);
                http.Response.Headers.CacheControl = "no-store"; // the initial passwords are in this answer only
                return TypedResults.File(bytes, type, name);
            })
            .WithSummary("Import officials' accounts from an .xlsx or .csv (multipart file or the raw body), all or nothing; answers the initial passwords file (format=csv, the default, or xlsx), given once");

        g.MapPut("/{id}/role", async Task<Results<Ok<AccountView>, NotFound, ProblemHttpResult>> (string id, RoleChange request, UserManager<User> users,
                AccountAdministration admin, CancellationToken ct) =>
            {
                if (await ProgrammeAccountAsync(users, id) is not { } user) return TypedResults.NotFound();
                if (request.Role is not { } role)
                    throw DomainException.Invalid("account-role-invalid", "请给出角色（Community、Street、District 或 City）", new Dictionary<string, string[]> { ["role"] = ["不能为空"] });
                var result = await admin.ChangeRoleCheckedAsync(user, role, request.DivisionCode, ct);
                if (!result.Succeeded)
                    throw DomainException.Invalid("account-role-invalid", string.Join("；", result.Errors.Select(e => e.Description)),
                        result.Errors.GroupBy(e => e.Code).ToDictionary(e => e.Key, e => e.Select(x => x.Description).ToArray()));
                return TypedResults.Ok(View(user));
            })
            .WithSummary("Move an official to another role or division node (of the role's level); its sessions end within a minute");

        g.MapPost("/disable", async Task<Results<Ok<DisableResult>, ProblemHttpResult>> (DisableRequest request, AccountAdministration admin, CancellationToken ct) =>
            {
                var names = request.UserNames ?? [];
                var (result, disabled) = await admin.DisableManyAsync(names, ct);
                if (!result.Succeeded)
                    throw DomainException.Invalid("accounts-not-disabled", "以下账号无法停用，未停用任何账号：" + string.Join("；", result.Errors.Select(e => e.Description)),
                        new Dictionary<string, string[]> { ["userNames"] = [.. result.Errors.Select(e => e.Description)] });
                return TypedResults.Ok(new DisableResult(names.Count, disabled));
            })
            .WithSummary("Disable many officials at once, all or nothing (by user name); their sessions end within a minute");

        return api;
    }

    /// <summary>An official's account; administrators are set up by the system administrator and are not found here.</summary>
    private static async Task<User?> ProgrammeAccountAsync(UserManager<User> users, string id) =>
        await users.FindByIdAsync(id) is { } user && !(await users.GetClaimsAsync(user)).Any(c => c.Type == WuyiClaims.Administrator) ? user : null;

    private static AccountView View(User u) => new(u.Id, u.UserName ?? "", u.DisplayName, u.Role, u.DivisionCode, u.DisabledAtUtc is not null);

    private static Dictionary<string, string[]> File(string message) => new() { ["file"] = [message] };

    private static DomainException TooLarge() =>
        DomainException.Invalid("account-file-too-large", $"文件超过 {AccountFile.MaxBytes / (1024 * 1024)} MB 的上限，请按区分开后分别导入", File("文件过大"));

    private static ProblemHttpResult BadFormat() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status400BadRequest, Title = "输入有误", Detail = "format 须为 xlsx 或 csv", Extensions = { ["code"] = "format-invalid" },
    });

    private static ProblemHttpResult UnsupportedType() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "不支持的内容类型",
        Detail = $"请以表单（multipart/form-data）上传文件，或将文件本身作为请求体发送，类型为 {string.Join("、", Upload.BodyTypes)} 之一",
        Extensions = { ["code"] = "unsupported-media-type" },
    });
}
