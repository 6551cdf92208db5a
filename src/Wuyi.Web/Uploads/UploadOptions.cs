using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Uploads;

/// <summary><c>Wuyi:Uploads</c>: where evidence files live and how large one may be (see EvidenceStore).</summary>
public sealed class UploadOptions : ISettings
{
    public const string Section = "Wuyi:Uploads";

    /// <summary>Relative paths are under the content root, never the web root; the backup copies this folder.</summary>
    public string Path { get; set; } = "data/uploads";

    public int MaxFileMegabytes { get; set; } = 20;

    public IEnumerable<string?> Problems()
    {
        if (string.IsNullOrWhiteSpace(Path)) yield return "配置项 Wuyi:Uploads:Path 不能为空";
        yield return Settings.AtLeast("Wuyi:Uploads:MaxFileMegabytes", MaxFileMegabytes, 1);
    }
}
