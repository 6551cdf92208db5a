using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Accounts;

/// <summary>
/// <c>Wuyi:DataProtection</c>: the certificate (PKCS#12 file with its private key) that encrypts the key ring at rest.
/// It lives outside the database and outside backups, so a copy of either cannot forge cookies or tokens. Every app node
/// needs the same file. The demo creates its own under <c>data/</c>.
/// </summary>
public sealed class KeyRingOptions : ISettings
{
    public const string Section = "Wuyi:DataProtection";
    public const string DemoPath = "data/keyring.pfx";

    /// <summary>The .pfx file; relative paths are under the web project. Required outside the demo.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx file's password, best given as the environment variable <c>Wuyi__DataProtection__CertificatePassword</c>.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Create a self-signed certificate at the path when there is none (the demo only).</summary>
    internal bool CreateIfMissing { get; set; }

    public IEnumerable<string?> Problems() => []; // the file itself is checked when the app starts (KeyRingCertificate.Load)
}

/// <summary>Loads (or, for the demo, creates) the key-ring certificate.</summary>
public static class KeyRingCertificate
{
    public static string FullPath(KeyRingOptions o, string contentRoot) =>
        o.CertificatePath is { Length: > 0 } p ? Path.GetFullPath(p, contentRoot) : throw new InvalidOperationException(
            "未配置数据保护证书：请用 --Wuyi:DataProtection:CertificatePath=证书.pfx（及环境变量 Wuyi__DataProtection__CertificatePassword）指定，各节点使用同一证书；见 README「配置」");

    public static X509Certificate2 Load(KeyRingOptions o, string contentRoot)
    {
        var path = FullPath(o, contentRoot);
        if (!File.Exists(path))
        {
            if (!o.CreateIfMissing) throw new InvalidOperationException($"数据保护证书 {path} 不存在");
            Create(path, o.CertificatePassword);
        }
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, o.CertificatePassword);
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
            throw new InvalidOperationException($"数据保护证书 {path} 须为含 RSA 私钥的 PKCS#12 文件");
        return certificate;
    }

    /// <summary>A self-signed RSA-3072 certificate for key encipherment, written readable by its owner only.</summary>
    public static void Create(string path, string? password)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Wuyi key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var bytes = certificate.Export(X509ContentType.Pkcs12, password);
        // Written aside and moved in place: two processes starting at once never read half a file, and the first one wins.
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        var mode = OperatingSystem.IsWindows() ? new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }
            : new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var file = new FileStream(temporary, mode))
            file.Write(bytes);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    /// <summary>What a backup's manifest and the restore say about the key ring and the certificate to keep beside it.</summary>
    public static string BackupNote(IConfiguration configuration, string contentRoot)
    {
        var o = Settings.Read<KeyRingOptions>(configuration, KeyRingOptions.Section);
        var certificate = o.CertificatePath is { Length: > 0 } p ? Path.GetFullPath(p, contentRoot) : "（未配置 Wuyi:DataProtection:CertificatePath）";
        return $"数据保护密钥环（登录 Cookie 与令牌的密钥）在数据库的 DataProtectionKeys 表中，随数据库备份，但已用证书加密：{certificate}。" +
               "备份不含该证书及其密码：请另行保存（与备份分开存放），恢复后的应用须配置同一证书，否则所有登录会话和令牌失效。";
    }
}

public static class KeyRingSetup
{
    /// <summary>
    /// The key ring in the database (DatabaseKeyRing), each key encrypted to the certificate before it is stored. The app
    /// does not start without it; a command (backup, migrate…) needs it only if configured, as it protects nothing.
    /// A missing or unreadable certificate is a bad setting (<paramref name="problem"/>), reported with the others at start.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysWithKeyRingCertificate(this IDataProtectionBuilder dataProtection, IConfiguration configuration,
        string contentRoot, bool demo, bool required, out string? problem)
    {
        problem = null;
        var o = Settings.Read<KeyRingOptions>(configuration, KeyRingOptions.Section);
        if (demo)
        {
            o.CertificatePath ??= KeyRingOptions.DemoPath;
            o.CreateIfMissing = true;
        }
        if (!required && string.IsNullOrEmpty(o.CertificatePath)) return dataProtection;
        try
        {
            return dataProtection.ProtectKeysWithCertificate(KeyRingCertificate.Load(o, contentRoot)); // also the key to decrypt them
        }
        catch (Exception ex) when (ex is InvalidOperationException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            problem = ex is InvalidOperationException ? ex.Message : $"数据保护证书 {o.CertificatePath} 无法读取：{ex.Message}";
            return dataProtection;
        }
    }
}
