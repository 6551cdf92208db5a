using Wuyi.Domain.Common;
using Wuyi.Domain.Scales;

namespace Wuyi.Web.Infrastructure;

/// <summary>Times are stored in UTC and shown in Beijing time with explicit formats.</summary>
public static class Display
{
    public static string Time(DateTime utc) => ProgrammeClock.FromUtc(utc).ToOffset(ProgrammeClock.Offset).ToString("yyyy-MM-dd HH:mm");

    public static string Time(DateTime? utc) => utc is { } t ? Time(t) : "—";

    /// <summary>The formal date style of published documents: 2022年6月18日.</summary>
    public static string FormalDate(DateOnly date) => Wuyi.Domain.Common.FormalDate.Of(date);

    /// <summary>A scale version as people know it, by its title and the day it took effect — never by its id.</summary>
    public static string Scale(ScaleVersion scale) => Scale(scale.Name, scale.EffectiveFrom);

    public static string Scale(string name, DateOnly effectiveFrom) => $"《{name}》（{FormalDate(effectiveFrom)}起施行）";
}
