using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Domain.Common;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>
/// 批量导入账号 for the security administrator: the template, the upload, and — when every row is right — the file of
/// initial passwords as the answer to the upload itself, so it is given once and kept nowhere. A file with any bad
/// row imports nothing and is shown again with every problem beside its row and column.
/// </summary>
[Authorize(Policy = AdministratorPolicies.SecurityAdministrator)]
[RequestSizeLimit(AccountFile.MaxBytes + (1 << 20))]
[RequestFormLimits(MultipartBodyLengthLimit = AccountFile.MaxBytes + (1 << 20))]
public sealed class ImportModel(AccountImporter importer) : PageModel
{
    public const int ErrorsShown = 500;

    [BindProperty] public IFormFile? Spreadsheet { get; set; }

    /// <summary>The format of the passwords file: xlsx or csv.</summary>
    [BindProperty] public string Format { get; set; } = "xlsx";

    public AccountImportResult? Result { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>The empty template with the exact columns and two example rows.</summary>
    public IActionResult OnGetTemplate(string? format) => AccountDownloads.Template(format) is var (bytes, type, name) ? File(bytes, type, name) : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Spreadsheet is null || Spreadsheet.Length == 0)
            ModelState.AddModelError(nameof(Spreadsheet), "请选择账号导入表（.xlsx 或 .csv）");
        else if (Spreadsheet.Length > AccountFile.MaxBytes)
            ModelState.AddModelError(nameof(Spreadsheet), $"文件超过 {AccountFile.MaxBytes / (1024 * 1024)} MB 的上限");
        else
        {
            try
            {
                await using var upload = await Upload.BufferAsync(Spreadsheet.OpenReadStream(), Spreadsheet.FileName, ct);
                Result = await importer.ImportFileAsync(upload.File, ct);
            }
            catch (ImportFileException ex)
            {
                ModelState.AddModelError(nameof(Spreadsheet), ex.Message);
            }
            catch (DomainException ex)
            {
                ModelState.AddModelError(nameof(Spreadsheet), ex.Message);
            }
        }
        if (Result is { Imported: true } done)
        {
            var (bytes, type, name) = AccountDownloads.Passwords(done.Issued, Format, HttpContext.RequestServices.GetRequiredService<TimeProvider>());
            Response.Headers.CacheControl = "no-store"; // the passwords are in this answer only
            return File(bytes, type, name);
        }
        if (HttpContext.Features.Get<Audit.AuditRequest>() is { } audit)
        {
            audit.Outcome = Audit.AuditOutcome.Refused;
            audit.ProblemCode = Result is null ? "account-file-invalid" : "account-rows-invalid";
        }
        return Page();
    }
}

/// <summary>The files of the account import: the template and the initial passwords, as .xlsx or .csv.</summary>
public static class AccountDownloads
{
    public static (byte[] Bytes, string Type, string Name)? Template(string? format) =>
        XlsxExport.Template(format, "账号导入模板", "账号", AccountImporter.Columns.Select(c => c.Names[0]).ToArray(), AccountImporter.TemplateExamples);

    public static readonly string[] PasswordsHeader = ["用户名", "名称", "区划代码", "区划", "角色", "初始密码"];

    public static (byte[] Bytes, string Type, string Name) Passwords(IReadOnlyList<IssuedAccount> issued, string? format, TimeProvider time)
    {
        var rows = issued.OrderBy(a => a.DivisionCode, StringComparer.Ordinal).ThenBy(a => a.UserName, StringComparer.Ordinal)
            .Select(a => new[] { a.UserName, a.Name, a.DivisionCode, a.DivisionName, Wuyi.Domain.Applications.Actor.RoleName(a.Role), a.InitialPassword }).ToList();
        var stamp = Display.Time(time.GetUtcNow().UtcDateTime).Replace(":", "", StringComparison.Ordinal).Replace(" ", "-", StringComparison.Ordinal);
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? (CsvExport.Build(PasswordsHeader, rows), AccountFile.CsvType, $"初始密码-{stamp}.csv")
            : (XlsxExport.Build("初始密码", PasswordsHeader, rows), AccountFile.XlsxType, $"初始密码-{stamp}.xlsx");
    }
}
