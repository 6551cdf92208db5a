using Microsoft.Extensions.Options;

namespace Wuyi.Web.Uploads;

/// <summary>
/// The folder of uploaded files (<c>Wuyi:Uploads:Path</c>, default <c>data/uploads</c> under the content root, never
/// under the web root; the backup command copies it). Files are named by a random id and never overwritten.
/// </summary>
public sealed class EvidenceStore(IOptions<UploadOptions> options, IWebHostEnvironment environment)
{
    public string Root { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.Path));

    /// <summary>The largest file taken, <c>Wuyi:Uploads:MaxFileMegabytes</c> (default 20).</summary>
    public long MaxBytes { get; } = options.Value.MaxFileMegabytes * 1024L * 1024;

    public async Task<string> SaveAsync(byte[] bytes, CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        var name = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using var file = new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.Write, FileShare.None);
        await file.WriteAsync(bytes, ct);
        return name;
    }

    public Stream Open(string storedName) => new FileStream(PathOf(storedName), FileMode.Open, FileAccess.Read, FileShare.Read);

    public void Delete(string storedName) => File.Delete(PathOf(storedName));

    /// <summary>Stored names are 32 hex digits: nothing else ever reaches the file system.</summary>
    private string PathOf(string storedName) =>
        storedName.Length == 32 && storedName.All(char.IsAsciiHexDigitLower) ? Path.Combine(Root, storedName)
            : throw new InvalidOperationException("not a stored name");
}
