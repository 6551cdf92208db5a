using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Audit;
using Wuyi.Web.Data;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>账号管理 for the security administrator: create an official (initial password, forced change), reset, disable, enable.</summary>
[Authorize(Policy = AdministratorPolicies.SecurityAdministrator)]
public sealed class AdministerModel(WuyiDbContext db, UserManager<User> users, AccountAdministration admin, Divisions.DivisionDirectory directory) : PageModel
{
    public sealed record Row(string Id, string UserName, string DisplayName, ProgrammeRole Role, string DivisionCode, bool MustChangePassword, bool Disabled);

    public IReadOnlyList<Row> Accounts { get; private set; } = [];

    [BindProperty]
    [Display(Name = "用户名")]
    [Required(ErrorMessage = "请输入用户名")]
    public string UserName { get; set; } = "";

    [BindProperty]
    [Display(Name = "单位名称")]
    [Required(ErrorMessage = "请输入单位名称")]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    [Display(Name = "角色")]
    public ProgrammeRole Role { get; set; } = ProgrammeRole.Community;

    [BindProperty]
    [Display(Name = "单位所在区划")]
    [Required(ErrorMessage = "请选择或输入区划")]
    public string DivisionCode { get; set; } = "";

    /// <summary>What the division field names (a code, or a few characters of a name): one node, or those to choose from.</summary>
    public Divisions.DivisionPick Pick { get; private set; } = Divisions.DivisionPick.None;

    [BindProperty]
    [Display(Name = "初始密码")]
    [Required(ErrorMessage = "请输入初始密码")]
    public string InitialPassword { get; set; } = "";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        Pick = await directory.PickAsync(User, DivisionCode, Enum.IsDefined(Role) ? Actor.LevelFor(Role) : null, HttpContext.RequestAborted);
        if (Pick.Chosen is { } chosen) DivisionCode = chosen.Code;
        else if (Pick.Candidates.Count > 0) ModelState.AddModelError(nameof(DivisionCode), "请从下面选择一个区划");
        if (ModelState.IsValid)
        {
            var division = await db.Divisions.AsNoTracking().FirstOrDefaultAsync(d => d.Code == DivisionCode.Trim());
            if (!Enum.IsDefined(Role) || division is null || division.Level != Actor.LevelFor(Role))
                ModelState.AddModelError(nameof(DivisionCode), $"区划代码须为{Actor.RoleName(Role)}一级的区划节点");
            else
            {
                var (result, _) = await admin.CreateOfficialAsync(UserName.Trim(), DisplayName.Trim(), Role, division.Code, InitialPassword);
                if (result.Succeeded)
                {
                    TempData["Flash"] = $"已创建账号 {UserName.Trim()}：首次登录须修改初始密码";
                    return RedirectToPage();
                }
                foreach (var e in result.Errors)
                    ModelState.AddModelError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(InitialPassword)
                        : e.Code == TextLimits.DisplayName.Key ? nameof(DisplayName) : nameof(UserName), e.Description);
            }
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>Sent by the confirmation's second post (<c>Shared/_ConfirmStep</c>, or the dialog of <c>js/confirm-step.js</c>).</summary>
    [BindProperty] public bool Confirmed { get; set; }

    /// <summary>What a reset or a disable will do, shown for confirmation after its first post; null otherwise.</summary>
    public StepConsequences? Confirmation { get; private set; }

    // Reset and disable ask for confirmation with their consequences first (issue 11); the message afterwards says what they did.
    public async Task<IActionResult> OnPostResetAsync(string id, string newPassword) =>
        await ConfirmedAsync(id, u => admin.CheckPasswordAsync(u, newPassword ?? ""),
            (u, lockedOut) => AccountChanges.ResetPassword(u.DisplayName, u.UserName ?? "", u.DisabledAtUtc is not null, lockedOut),
            u => admin.ResetPasswordAsync(u, newPassword ?? ""));

    public async Task<IActionResult> OnPostDisableAsync(string id) =>
        await ConfirmedAsync(id, _ => Task.FromResult(IdentityResult.Success), (u, _) => AccountChanges.Disable(u.DisplayName, u.UserName ?? ""), admin.DisableAsync);

    public async Task<IActionResult> OnPostEnableAsync(string id) =>
        await ConfirmedAsync(id, _ => Task.FromResult(IdentityResult.Success),
            (u, lockedOut) => AccountChanges.Enable(u.DisplayName, u.UserName ?? "", u.MustChangePassword, lockedOut), admin.EnableAsync);

    /// <summary>The row whose 调整 named its node ambiguously: that row's picker offers the candidates (null otherwise).</summary>
    public string? ChangingId { get; private set; }

    /// <summary>What the ambiguous row's 调整 sent: the role chosen and what its node's text named.</summary>
    public (ProgrammeRole Role, Divisions.DivisionPick Pick) Changing { get; private set; } = (ProgrammeRole.Community, Divisions.DivisionPick.None);

