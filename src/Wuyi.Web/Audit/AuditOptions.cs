using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Audit;

/// <summary><c>Wuyi:Audit</c>: how long the trail stays online (see AuditRetention).</summary>
public sealed class AuditOptions : ISettings
{
    public const string Section = "Wuyi:Audit";

    /// <summary>The Cybersecurity Law (网络安全法 第二十一条) asks for network logs kept at least six months.</summary>
    public const int MinimumRetentionDays = 180;

    public int RetentionDays { get; set; } = MinimumRetentionDays;

    /// <summary>The signed anchor lines of the chain's head (AuditAnchors); relative paths are under the web project. Not in the backup.</summary>
    public string AnchorPath { get; set; } = "data/audit-anchors.log";

    /// <summary>The key that signs the anchors, made on first use; keep it apart from the database and its backups.</summary>
    public string AnchorKeyPath { get; set; } = "data/audit-anchor.key";

    /// <summary>How often the running app anchors the head.</summary>
    public int AnchorMinutes { get; set; } = 10;

    public IEnumerable<string?> Problems()
    {
        yield return Settings.AtLeast("Wuyi:Audit:RetentionDays", RetentionDays, MinimumRetentionDays,
            "：审计记录至少在线保存 180 天（网络安全法要求网络日志留存不少于六个月）");
        yield return Settings.AtLeast("Wuyi:Audit:AnchorMinutes", AnchorMinutes, 1, "：审计链头锚定间隔至少 1 分钟");
        yield return string.IsNullOrWhiteSpace(AnchorPath) ? "配置项 Wuyi:Audit:AnchorPath 不能为空" : null;
        yield return string.IsNullOrWhiteSpace(AnchorKeyPath) ? "配置项 Wuyi:Audit:AnchorKeyPath 不能为空" : null;
    }
}
