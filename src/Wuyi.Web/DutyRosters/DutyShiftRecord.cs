using Wuyi.Domain.Supervision;

namespace Wuyi.Web.DutyRosters;

/// <summary>
/// One shift of a community's checkpoint duty roster (值守排班) as uploaded: the row of the file it came from, the upload
/// that brought it. A later upload that covers its date replaces it (the shifts of that date are deleted, the upload record stays).
/// </summary>
public sealed class DutyShiftRecord
{
    public Guid Id { get; set; }
    public string CommunityCode { get; set; } = "";
    public Guid UploadId { get; set; }

    /// <summary>The row of the uploaded file, as the spreadsheet numbers it.</summary>
    public int Row { get; set; }

    public string Checkpoint { get; set; } = ""; // 卡口名称
    public DateOnly Date { get; set; }           // 日期 (Beijing)
    public TimeOnly Start { get; set; }          // 开始时间
    public TimeOnly End { get; set; }            // 结束时间 (at or before the start: the next day)
    public string Person { get; set; } = "";     // 值守人员

    public DutyShift ToShift() => new(Checkpoint, Date, Start, End, Person);
}

/// <summary>One accepted upload of a roster (排班表上报记录), written with its shifts; a refused file leaves nothing.</summary>
public sealed class DutyRosterUpload
{
    public Guid Id { get; set; }
    public string CommunityCode { get; set; } = "";
    public DateTime AtUtc { get; set; }
    public string ActorUserId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public string? FileName { get; set; }
    public string Sha256 { get; set; } = "";

    public int Shifts { get; set; }
    public DateOnly FirstDate { get; set; }
    public DateOnly LastDate { get; set; }

    /// <summary>The dates the file covers (it replaced the roster of exactly these).</summary>
    public int Days { get; set; }

    /// <summary>The shifts on record for those dates before it, deleted by it, and on how many of the dates there were any.</summary>
    public int ReplacedShifts { get; set; }
    public int ReplacedDays { get; set; }
}
