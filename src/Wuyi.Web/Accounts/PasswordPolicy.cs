using Microsoft.AspNetCore.Identity;

namespace Wuyi.Web.Accounts;

/// <summary>
/// 等保三级 password rules on top of Identity's length check: at least three of four character classes,
/// not a known common password, and not containing the user name.
/// </summary>
public sealed class WuyiPasswordValidator : IPasswordValidator<User>
{
    public const int MinimumLength = 12;

    private static readonly Lazy<HashSet<string>> Blocklist = new(LoadBlocklist);

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        var errors = Check(user.UserName, password).Select(e => new IdentityError { Code = e.Code, Description = e.Description }).ToArray();
        return Task.FromResult(errors.Length == 0 ? IdentityResult.Success : IdentityResult.Failed(errors));
    }

    /// <summary>The rules as plain data, for unit tests and for the change-password form.</summary>
    public static IReadOnlyList<(string Code, string Description)> Check(string? userName, string? password)
    {
        password ??= "";
        var errors = new List<(string, string)>();
        if (password.Length < MinimumLength)
            errors.Add(("PasswordTooShort", $"密码至少需要 {MinimumLength} 个字符"));
        var classes = new[] { password.Any(char.IsAsciiLetterUpper), password.Any(char.IsAsciiLetterLower), password.Any(char.IsAsciiDigit),
            password.Any(c => !char.IsAsciiLetterOrDigit(c)) }.Count(x => x);
        if (classes < 3)
            errors.Add(("PasswordTooSimple", "密码须包含大写字母、小写字母、数字、符号中的至少三类"));
        if (Blocklist.Value.Contains(password))
            errors.Add(("PasswordCommon", "该密码过于常见，容易被猜中，请换一个"));
        if (!string.IsNullOrWhiteSpace(userName) && userName.Trim().Length >= 3
            && password.Contains(userName.Trim(), StringComparison.OrdinalIgnoreCase))
            errors.Add(("PasswordContainsUserName", "密码不能包含用户名"));
        return errors;
    }

    private static HashSet<string> LoadBlocklist()
    {
        using var stream = typeof(WuyiPasswordValidator).Assembly.GetManifestResourceStream("Wuyi.Web.Accounts.CommonPasswords.txt")
            ?? throw new InvalidOperationException("CommonPasswords.txt is not embedded");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Trim() is { Length: > 0 } word && !word.StartsWith('#')) set.Add(word);
        return set;
    }
}

/// <summary>Identity's messages in Chinese: they reach people on the change-password and account pages.</summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "操作失败，请稍后重试" };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "账号已被他人修改，请刷新后重试" };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "当前密码不正确" };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "验证码或令牌无效" };
    public override IdentityError RecoveryCodeRedemptionFailed() => new() { Code = nameof(RecoveryCodeRedemptionFailed), Description = "恢复码无效" };
    public override IdentityError LoginAlreadyAssociated() => new() { Code = nameof(LoginAlreadyAssociated), Description = "该外部登录已关联其他账号" };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = $"用户名“{userName}”无效：只能使用字母、数字和 -._@+" };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = $"电子邮箱“{email}”无效" };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名“{userName}”已被使用" };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = $"电子邮箱“{email}”已被使用" };
    public override IdentityError InvalidRoleName(string? role) => new() { Code = nameof(InvalidRoleName), Description = $"角色名“{role}”无效" };
    public override IdentityError DuplicateRoleName(string role) => new() { Code = nameof(DuplicateRoleName), Description = $"角色名“{role}”已被使用" };
    public override IdentityError UserAlreadyHasPassword() => new() { Code = nameof(UserAlreadyHasPassword), Description = "该账号已设置密码" };
    public override IdentityError UserLockoutNotEnabled() => new() { Code = nameof(UserLockoutNotEnabled), Description = "该账号未启用锁定" };
    public override IdentityError UserAlreadyInRole(string role) => new() { Code = nameof(UserAlreadyInRole), Description = $"账号已有角色“{role}”" };
    public override IdentityError UserNotInRole(string role) => new() { Code = nameof(UserNotInRole), Description = $"账号没有角色“{role}”" };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码至少需要 {length} 个字符" };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"密码至少需要 {uniqueChars} 个不同的字符" };
    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "密码须包含符号" };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "密码须包含数字" };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "密码须包含小写字母" };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = "密码须包含大写字母" };
}
