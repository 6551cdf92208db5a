namespace Wuyi.Domain.Common;

public enum DomainErrorKind
{
    Invalid,   // the input breaks a rule: 400
    Conflict,  // the object's state does not allow it: 409
    Forbidden, // the actor's role does not allow it: 403
}

/// <summary>A rule of the programme refused an action; the message is for people, in Chinese.</summary>
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string code, string message, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public DomainErrorKind Kind { get; }

    /// <summary>A stable machine-readable code, such as <c>illegal-transition</c>.</summary>
    public string Code { get; }

    /// <summary>Messages by field (indicator code, "reason"…), for forms and validation problems.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public static DomainException Invalid(string code, string message, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(DomainErrorKind.Invalid, code, message, errors);

    public static DomainException Conflict(string code, string message) => new(DomainErrorKind.Conflict, code, message);

    public static DomainException Forbidden(string code, string message) => new(DomainErrorKind.Forbidden, code, message);
}
