namespace Wuyi.Web.Hotline;

/// <summary>Where an import's rows came from.</summary>
public enum ImportSource
{
    File = 1, // a spreadsheet exported by the hotline and uploaded by a person
    Api = 2,  // the hotline system calling /api/v1/hotline/complaints
}

/// <summary>
/// One accepted import of 12345 complaints (导入记录), written in the same transaction as its rows: an import is
/// either entirely on record with this entry, or not at all. Refused imports change nothing and leave no entry.
/// </summary>
public sealed class HotlineImport
{
    public Guid Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string ActorUserId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public string ActorDivisionCode { get; set; } = "";
    public ImportSource Source { get; set; }
    public string? FileName { get; set; }
    public string? Sha256 { get; set; }

    public int Rows { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }

    /// <summary>Rows left out because they were invalid or matched no community (only with <see cref="SkipInvalid"/>).</summary>
    public int Rejected { get; set; }

    /// <summary>The importer chose to import the valid rows and leave the rejected ones out, with this report.</summary>
    public bool SkipInvalid { get; set; }

    public int ReEvaluationsQueued { get; set; }

    /// <summary>The rejected rows (JSON, the first <see cref="HotlineImporter.MaxRejectionsKept"/>), so the report outlives the request.</summary>
    public string? Rejections { get; set; }

    /// <summary>
    /// The 12345 deductions (扣分) of the communities it touched, before and after it (JSON, see <see cref="ImportDeductions"/>);
    /// null for imports made before they were kept.
    /// </summary>
    public string? Deductions { get; set; }
}
