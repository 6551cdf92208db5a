using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Wuyi.Web.Accounts;

/// <summary>The second step of sign-in for an account with an authenticator: the 6-digit code (TOTP).</summary>
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AccountsSetup.SignInRateLimit)]
public sealed class TwoFactorLoginModel(SignInManager<User> signIn) : PageModel
{
    [BindProperty]
    [Display(Name = "动态验证码")]
    [Required(ErrorMessage = "请输入 6 位动态验证码")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Accounts/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user) return RedirectToPage("/Accounts/Login");
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code.Replace(" ", "").Trim(), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
            return LocalRedirect(await Landing.AfterSignInAsync(signIn.UserManager, user, ReturnUrl, Url));
        ModelState.AddModelError(nameof(Code), result.IsLockedOut ? AccountsApi.SignInRefusal(result).Detail : "动态验证码不正确或已过期");
        return Page();
    }
}
