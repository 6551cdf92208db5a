using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Hotline;

/// <summary><c>Wuyi:Hotline</c>: the 12345 import's time budget per file (sizes, cells and columns are bounded in code).</summary>
public sealed class HotlineOptions : ISettings
{
    public const string Section = "Wuyi:Hotline";

    public int MaxFileSeconds { get; set; } = 300;

    public IEnumerable<string?> Problems()
    {
        yield return Settings.AtLeast("Wuyi:Hotline:MaxFileSeconds", MaxFileSeconds, 1);
    }
}
