using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.ResidentReports;

/// <summary><c>Wuyi:ResidentReports</c>: how many reports one client and one community may send (群众监督的频率上限).</summary>
public sealed class ResidentReportOptions : ISettings
{
    public const string Section = "Wuyi:ResidentReports";

    /// <summary>Reports one client IP may send in an hour (counted per node, as the other per-client limits).</summary>
    public int PerClientPerHour { get; set; } = 5;

    /// <summary>Reports one community may receive in 24 hours, from everyone (counted in the database, across nodes).</summary>
    public int PerCommunityPerDay { get; set; } = 30;

    public IEnumerable<string?> Problems()
    {
        yield return Settings.AtLeast("Wuyi:ResidentReports:PerClientPerHour", PerClientPerHour, 1);
        yield return Settings.AtLeast("Wuyi:ResidentReports:PerCommunityPerDay", PerCommunityPerDay, 1);
    }
}
