namespace Wuyi.Domain.Supervision;

/// <summary>A stretch of a day when nobody was on duty at a checkpoint (值守缺口), in local time (the zone's offset).</summary>
public sealed record DutyGap(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;

    /// <summary>“02:00–05:30（3 小时 30 分钟）”; a gap to the end of <paramref name="day"/> ends at “24:00”.</summary>
    public string Describe(DateOnly day) => $"{Clock(From, day)}–{Clock(To, day)}（{DutyRosterRules.Hours(Length)}）";

    private static string Clock(DateTimeOffset at, DateOnly day) =>
        DateOnly.FromDateTime(at.DateTime) > day && at.TimeOfDay == TimeSpan.Zero ? "24:00" : at.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One checkpoint on one day: how much of the day someone was on duty, and every gap.</summary>
/// <param name="DayLength">The day's real length in the zone (24 hours, save on a day the clocks change).</param>
/// <param name="Shifts">The shifts that cover some of the day (a night shift counts on both its days).</param>
public sealed record CheckpointDay(string Checkpoint, DateOnly Date, TimeSpan DayLength, TimeSpan Covered, IReadOnlyList<DutyGap> Gaps, int Shifts)
{
    /// <summary>Covered only at 100%: not a minute without someone on duty (24小时值守).</summary>
    public bool FullyCovered => Gaps.Count == 0;

    public bool Unstaffed => Covered == TimeSpan.Zero;

    /// <summary>The share of the day covered, 0 to 1.</summary>
    public double Coverage => DayLength <= TimeSpan.Zero ? 0 : Covered / DayLength;

    public TimeSpan LongestGap => Gaps.Count == 0 ? TimeSpan.Zero : Gaps.Max(g => g.Length);

    /// <summary>“全天覆盖”, “覆盖 87.5%，缺口 02:00–05:00（3 小时）”, “无排班”.</summary>
    public string Describe() => FullyCovered ? "全天覆盖" : Unstaffed ? "无排班" :
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"覆盖 {Math.Floor(Coverage * 1000) / 10:0.#}%，缺口 {string.Join("、", Gaps.Select(g => g.Describe(Date)))}"); // floored: never “100%” with a gap
}

/// <summary>One day of the roster: every checkpoint of the period on that day.</summary>
public sealed record RosterDay(DateOnly Date, IReadOnlyList<CheckpointDay> Checkpoints)
{
    /// <summary>Every checkpoint covered all day (and there is at least one).</summary>
    public bool FullyCovered => Checkpoints.Count > 0 && Checkpoints.All(c => c.FullyCovered);

    /// <summary>Nobody on duty anywhere all day: the roster says nothing of this day (无排班).</summary>
    public bool NoRoster => Checkpoints.All(c => c.Unstaffed);

    public TimeSpan LongestGap => Checkpoints.Count == 0 ? TimeSpan.Zero : Checkpoints.Max(c => c.LongestGap);
}

/// <summary>A checkpoint over the period: its days covered in full, with gaps, with nobody on duty, and its longest gap.</summary>
public sealed record CheckpointSummary(string Checkpoint, int FullyCoveredDays, int GapDays, int UnstaffedDays, TimeSpan LongestGap);

/// <summary>
/// A community's roster over a period (排班覆盖情况): days covered in full at every checkpoint, days with a gap somewhere
/// (though some duty was rostered), and days with no roster at all. <see cref="LongestGap"/> is the longest gap of a day
/// with a gap (a day without roster is counted apart, not as a 24-hour gap).
/// </summary>
public sealed record DutyRosterSummary(DateOnly From, DateOnly To, int Checkpoints, int FullyCoveredDays, int GapDays, int NoRosterDays,
    TimeSpan LongestGap, DateOnly? LongestGapOn)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Days not covered in full: with a gap, or with no roster.</summary>
    public int DaysNotFullyCovered => GapDays + NoRosterDays;

    /// <summary>“28 天全天覆盖，2 天有缺口（最长 3 小时），无排班 0 天”.</summary>
    public string Describe() =>
        $"{FullyCoveredDays} 天全天覆盖，{GapDays} 天有缺口{(GapDays > 0 ? $"（最长 {DutyRosterRules.Hours(LongestGap)}）" : "")}" +
        (NoRosterDays > 0 ? $"，{NoRosterDays} 天无排班" : "");
}

/// <summary>
/// 24-hour coverage (24小时卡口值守) of a roster, per checkpoint per day, in the programme's time zone. Each shift is placed
/// on the clock of its zone (a shift past midnight ends on the next day), the shifts of a checkpoint are merged (overlaps
/// and duplicates count once), and each day — from its midnight to the next, however long the zone makes it — is covered
/// by what falls in it: a night shift counts on both its days. The checkpoints of the period are every checkpoint the
/// roster names in it, so a checkpoint left out of a day shows that day as a gap, never as nothing to check. It informs;
/// it never decides (the district scores A1, rule 2).
/// </summary>
public sealed class DutyRosterCoverage
{
    /// <summary>The longest period computed at once.</summary>
    public const int MaxDays = 400;

    private DutyRosterCoverage(DateOnly from, DateOnly to, IReadOnlyList<string> checkpoints, IReadOnlyList<RosterDay> days)
    {
        From = from;
        To = to;
        Checkpoints = checkpoints;
        Days = days;
    }

    public DateOnly From { get; }
    public DateOnly To { get; }

    /// <summary>The checkpoints of the period, by name (as first written; matched without spaces, <see cref="DutyRosterRules.Normalize"/>).</summary>
    public IReadOnlyList<string> Checkpoints { get; }

