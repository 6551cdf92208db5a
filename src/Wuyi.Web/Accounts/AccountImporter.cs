using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Data;
using Wuyi.Web.Hotline;

namespace Wuyi.Web.Accounts;

/// <summary>What is wrong with one cell (or the whole row) of an accounts file, in Chinese.</summary>
public sealed record AccountImportError(int Row, string Column, string Problem);

/// <summary>An account the import created, with its initial password: shown once, in the file handed out, never stored in clear.</summary>
public sealed record IssuedAccount(string UserName, string Name, string DivisionCode, string DivisionName, ProgrammeRole Role, string InitialPassword);

/// <summary>The outcome: every account created, or nothing and every bad row.</summary>
public sealed record AccountImportResult(bool Imported, int Rows, IReadOnlyList<AccountImportError> Errors, IReadOnlyList<IssuedAccount> Issued)
{
    public string RefusalMessage => $"文件中有 {Errors.Select(e => e.Row).Distinct().Count()} 行有问题，未导入任何账号：请改正下列各处后重新导入";
}

/// <summary>
/// 批量导入账号: the accounts of a whole city's communities and streets from one file, all or nothing. Every row is
/// checked first (user name free and unique in the file, division code known and of the role's level, phone, lengths);
/// then strong random initial passwords are generated and hashed in parallel across the cores (PBKDF2 with the app's
/// iterations is the cost: ~0.1 s per account), outside any transaction; then the accounts are inserted in batches
/// inside one transaction, whose audit record is sealed in it. Each account must change its password at first sign-in.
/// </summary>
public sealed partial class AccountImporter(WuyiDbContext db, UserManager<User> users, IPasswordHasher<User> hasher, ILogger<AccountImporter> logger)
{
    public enum Column { UserName, Name, Phone, DivisionCode, Role }

    /// <summary>The template's header, in column order; the first name of each column is the one the template uses.</summary>
    public static readonly IReadOnlyList<(Column Column, string[] Names)> Columns =
    [
        (Column.UserName, ["用户名", "账号", "登录名"]),
        (Column.Name, ["名称", "姓名", "单位名称"]),
        (Column.Phone, ["手机号", "手机号码", "手机", "联系电话", "电话"]),
        (Column.DivisionCode, ["区划代码", "区划编码", "统计用区划代码"]),
        (Column.Role, ["角色"]),
    ];

    public static string Label(Column column) => Columns[(int)column].Names[0];

    /// <summary>Rows saved per round trip inside the one transaction.</summary>
    public const int BatchSize = 500;

    /// <summary>The template's example rows: a community and its street (海淀区万寿路街道).</summary>
    public static readonly IReadOnlyList<string[]> TemplateExamples =
    [
        ["wsl-cuiweilu", "翠微路社区居委会", "13800000000", "110108001001", "社区（村）"],
        ["wsl-jiedao", "万寿路街道办事处", "010-68000000", "110108001", "街道（乡镇）"],
    ];

    /// <summary>Reads and checks the file; imports every row in one transaction, or nothing and every problem.</summary>
    public async Task<AccountImportResult> ImportFileAsync(Stream file, CancellationToken ct)
    {
        var (header, rows) = AccountFile.Read(file);
        var map = MapHeader(header);
        if (rows.Count == 0) throw ImportFileException.Because("文件中没有账号数据（只有表头或为空）");
        return await ImportAsync(rows.Select(r => (r.Row, Cells: Enumerable.Range(0, Columns.Count)
            .Select(c => map[c] < r.Cells.Length ? r.Cells[map[c]] : null).ToArray())).ToList(), ct);
    }

    private static int[] MapHeader(string[] header)
    {
        var names = header.Select(h => h.Trim().TrimStart('\uFEFF').Replace("*", "", StringComparison.Ordinal).Trim()).ToArray();
        var map = new int[Columns.Count];
        var missing = new List<string>();
        foreach (var (column, aliases) in Columns)
        {
            map[(int)column] = Array.FindIndex(names, n => aliases.Contains(n, StringComparer.OrdinalIgnoreCase));
            if (map[(int)column] < 0) missing.Add(aliases[0]);
        }
        if (missing.Count > 0)
            throw ImportFileException.Because($"表头缺少“{string.Join("”“", missing)}”列：第一行须为 {string.Join("、", Columns.Select(c => c.Names[0]))}（可下载导入模板）");
        return map;
    }

