using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wuyi.Domain.Common;

namespace Wuyi.Domain.Scales;

/// <summary>One indicator of the scale (指标), with its standard (创建标准) and scoring guidance (评分说明).</summary>
public sealed record Indicator(string Code, string Name, decimal Points, bool Hard, string Standard, string Guidance)
{
    public string PartCode { get; init; } = "";
}

/// <summary>One part of the scale (e.g. A 严格卡口管理) and its indicators.</summary>
public sealed record ScalePart(string Code, string Name, decimal Points, IReadOnlyList<Indicator> Indicators);

/// <summary>Rule 4 (docs/rules.md) as data: 12345 hotline deductions (视情扣分).</summary>
public sealed record HotlineDeductionRule(int WindowDays, decimal PerLateAnswer, decimal PerDissatisfiedFollowUp, decimal Maximum)
{
    public static readonly HotlineDeductionRule Default = new(30, 1m, 1m, 10m);
}

/// <summary>
/// The appeal period (申诉期限) as data: a community may appeal a counted 12345 complaint, the district's score or a veto within
/// <paramref name="Days"/> days (Beijing) of the day the decision was made or came on record (docs/decisions/0018).
/// </summary>
public sealed record AppealRule(int Days)
{
    public static readonly AppealRule Default = new(7);

    /// <summary>The last day an appeal is accepted, for a decision of that day.</summary>
    public DateOnly LastDay(DateOnly decidedOn) => decidedOn.AddDays(Days);
}

/// <summary>
/// A version of the scale (量表): its parts, indicators and points, its pass mark and deduction rule.
/// Changed by the municipal group as a new version with an effective date, never in code.
/// </summary>
public sealed class ScaleVersion
{
    private readonly Dictionary<string, Indicator> _byCode;

    private ScaleVersion(string id, string name, DateOnly effectiveFrom, decimal total, decimal passMark,
        HotlineDeductionRule hotline, IReadOnlyList<ScalePart> parts, AppealRule? appeals = null)
    {
        Appeals = appeals ?? AppealRule.Default;
        Id = id;
        Name = name;
        EffectiveFrom = effectiveFrom;
        Total = total;
        PassMark = passMark;
        Hotline = hotline;
        Parts = parts;
        Indicators = parts.SelectMany(p => p.Indicators).ToList();
        _byCode = Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
    }

    public const decimal RequiredTotal = 100m;

    public string Id { get; }
    public string Name { get; }
    public DateOnly EffectiveFrom { get; }
    public decimal Total { get; }

    /// <summary>The pass mark this version was published with; later changes are in a <see cref="PassMarkSchedule"/>.</summary>
    public decimal PassMark { get; }

    public HotlineDeductionRule Hotline { get; }

    /// <summary>The appeal period (申诉期限); 7 days when the file sets none.</summary>
    public AppealRule Appeals { get; }
    public IReadOnlyList<ScalePart> Parts { get; }
    public IReadOnlyList<Indicator> Indicators { get; }
    public IEnumerable<Indicator> HardIndicators => Indicators.Where(i => i.Hard);