    public IReadOnlyList<RosterDay> Days { get; }

    /// <param name="shifts">The roster; shifts outside the period (the day before it included) are ignored.</param>
    public static DutyRosterCoverage Compute(IEnumerable<DutyShift> shifts, DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        if (to < from) throw new ArgumentException("the period ends before it starts", nameof(to));
        if (to.DayNumber - from.DayNumber + 1 > MaxDays) throw new ArgumentException($"at most {MaxDays} days at once", nameof(to));
        var midnights = Enumerable.Range(0, to.DayNumber - from.DayNumber + 2).Select(i => Instant(from.AddDays(i).ToDateTime(TimeOnly.MinValue), zone)).ToArray();
        var (start, end) = (midnights[0], midnights[^1]);

        // The shifts of each checkpoint as intervals of time, merged.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var intervals = new Dictionary<string, List<(DateTimeOffset From, DateTimeOffset To)>>(StringComparer.Ordinal);
        foreach (var shift in shifts)
        {
            var (localFrom, localTo) = shift.Local;
            var (a, b) = (Instant(localFrom, zone), Instant(localTo, zone));
            if (b <= start || a >= end || b <= a) continue;
            var key = DutyRosterRules.Normalize(shift.Checkpoint);
            names.TryAdd(key, shift.Checkpoint.Trim());
            (intervals.TryGetValue(key, out var list) ? list : intervals[key] = []).Add((a, b));
        }
        var keys = names.Keys.OrderBy(k => names[k], StringComparer.Ordinal).ToList();
        var merged = keys.ToDictionary(k => k, k => Merge(intervals[k]), StringComparer.Ordinal);
        var counts = keys.ToDictionary(k => k, k => intervals[k], StringComparer.Ordinal);

        var days = new List<RosterDay>(midnights.Length - 1);
        for (var i = 0; i < midnights.Length - 1; i++)
        {
            var (dayStart, dayEnd) = (midnights[i], midnights[i + 1]);
            var date = from.AddDays(i);
            var checkpoints = keys.Select(k => Day(names[k], date, dayStart, dayEnd, merged[k],
                counts[k].Count(x => x.From < dayEnd && x.To > dayStart), zone)).ToList();
            days.Add(new RosterDay(date, checkpoints));
        }
        return new DutyRosterCoverage(from, to, [.. keys.Select(k => names[k])], days);
    }

    /// <summary>The period's summary: days covered in full, with a gap, without roster; the longest gap.</summary>
    public DutyRosterSummary Summary()
    {
        var gapDays = Days.Where(d => !d.FullyCovered && !d.NoRoster).ToList();
        var longest = gapDays.OrderByDescending(d => d.LongestGap).ThenBy(d => d.Date).FirstOrDefault();
        return new DutyRosterSummary(From, To, Checkpoints.Count, Days.Count(d => d.FullyCovered), gapDays.Count, Days.Count(d => d.NoRoster),
            longest?.LongestGap ?? TimeSpan.Zero, longest?.Date);
    }

    /// <summary>Each checkpoint over the period.</summary>
    public IReadOnlyList<CheckpointSummary> ByCheckpoint() =>
    [
        .. Checkpoints.Select((name, i) =>
        {
            var days = Days.Select(d => d.Checkpoints[i]).ToList();
            var gaps = days.Where(d => !d.FullyCovered && !d.Unstaffed).ToList();
            return new CheckpointSummary(name, days.Count(d => d.FullyCovered), gaps.Count, days.Count(d => d.Unstaffed),
                gaps.Count == 0 ? TimeSpan.Zero : gaps.Max(d => d.LongestGap));
        }),
    ];

    private static CheckpointDay Day(string name, DateOnly date, DateTimeOffset dayStart, DateTimeOffset dayEnd,
        List<(DateTimeOffset From, DateTimeOffset To)> merged, int shifts, TimeZoneInfo zone)
    {
        var gaps = new List<DutyGap>();
        var covered = TimeSpan.Zero;
        var cursor = dayStart;
        foreach (var (a, b) in merged)
        {
            if (b <= dayStart) continue;
            if (a >= dayEnd) break;
            var (from, to) = (a < dayStart ? dayStart : a, b > dayEnd ? dayEnd : b);
            if (from > cursor) gaps.Add(Gap(cursor, from, zone));
            covered += to - from;
            cursor = to;
        }
        if (cursor < dayEnd) gaps.Add(Gap(cursor, dayEnd, zone));
        return new CheckpointDay(name, date, dayEnd - dayStart, covered, gaps, shifts);
    }

    private static DutyGap Gap(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone) =>
        new(TimeZoneInfo.ConvertTime(from, zone), TimeZoneInfo.ConvertTime(to, zone));

    /// <summary>Sorted, overlapping and touching intervals joined.</summary>
    private static List<(DateTimeOffset From, DateTimeOffset To)> Merge(List<(DateTimeOffset From, DateTimeOffset To)> intervals)
    {
        var result = new List<(DateTimeOffset From, DateTimeOffset To)>();
        foreach (var (a, b) in intervals.OrderBy(x => x.From))
        {
            if (result.Count > 0 && a <= result[^1].To)
            {
                if (b > result[^1].To) result[^1] = (result[^1].From, b);
            }
            else result.Add((a, b));
        }
        return result;
    }

    /// <summary>
    /// The instant a local time of the zone names. A time the clocks skip (spring forward) is the instant they jump to; a
    /// time they pass twice (fall back) is its first passing.
    /// </summary>
    public static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(local); i++) local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