    private sealed record Candidate(int Row, string UserName, string Normalized, string Name, string? Phone, string DivisionCode, ProgrammeRole Role);

    /// <summary>Rows as (row number, cells in <see cref="Columns"/> order).</summary>
    public async Task<AccountImportResult> ImportAsync(IReadOnlyList<(int Row, string?[] Cells)> rows, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var errors = new List<AccountImportError>();
        var candidates = new List<Candidate>();
        var allowed = users.Options.User.AllowedUserNameCharacters;
        foreach (var (row, cells) in rows)
        {
            var before = errors.Count;
            void Bad(Column c, string problem) => errors.Add(new(row, Label(c), problem));
            string? Cell(Column c) => TextLimits.Clean(cells[(int)c]);

            var userName = Cell(Column.UserName);
            if (userName is null) Bad(Column.UserName, "用户名不能为空");
            else if (TextLimits.UserName.TooLong(userName) is { } longName) Bad(Column.UserName, longName);
            else if (userName.FirstOrDefault(c => !allowed.Contains(c)) is var c0 && c0 != default)
                Bad(Column.UserName, $"用户名“{Short(userName)}”含有不允许的字符“{c0}”：只能使用英文字母、数字和 - . _ @ +");

            var name = Cell(Column.Name);
            if (name is null) Bad(Column.Name, "名称不能为空");
            else if ((TextLimits.DisplayName with { Label = "名称" }).TooLong(name) is { } longText) Bad(Column.Name, longText);

            var phone = Cell(Column.Phone);
            if (phone is not null)
            {
                phone = phone.Replace(" ", "", StringComparison.Ordinal);
                if (TextLimits.Phone.TooLong(phone) is { } longPhone) Bad(Column.Phone, longPhone);
                else if (!PhonePattern().IsMatch(phone))
                    Bad(Column.Phone, $"手机号“{Short(phone)}”格式不正确：应为 11 位手机号（如 13812345678）或带区号的固定电话（如 010-68000000）");
            }

            var code = Cell(Column.DivisionCode);
            if (code is null) Bad(Column.DivisionCode, "区划代码不能为空");
            else if (!code.All(char.IsAsciiDigit) || code.Length > 12) Bad(Column.DivisionCode, $"区划代码“{Short(code)}”格式不正确：应为统计用区划代码（街道 9 位，社区（村）12 位）");

            var roleText = Cell(Column.Role);
            ProgrammeRole? role = roleText is null ? null : ParseRole(roleText);
            if (roleText is null) Bad(Column.Role, "角色不能为空");
            else if (role is null) Bad(Column.Role, $"角色“{Short(roleText)}”无法识别：应为 社区（村）、街道（乡镇）、区社区防控组 或 市社区防控组");

            if (errors.Count == before)
                candidates.Add(new(row, userName!, users.NormalizeName(userName)!, name!, phone, code!, role!.Value));
        }

        // Duplicates in the file: every row of the group is named, with the others.
        var named = rows.Select(r => (r.Row, Name: TextLimits.Clean(r.Cells[(int)Column.UserName])))
            .Where(r => r.Name is not null && TextLimits.UserName.TooLong(r.Name) is null)
            .GroupBy(r => users.NormalizeName(r.Name)!, StringComparer.Ordinal).Where(g => g.Count() > 1);
        foreach (var group in named)
        {
            var at = string.Join("、", group.Select(g => g.Row.ToString(CultureInfo.InvariantCulture)));
            foreach (var (row, name) in group)
                errors.Add(new(row, Label(Column.UserName), $"用户名“{Short(name!)}”在文件中重复出现（第 {at} 行）"));
        }

        // Already taken: one query for the whole file.
        var wanted = candidates.Select(c => c.Normalized).Distinct().ToList();
        var taken = (await db.Users.AsNoTracking().Where(u => wanted.Contains(u.NormalizedUserName!)).Select(u => u.NormalizedUserName!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var c in candidates.Where(c => taken.Contains(c.Normalized)))
            errors.Add(new(c.Row, Label(Column.UserName), $"用户名“{Short(c.UserName)}”已被现有账号使用"));

        // Division codes: known, and of the role's level.
        var codes = candidates.Select(c => c.DivisionCode).Distinct().ToList();
        var divisions = await db.Divisions.AsNoTracking().Where(d => codes.Contains(d.Code))
            .Select(d => new { d.Code, d.Name, d.Level }).ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, ct);
        foreach (var c in candidates)
        {
            if (!divisions.TryGetValue(c.DivisionCode, out var d))
                errors.Add(new(c.Row, Label(Column.DivisionCode), $"区划代码“{c.DivisionCode}”不存在：请核对统计用区划代码"));
            else if (d.Level != Actor.LevelFor(c.Role))
                errors.Add(new(c.Row, Label(Column.Role), $"角色“{Actor.RoleName(c.Role)}”与区划“{d.Name}”（{d.Code}，{LevelName(d.Level)}级）不符：" +
                    $"{Actor.RoleName(c.Role)}账号须使用{LevelName(Actor.LevelFor(c.Role))}一级的区划代码"));
        }

        if (errors.Count > 0)
        {
            logger.LogInformation("Account import refused: {Rows} rows, {Errors} problems", rows.Count, errors.Count);
            return new AccountImportResult(false, rows.Count, [.. errors.OrderBy(e => e.Row).ThenBy(e => ColumnOrder(e.Column))], []);
        }

        // Passwords: generated and hashed on every core, before any write (the transaction stays short).
        var issued = new IssuedAccount[candidates.Count];
        var created = new User[candidates.Count];
        var lockout = users.Options.Lockout.AllowedForNewUsers;
        await Task.Run(() => Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, i =>
        {
            var c = candidates[i];
            var password = NewPassword(c.UserName);
            var user = new User
            {
                UserName = c.UserName, NormalizedUserName = c.Normalized, DisplayName = c.Name, PhoneNumber = c.Phone,
                Role = c.Role, DivisionCode = c.DivisionCode, MustChangePassword = true, LockoutEnabled = lockout,
            };
            user.PasswordHash = hasher.HashPassword(user, password);
            created[i] = user;
            issued[i] = new IssuedAccount(c.UserName, c.Name, c.DivisionCode, divisions[c.DivisionCode].Name, c.Role, password);
        }), ct);
        var hashed = clock.Elapsed;

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                foreach (var batch in created.Chunk(BatchSize))
                {
                    db.Users.AddRange(batch);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
            {
                db.ChangeTracker.Clear();
                throw DomainException.Conflict("account-import-conflict", "导入期间有用户名被其他操作占用，未导入任何账号：请重新导入");
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }
        logger.LogInformation("Account import: {Accounts} accounts in {Elapsed} ({Hashing} hashing passwords on {Cores} cores)",
            created.Length, clock.Elapsed, hashed, Environment.ProcessorCount);
        return new AccountImportResult(true, rows.Count, [], issued);
    }