    /// <summary>调整角色或区划: the official moves to another role or node; its sessions end within a minute.</summary>
    public async Task<IActionResult> OnPostChangeRoleAsync(string id, ProgrammeRole role, string? divisionCode, CancellationToken ct)
    {
        // A name typed for the node is taken when it names exactly one node of the role's level; several are offered in the row.
        var pick = await directory.PickAsync(User, divisionCode, Enum.IsDefined(role) ? Actor.LevelFor(role) : null, ct);
        if (pick.Chosen is null && pick.Candidates.Count > 0)
        {
            if (await AdministeredAsync(id) is not { } user) return NotFound();
            ChangingId = user.Id;
            Changing = (role, pick);
            ModelState.AddModelError(string.Empty, $"{user.UserName}：“{pick.Text}”对应多个区划，请在该账号的“调整”中选择一个");
            await LoadAsync();
            return Page();
        }
        return await ActAsync(id, u => admin.ChangeRoleCheckedAsync(u, role, pick.Chosen?.Code ?? divisionCode, ct),
            u => $"已将 {u.UserName} 调整为{Actor.RoleName(u.Role)}（{(pick.Chosen?.Code == u.DivisionCode ? pick.Chosen.Path : u.DivisionCode)}）：其登录将在 1 分钟内失效");
    }

    /// <summary>批量停用: the ticked accounts, all or nothing; the first post shows which accounts it will disable.</summary>
    public async Task<IActionResult> OnPostDisableManyAsync(string[]? selected, CancellationToken ct)
    {
        IdentityResult result;
        if (Confirmed)
        {
            StepConsequences? said = null;
            (result, _) = await admin.DisableManyAsync(selected ?? [], ct, s => said = s);
            if (result.Succeeded)
            {
                TempData["Flash"] = said!.After;
                return RedirectToPage();
            }
        }
        else
        {
            HttpContext.AuditPreview();
            (result, Confirmation) = await admin.PreviewDisableManyAsync(selected ?? [], ct);
        }
        foreach (var e in result.Errors) ModelState.AddModelError(string.Empty, e.Description);
        await LoadAsync();
        return Page();
    }

    /// <summary>
    /// A change that asks first: the first post checks it (<paramref name="check"/>, nothing changed) and shows what it will
    /// do; the confirmed post makes it and leaves, as the message, what it did.
    /// </summary>
    private async Task<IActionResult> ConfirmedAsync(string id, Func<User, Task<IdentityResult>> check, Func<User, bool, StepConsequences> said,
        Func<User, Task<IdentityResult>> act)
    {
        var user = await AdministeredAsync(id);
        if (user is null) return NotFound();
        var will = said(user, await users.IsLockedOutAsync(user)); // before the change: the account as it stands now
        if (Confirmed) return await ActAsync(user, act, _ => will.After);
        HttpContext.AuditPreview();
        var result = await check(user);
        if (result.Succeeded) Confirmation = will;
        else
            foreach (var e in result.Errors) ModelState.AddModelError(string.Empty, $"{user.UserName}：{e.Description}");
        await LoadAsync();
        return Page();
    }

    /// <summary>Only programme accounts are administered here; administrators are set up by the system administrator.</summary>
    private async Task<User?> AdministeredAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        return user is null || (await users.GetClaimsAsync(user)).Any(c => c.Type == WuyiClaims.Administrator) ? null : user;
    }

    private async Task<IActionResult> ActAsync(string id, Func<User, Task<IdentityResult>> act, Func<User, string> done) =>
        await AdministeredAsync(id) is { } user ? await ActAsync(user, act, done) : NotFound();

    private async Task<IActionResult> ActAsync(User user, Func<User, Task<IdentityResult>> act, Func<User, string> done)
    {
        var result = await act(user);
        if (result.Succeeded)
        {
            TempData["Flash"] = done(user);
            return RedirectToPage();
        }
        foreach (var e in result.Errors) ModelState.AddModelError(string.Empty, $"{user.UserName}：{e.Description}");
        await LoadAsync();
        return Page();
    }

    /// <summary>A city's import makes thousands of accounts: the list shows at most this many, narrowed by <see cref="Q"/>.</summary>
    public const int Shown = 500;

    /// <summary>Narrows the list: a division code (its subtree) or part of a user name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public int Total { get; private set; }

    /// <summary>The accounts the filter names (all of them, not only those shown) as .xlsx or CSV.</summary>
    public IActionResult OnGetXlsx() => AccountExport.Download(db, users, ExportFormat.Xlsx, Q);

    public IActionResult OnGetCsv() => AccountExport.Download(db, users, ExportFormat.Csv, Q);

    public string ExportLink => "/account/admin" + (TextLimits.Clean(Q) is { } q ? "?q=" + Uri.EscapeDataString(q) : "");

    private async Task LoadAsync()
    {
        var administrators = db.UserClaims.Where(c => c.ClaimType == WuyiClaims.Administrator).Select(c => c.UserId);
        var accounts = db.Users.AsNoTracking().Where(u => !administrators.Contains(u.Id));
        if (TextLimits.Clean(Q) is { } q)
            accounts = q.All(char.IsAsciiDigit)
                ? accounts.Under(u => u.DivisionCode, q)
                : accounts.Where(u => u.NormalizedUserName!.Contains(users.NormalizeName(q)!));
        Total = await accounts.CountAsync();
        Accounts = await accounts.OrderBy(u => u.DivisionCode).ThenBy(u => u.UserName).Take(Shown)
            .Select(u => new Row(u.Id, u.UserName ?? "", u.DisplayName, u.Role, u.DivisionCode, u.MustChangePassword, u.DisabledAtUtc != null))
            .ToListAsync();
    }
}
