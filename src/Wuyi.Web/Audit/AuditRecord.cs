using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Wuyi.Web.Audit;

/// <summary>
/// One line of the audit trail (审计日志, GB/T 22239-2019 三级): who did what to which object, from where, with what outcome,
/// and what data changed. Append-only and hash-chained: <see cref="Hash"/> is SHA-256 over <see cref="Canonical"/>, which
/// includes the sequence number and the previous record's hash, so a changed, removed or reordered record breaks the chain.
/// </summary>
public sealed class AuditRecord
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public long Sequence { get; set; }
    public DateTime AtUtc { get; set; }
    public string? ActorUserId { get; set; }
    public string? ActorName { get; set; }
    public string? Role { get; set; }
    public string? Unit { get; set; } // the actor's division code
    public string? ClientIp { get; set; }
    public string? UserAgent { get; set; }
    public string Action { get; set; } = "";
    public string? ObjectType { get; set; }
    public string? ObjectId { get; set; }
    public string Outcome { get; set; } = AuditOutcome.Success;
    public int? Status { get; set; }
    public string? ProblemCode { get; set; }
    public string? Changes { get; set; } // JSON: before/after of the entities the request saved
    public string PreviousHash { get; set; } = Genesis;
    public string Hash { get; set; } = "";

    /// <summary>
    /// The fields in a fixed order as a JSON array of strings. Instants are truncated to whole microseconds (PostgreSQL's
    /// precision) before they are stored, so the text read back is the text that was hashed.
    /// </summary>
    public string Canonical() => JsonSerializer.Serialize(new[]
    {
        Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ActorUserId, ActorName, Role, Unit, ClientIp, UserAgent, Action, ObjectType, ObjectId, Outcome,
        Status?.ToString(System.Globalization.CultureInfo.InvariantCulture), ProblemCode, Changes, PreviousHash,
    });

    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical())));

    /// <summary>Fits every field to its column and truncates the instant, so that what is hashed is what is stored.</summary>
    public void Normalise()
    {
        var ticks = DateTime.SpecifyKind(AtUtc, DateTimeKind.Utc).Ticks;
        AtUtc = new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
        ActorUserId = Cut(ActorUserId, 450);
        ActorName = Cut(ActorName, 256);
        Role = Cut(Role, 64);
        Unit = Cut(Unit, 12);
        ClientIp = Cut(ClientIp, 64);
        UserAgent = Cut(UserAgent, 512);
        Action = Cut(Action, 300) ?? "";
        ObjectType = Cut(ObjectType, 64);
        ObjectId = Cut(ObjectId, 128);
        ProblemCode = Cut(ProblemCode, 64);
    }

    private static string? Cut(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;
}

public static class AuditOutcome
{
    public const string Success = "success";
    public const string Refused = "refused"; // 4xx, or a rule said no
    public const string Failed = "failed";   // 5xx: the server could not do it

    public static string Name(string outcome) => outcome switch
    {
        Success => "成功",
        Refused => "拒绝",
        Failed => "失败",
        _ => outcome,
    };
}