    /// <summary>A strong random password that passes the policy for this user name (20 characters, four classes).</summary>
    private static string NewPassword(string userName)
    {
        while (true)
        {
            var password = AccountAdministration.GenerateInitialPassword();
            if (WuyiPasswordValidator.Check(userName, password).Count == 0) return password;
        }
    }

    public static ProgrammeRole? ParseRole(string text) => text.Replace("(", "（", StringComparison.Ordinal).Replace(")", "）", StringComparison.Ordinal).Trim() switch
    {
        "社区（村）" or "社区" or "村" or "社区居委会" or "村委会" => ProgrammeRole.Community,
        "街道（乡镇）" or "街道" or "乡镇" or "乡" or "镇" => ProgrammeRole.Street,
        "区社区防控组" or "区" => ProgrammeRole.District,
        "市社区防控组" or "市" => ProgrammeRole.City,
        var other => Enum.TryParse<ProgrammeRole>(other, ignoreCase: true, out var r) && Enum.IsDefined(r) && !other.Any(char.IsAsciiDigit) ? r : null,
    };

    public static string LevelName(DivisionLevel level) => level switch
    {
        DivisionLevel.Province => "省（市）",
        DivisionLevel.Prefecture => "地（市）",
        DivisionLevel.District => "区（县）",
        DivisionLevel.Street => "街道（乡镇）",
        _ => "社区（村）",
    };

    private static int ColumnOrder(string label) => Columns.ToList().FindIndex(c => c.Names[0] == label);

    /// <summary>A cell quoted in a message: at most 40 characters of it.</summary>
    private static string Short(string text) => TextLimits.Fit(text, 40);

    /// <summary>A mobile number (11 digits, 1[3-9]…, an optional +86) or a landline with its area code and an optional extension.</summary>
    [GeneratedRegex(@"^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$")]
    private static partial Regex PhonePattern();
}
