using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Wuyi.Web.Accounts;

/// <summary>修改密码: by choice, or forced (initial or reset password, or older than Wuyi:Accounts:PasswordMaxAgeDays).</summary>
public sealed class ChangePasswordModel(UserManager<User> users, SignInManager<User> signIn, TimeProvider time) : PageModel
{
    [BindProperty]
    [Display(Name = "当前密码")]
    [Required(ErrorMessage = "请输入当前密码")]
    [DataType(DataType.Password)]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    [Display(Name = "新密码")]
    [Required(ErrorMessage = "请输入新密码")]
    [DataType(DataType.Password)]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    [Display(Name = "再次输入新密码")]
    [Required(ErrorMessage = "请再次输入新密码")]
    [Compare(nameof(NewPassword), ErrorMessage = "两次输入的新密码不一致")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Forced => User.HasClaim(c => c.Type == WuyiClaims.PasswordChangeRequired);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var result = await PasswordChanges.ChangeAsync(users, user, CurrentPassword, NewPassword, time);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(CurrentPassword) : nameof(NewPassword), error.Description);
            return Page();
        }
        await signIn.RefreshSignInAsync(user); // this session goes on with the new stamp; every other one ends
        TempData["Flash"] = "密码已修改";
        return LocalRedirect(Landing.After(ReturnUrl, Url.IsLocalUrl, User.FindFirst(WuyiClaims.Administrator)?.Value));
    }
}
