using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Applications;

/// <summary>
/// One step of an application's history, append-only: who, when, from, to, why.
/// A decision also keeps the engine's explanation it was made on.
/// </summary>
public sealed class ApplicationTransition
{
    private ApplicationTransition() { } // for EF

    internal ApplicationTransition(Guid applicationId, int sequence, ApplicationAction action, ApplicationState? from,
        ApplicationState to, Actor actor, DateTime atUtc, string? comment, Explanation? explanation)
    {
        Id = Guid.CreateVersion7();
        ApplicationId = applicationId;
        Sequence = sequence;
        Action = action;
        From = from;
        To = to;
        ActorUserId = actor.UserId;
        ActorName = actor.Name;
        ActorRole = actor.Role;
        ActorDivisionCode = actor.DivisionCode;
        AtUtc = atUtc;
        Comment = comment;
        Explanation = explanation;
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public int Sequence { get; private set; }
    public ApplicationAction Action { get; private set; }
    public ApplicationState? From { get; private set; }
    public ApplicationState To { get; private set; }
    public string ActorUserId { get; private set; } = "";
    public string ActorName { get; private set; } = "";
    public ProgrammeRole ActorRole { get; private set; }
    public string ActorDivisionCode { get; private set; } = "";
    public DateTime AtUtc { get; private set; }
    public string? Comment { get; private set; }
    public Explanation? Explanation { get; private set; }
}