    public Indicator? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>
    /// Checks indicator scores against this scale: known codes, 0..points, at most one decimal.
    /// With <paramref name="complete"/>, every indicator must be scored. Returns errors by indicator code.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> CheckScores(IReadOnlyDictionary<string, decimal> scores, bool complete)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (code, value) in scores)
        {
            if (!_byCode.TryGetValue(code, out var indicator))
                errors[code] = [$"量表“{Name}”中没有指标 {code}"];
            else if (value < 0 || value > indicator.Points)
                errors[code] = [$"{code} {indicator.Name}：得分 {Format(value)} 超出范围，应在 0 到 {Format(indicator.Points)} 分之间"];
            else if (decimal.Round(value, 1) != value)
                errors[code] = [$"{code} {indicator.Name}：得分最多保留一位小数"];
        }
        if (complete)
        {
            foreach (var indicator in Indicators.Where(i => !scores.ContainsKey(i.Code)))
                errors[indicator.Code] = [$"{indicator.Code} {indicator.Name}：尚未评分"];
        }
        return errors;
    }

    /// <summary>Throws a <see cref="DomainException"/> naming every bad score.</summary>
    public void RequireValidScores(IReadOnlyDictionary<string, decimal> scores, bool complete)
    {
        var errors = CheckScores(scores, complete);
        if (errors.Count > 0)
            throw DomainException.Invalid("scores-invalid", "评分有误：" + string.Join("；", errors.Values.SelectMany(e => e)), errors);
    }

    public static string Format(decimal points) => points.ToString("0.#", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// Reads and validates a scale-version file (JSON). A bad file is refused with a
    /// <see cref="ScaleDefinitionException"/> that names every fault found.
    /// </summary>
    public static ScaleVersion Parse(string json)
    {
        ScaleFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ScaleFile>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            // The serializer's text names .NET types and members: say where it went wrong, in Chinese, and no more.
            var at = ex.LineNumber is { } line ? $"第 {line + 1} 行第 {(ex.BytePositionInLine ?? 0) + 1} 个字节附近" : "";
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $"（字段 {ex.Path}）";
            throw new ScaleDefinitionException([$"量表文件不是有效的 JSON：{at}{field}有语法错误、未知字段或类型不符的值"]);
        }
        if (file is null)
            throw new ScaleDefinitionException(["量表文件为空"]);
        return FromFile(file);
    }

    private static ScaleVersion FromFile(ScaleFile file)
    {
        var faults = new List<string>();
        if (string.IsNullOrWhiteSpace(file.Id)) faults.Add("缺少量表版本编号（id）");
        if (string.IsNullOrWhiteSpace(file.Name)) faults.Add("缺少量表名称（name）");
        if (TextLimits.ScaleId.TooLong(file.Id?.Trim()) is { } longId) faults.Add(longId);
        if (TextLimits.ScaleName.TooLong(file.Name?.Trim()) is { } longName) faults.Add(longName);
        if (file.EffectiveFrom is null) faults.Add("缺少生效日期（effectiveFrom）");
        if (file.Total != RequiredTotal) faults.Add($"量表总分为 {Format(file.Total)} 分，应为 {Format(RequiredTotal)} 分");
        if (file.PassMark is null) faults.Add("缺少达标分数线（passMark）");
        else if (file.PassMark < 0 || file.PassMark > file.Total)
            faults.Add($"达标分数线 {Format(file.PassMark.Value)} 分应在 0 到总分 {Format(file.Total)} 分之间");

        var hotline = file.HotlineDeductions ?? HotlineDeductionRule.Default;
        if (hotline.WindowDays <= 0) faults.Add("热线扣分的统计期（windowDays）应为正数天");
        if (hotline.PerLateAnswer < 0 || hotline.PerDissatisfiedFollowUp < 0 || hotline.Maximum < 0)
            faults.Add("热线扣分的分值和上限不能为负数");
        var appeals = file.Appeals ?? AppealRule.Default;
        if (appeals.Days is < 1 or > 366) faults.Add("申诉期限（appeals.days）应为 1 到 366 天");

        var parts = new List<ScalePart>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (file.Parts is not { Count: > 0 }) faults.Add("量表没有任何部分（parts）");
        foreach (var part in file.Parts ?? [])
        {
            var partCode = part.Code?.Trim() ?? "";
            if (partCode.Length == 0) { faults.Add($"有一个部分缺少编号（“{part.Name}”）"); continue; }
            if (!seen.Add(partCode)) faults.Add($"编号 {partCode} 重复");
            if (string.IsNullOrWhiteSpace(part.Name)) faults.Add($"部分 {partCode} 缺少名称");
            var indicators = new List<Indicator>();
            if (part.Indicators is not { Count: > 0 }) faults.Add($"部分 {partCode} 没有指标");
            foreach (var i in part.Indicators ?? [])
            {
                var code = i.Code?.Trim() ?? "";
                if (code.Length == 0) { faults.Add($"部分 {partCode} 有一个指标缺少编号（“{i.Name}”）"); continue; }
                if (!seen.Add(code)) faults.Add($"编号 {code} 重复");
                if (string.IsNullOrWhiteSpace(i.Name)) faults.Add($"指标 {code} 缺少名称");
                if (i.Points <= 0) faults.Add($"指标 {code} 的分值应大于 0，现为 {Format(i.Points)}");
                if (string.IsNullOrWhiteSpace(i.Standard)) faults.Add($"指标 {code} 缺少创建标准（standard）");
                if (string.IsNullOrWhiteSpace(i.Guidance)) faults.Add($"指标 {code} 缺少评分说明（guidance）");
                indicators.Add(new Indicator(code, i.Name?.Trim() ?? "", i.Points, i.Hard, i.Standard?.Trim() ?? "", i.Guidance?.Trim() ?? "") { PartCode = partCode });
            }
            var sum = indicators.Sum(x => x.Points);
            if (indicators.Count > 0 && sum != part.Points)
                faults.Add($"部分 {partCode} 的指标分值合计 {Format(sum)} 分，与该部分的 {Format(part.Points)} 分不符");
            parts.Add(new ScalePart(partCode, part.Name?.Trim() ?? "", part.Points, indicators));
        }
        var partSum = parts.Sum(p => p.Points);
        if (parts.Count > 0 && partSum != file.Total)
            faults.Add($"各部分分值合计 {Format(partSum)} 分，与总分 {Format(file.Total)} 分不符");
        if (parts.Count > 0 && !parts.SelectMany(p => p.Indicators).Any(i => i.Hard))
            faults.Add("量表没有标明任何硬性指标（hard）");

        if (faults.Count > 0) throw new ScaleDefinitionException(faults);
        return new ScaleVersion(file.Id!.Trim(), file.Name!.Trim(), file.EffectiveFrom!.Value, file.Total, file.PassMark!.Value, hotline, parts, appeals);
    }

    // The file's shape. Kept apart from the validated model so that a bad file never becomes a ScaleVersion.
    private sealed record ScaleFile(string? Id, string? Name, DateOnly? EffectiveFrom, decimal Total, decimal? PassMark,
        HotlineDeductionRule? HotlineDeductions, List<PartFile>? Parts, AppealRule? Appeals = null);

    private sealed record PartFile(string? Code, string? Name, decimal Points, List<IndicatorFile>? Indicators);

    private sealed record IndicatorFile(string? Code, string? Name, decimal Points, bool Hard, string? Standard, string? Guidance);
}

/// <summary>A scale-version file was refused; <see cref="Faults"/> names each problem in Chinese.</summary>
public sealed class ScaleDefinitionException(IReadOnlyList<string> faults)
    : Exception("量表文件无效：" + string.Join("；", faults))
{
    public IReadOnlyList<string> Faults { get; } = faults;
}
