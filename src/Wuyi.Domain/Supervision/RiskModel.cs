using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wuyi.Domain.Supervision;

/// <summary>The signals a community's inspection risk (督导检查风险) is ranked on.</summary>
public enum RiskSignal
{
    EpidemicComplaints = 1,    // 近期涉疫12345诉求
    LateAnswers = 2,           // 答复不及时
    DissatisfiedFollowUps = 3, // 回访不满意
    PointsDeducted = 4,        // 12345扣分
    NarrowMargin = 5,          // 得分高出达标线不多
    PreviousFindings = 6,      // 上次检查发现的问题
    SinceLastInspection = 7,   // 距上次检查的时间
    DutyRosterGaps = 8,        // 卡口值守排班缺口
    ResidentReports = 9,       // 群众监督举报
}

/// <summary>One signal's weight: points per unit (a complaint, a point, a gap…) and the most it adds.</summary>
public sealed record SignalWeight(decimal PerUnit, decimal Cap);

/// <summary>
/// The risk model (风险模型) as data, like the scale: a version with an effective date, a weight and a cap per signal,
/// and the windows the signals are counted over. A change is a new version, never code.
/// </summary>
/// <param name="WindowDays">Complaints, deductions and residents' reports are counted over these days before today.</param>
/// <param name="MarginThreshold">A total less than this many points above the pass mark adds risk, per point short of it.</param>
/// <param name="InspectionDueDays">A community not inspected for this many days (or never) adds the signal's points.</param>
public sealed record RiskModel(string Id, string Name, DateOnly EffectiveFrom, int WindowDays, decimal MarginThreshold, int InspectionDueDays,
    IReadOnlyDictionary<RiskSignal, SignalWeight> Weights)
{
    public SignalWeight WeightOf(RiskSignal signal) => Weights.GetValueOrDefault(signal) ?? new SignalWeight(0, 0);

    public static string SignalName(RiskSignal signal) => signal switch
    {
        RiskSignal.EpidemicComplaints => "涉疫诉求",
        RiskSignal.LateAnswers => "答复不及时",
        RiskSignal.DissatisfiedFollowUps => "回访不满意",
        RiskSignal.PointsDeducted => "12345扣分",
        RiskSignal.NarrowMargin => "高出达标线的分差",
        RiskSignal.PreviousFindings => "上次检查发现的问题",
        RiskSignal.SinceLastInspection => "距上次检查的时间",
        RiskSignal.DutyRosterGaps => "卡口值守排班缺口",
        RiskSignal.ResidentReports => "群众监督举报",
        _ => signal.ToString(),
    };

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    private sealed record File(string? Id, string? Name, DateOnly? EffectiveFrom, int? WindowDays, decimal? MarginThreshold, int? InspectionDueDays,
        Dictionary<RiskSignal, SignalWeight>? Weights);

    /// <summary>Reads a model file; refuses (with every fault named) one that is incomplete or inconsistent.</summary>
    public static RiskModel Parse(string json)
    {
        File? file;
        try
        {
            file = JsonSerializer.Deserialize<File>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new RiskModelException([$"不是有效的风险模型文件：{ex.Message}"]);
        }
        var faults = new List<string>();
        if (file is null) throw new RiskModelException(["风险模型文件是空的"]);
        if (string.IsNullOrWhiteSpace(file.Id)) faults.Add("缺少版本标识（id）");
        if (string.IsNullOrWhiteSpace(file.Name)) faults.Add("缺少名称（name）");
        if (file.EffectiveFrom is null) faults.Add("缺少生效日期（effectiveFrom）");
        if (file.WindowDays is not > 0) faults.Add("统计天数（windowDays）须为正整数");
        if (file.MarginThreshold is not > 0) faults.Add("分差阈值（marginThreshold）须为正数");
        if (file.InspectionDueDays is not > 0) faults.Add("检查间隔天数（inspectionDueDays）须为正整数");
        var weights = file.Weights ?? [];
        foreach (var signal in Enum.GetValues<RiskSignal>().Where(s => !weights.ContainsKey(s)))
            faults.Add($"缺少信号“{SignalName(signal)}”（{signal}）的权重");
        foreach (var (signal, w) in weights)
        {
            if (!Enum.IsDefined(signal)) faults.Add($"未知的信号 {signal}");
            else if (w is null || w.PerUnit < 0 || w.Cap < 0) faults.Add($"信号“{SignalName(signal)}”的权重和上限不能为负");
        }
        if (faults.Count > 0) throw new RiskModelException(faults);
        return new RiskModel(file.Id!.Trim(), file.Name!.Trim(), file.EffectiveFrom!.Value, file.WindowDays!.Value, file.MarginThreshold!.Value,
            file.InspectionDueDays!.Value, weights);
    }

    public static string Points(decimal points) => points.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>A risk model file that cannot be used, with every fault in Chinese.</summary>
public sealed class RiskModelException(IReadOnlyList<string> faults) : Exception(string.Join("；", faults))
{
    public IReadOnlyList<string> Faults { get; } = faults;
}
