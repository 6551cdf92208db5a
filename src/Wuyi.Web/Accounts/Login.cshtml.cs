using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Web.Audit;

namespace Wuyi.Web.Accounts;

[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AccountsSetup.SignInRateLimit)] // posts only, per client IP
public sealed class LoginModel(SignInManager<User> signIn) : PageModel
{
    [BindProperty]
    [Display(Name = "用户名")]
    [Required(ErrorMessage = "请输入用户名")]
    public string UserName { get; set; } = "";

    [BindProperty]
    [Display(Name = "密码")]
    [Required(ErrorMessage = "请输入密码")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        await HttpContext.AuditSignInAsync(signIn.UserManager, UserName.Trim(), result);
        if (result.Succeeded)
            return LocalRedirect(await Landing.AfterSignInAsync(signIn.UserManager, await signIn.UserManager.FindByNameAsync(UserName.Trim()), ReturnUrl, Url));
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Accounts/TwoFactorLogin", new { ReturnUrl });
        ModelState.AddModelError(string.Empty, AccountsApi.SignInRefusal(result).Detail);
        return Page();
    }
}
