using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Audit;

/// <summary><c>Wuyi:Audit</c>: how long the trail stays online (see AuditRetention).</summary>
public sealed class AuditOptions : ISettings
{
    public const string Section = "Wuyi:Audit";

    /// <summary>The Cybersecurity Law (网络安全法 第二十一条) asks for network logs kept at least six months.</summary>
    public const int MinimumRetentionDays = 180;

    public int RetentionDays { get; set; } = MinimumRetentionDays;

    public IEnumerable<string?> Problems()
    {
        yield return Settings.AtLeast("Wuyi:Audit:RetentionDays", RetentionDays, MinimumRetentionDays,
            "：审计记录至少在线保存 180 天（网络安全法要求网络日志留存不少于六个月）");
    }
}
