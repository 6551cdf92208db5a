using System.Text.Json;
using Wuyi.Domain.Scales;

namespace Wuyi.Web.Scales;

/// <summary>
/// A new scale version as the city fills it in (编制新版量表): the same content as the file, which it becomes and is
/// validated as (<see cref="ScaleVersion.Parse"/>); a part's points are the sum of its indicators'.
/// </summary>
public sealed class ScaleForm
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public DateOnly? EffectiveFrom { get; set; }
    public decimal? PassMark { get; set; }
    public int? WindowDays { get; set; }
    public decimal? PerLateAnswer { get; set; }
    public decimal? PerDissatisfiedFollowUp { get; set; }
    public decimal? MaximumDeduction { get; set; }
    public List<PartForm> Parts { get; set; } = [];

    public sealed class PartForm
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public List<IndicatorForm> Indicators { get; set; } = [];

        public decimal Points => Indicators.Where(i => !i.Remove).Sum(i => i.Points ?? 0);
    }

    public sealed class IndicatorForm
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public decimal? Points { get; set; }
        public bool Hard { get; set; }
        public string? Standard { get; set; }
        public string? Guidance { get; set; }

        /// <summary>Marked 删除: left out of the version.</summary>
        public bool Remove { get; set; }
    }

    public decimal Total => Parts.Sum(p => p.Points);

    /// <summary>A version's content to start from; the new version needs its own id and date.</summary>
    public static ScaleForm From(ScaleVersion scale, DateOnly effectiveFrom) => new()
    {
        Name = scale.Name, EffectiveFrom = effectiveFrom, PassMark = scale.PassMark,
        WindowDays = scale.Hotline.WindowDays, PerLateAnswer = scale.Hotline.PerLateAnswer,
        PerDissatisfiedFollowUp = scale.Hotline.PerDissatisfiedFollowUp, MaximumDeduction = scale.Hotline.Maximum,
        Parts = scale.Parts.Select(p => new PartForm
        {
            Code = p.Code, Name = p.Name,
            Indicators = p.Indicators.Select(i => new IndicatorForm
            {
                Code = i.Code, Name = i.Name, Points = i.Points, Hard = i.Hard, Standard = i.Standard, Guidance = i.Guidance,
            }).ToList(),
        }).ToList(),
    };

    /// <summary>The version's file, as the API takes it and as it is kept on record.</summary>
    public string ToDefinition() => JsonSerializer.Serialize(new
    {
        id = Id?.Trim(), name = Name?.Trim(), effectiveFrom = EffectiveFrom, total = ScaleVersion.RequiredTotal, passMark = PassMark,
        hotlineDeductions = new { windowDays = WindowDays ?? 0, perLateAnswer = PerLateAnswer ?? 0, perDissatisfiedFollowUp = PerDissatisfiedFollowUp ?? 0, maximum = MaximumDeduction ?? 0 },
        parts = Parts.Select(p => new
        {
            code = p.Code?.Trim(), name = p.Name?.Trim(), points = p.Points,
            indicators = p.Indicators.Where(i => !i.Remove).Select(i => new
            {
                code = i.Code?.Trim(), name = i.Name?.Trim(), points = i.Points ?? 0, hard = i.Hard, standard = i.Standard?.Trim(), guidance = i.Guidance?.Trim(),
            }),
        }),
    }, Options);

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // the file stays readable Chinese
    };
}
