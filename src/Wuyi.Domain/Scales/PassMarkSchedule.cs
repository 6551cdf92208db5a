using Wuyi.Domain.Common;

namespace Wuyi.Domain.Scales;

/// <summary>A pass mark (达标分数线) and the Beijing date from which it applies.</summary>
public sealed record PassMark(decimal Value, DateOnly EffectiveFrom);

/// <summary>
/// The pass mark "is adjusted dynamically to the situation" (根据实际情况进行动态调整): an effective-dated
/// series. A change applies to evaluations on or after its date and never rewrites a past decision.
/// </summary>
public sealed class PassMarkSchedule
{
    private readonly List<PassMark> _marks;

    public PassMarkSchedule(IEnumerable<PassMark> marks)
    {
        _marks = marks.OrderBy(m => m.EffectiveFrom).ToList();
        if (_marks.Count == 0)
            throw new ArgumentException("达标分数线至少要有一条", nameof(marks));
        if (_marks.Select(m => m.EffectiveFrom).Distinct().Count() != _marks.Count)
            throw DomainException.Invalid("pass-mark-duplicate-date", "同一生效日期只能有一条达标分数线");
    }

    /// <summary>The scale's own pass mark from its effective date, then any later changes.</summary>
    public static PassMarkSchedule For(ScaleVersion scale, IEnumerable<PassMark>? changes = null) =>
        new(new[] { new PassMark(scale.PassMark, scale.EffectiveFrom) }
            .Concat((changes ?? []).Where(c => c.EffectiveFrom != scale.EffectiveFrom)));

    public IReadOnlyList<PassMark> Marks => _marks;

    /// <summary>
    /// A change the city may publish: a mark within the scale's total, effective from today or later, so
    /// that no decision already made is judged again under it.
    /// </summary>
    public static PassMark RequireValidChange(decimal value, DateOnly effectiveFrom, DateOnly today, decimal total)
    {
        var errors = new Dictionary<string, string[]>();
        if (value <= 0 || value > total)
            errors["value"] = [$"达标分数线应大于 0、不超过总分 {ScaleVersion.Format(total)} 分"];
        else if (decimal.Round(value, 1) != value)
            errors["value"] = ["达标分数线最多保留一位小数"];
        if (effectiveFrom < today)
            errors["effectiveFrom"] = ["生效日期不能早于今天：调整不改变已作出的评定"];
        if (errors.Count > 0)
            throw DomainException.Invalid("pass-mark-invalid", string.Join("；", errors.Values.SelectMany(e => e)), errors);
        return new PassMark(value, effectiveFrom);
    }

    /// <summary>The mark in force on a Beijing date; before the first one, the first one.</summary>
    public PassMark InForceOn(DateOnly date)
    {
        var current = _marks[0];
        foreach (var mark in _marks)
        {
            if (mark.EffectiveFrom > date) break;
            current = mark;
        }
        return current;
    }
}
