using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace Wuyi.Web.Accounts;

/// <summary>
/// 双因素认证: enrol an authenticator app (TOTP, RFC 6238) by scanning the QR code or typing the key, prove it with
/// one code, and from then on sign-in asks for the code. Optional for officials; required for the administrators
/// (三权分立), who are sent here until they enrol.
/// </summary>
public sealed class TwoFactorModel(UserManager<User> users, SignInManager<User> signIn) : PageModel
{
    public bool Enabled { get; private set; }
    public string Key { get; private set; } = "";
    public string QrCodeSvg { get; private set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    [Display(Name = "动态验证码")]
    [Required(ErrorMessage = "请输入身份验证器显示的 6 位验证码")]
    public string Code { get; set; } = "";

    /// <summary>To turn two-factor off: the current password or a code, so that a session left open is not enough.</summary>
    [BindProperty]
    [Display(Name = "当前密码或动态验证码")]
    public string? Proof { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (ModelState.IsValid)
        {
            var code = Code.Replace(" ", "").Trim();
            if (await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await users.SetTwoFactorEnabledAsync(user, true);
                await signIn.RefreshSignInAsync(user);
                TempData["Flash"] = "已启用双因素认证：此后登录需输入动态验证码";
                // Sent here before anything else (an administrator must enrol): on to where it was going, or its own page.
                return ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl)
                    ? LocalRedirect(Landing.After(ReturnUrl, Url.IsLocalUrl, User.FindFirst(WuyiClaims.Administrator)?.Value))
                    : RedirectToPage();
            }
            ModelState.AddModelError(nameof(Code), "验证码不正确，请核对手机时间后重试");
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (User.HasClaim(c => c.Type == WuyiClaims.Administrator)) return Forbid(); // required for administrators
        var proof = (Proof ?? "").Trim();
        var code = proof.Replace(" ", "");
        var proven = proof.Length > 0 && (code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : await users.CheckPasswordAsync(user, proof));
        if (!proven)
        {
            ModelState.Clear(); // the enrolment form's Code is not part of this one
            ModelState.AddModelError(nameof(Proof), proof.Length == 0 ? "请输入当前密码或身份验证器中的动态验证码" : "密码或动态验证码不正确");
            await LoadAsync(user);
            return Page();
        }
        user.LastTotpStep = null; // belongs to the old key
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user); // a later enrolment gets a new key
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "已停用双因素认证";
        return RedirectToPage();
    }

    private async Task LoadAsync(User user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        if (Enabled) return;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Stored as Identity's store keeps it, but without ResetAuthenticatorKeyAsync's new security stamp: merely
            // opening this page must not end the account's other sessions and tokens (a GET changes no trust).
            key = users.GenerateNewAuthenticatorKey();
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key);
        }
        Key = string.Join(" ", key.Chunk(4).Select(c => new string(c)));
        var uri = $"otpauth://totp/{Uri.EscapeDataString("无疫:" + user.UserName)}?secret={key}&issuer={Uri.EscapeDataString("无疫")}&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrCodeSvg = new SvgQRCode(data).GetGraphic(4); // inline, so the key never leaves this response
    }
}
