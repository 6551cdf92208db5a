using Microsoft.AspNetCore.Mvc;
using Wuyi.Domain.Divisions;
using Wuyi.Web.Divisions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.DynamicManagement.Story;

/// <summary>查找社区（村）: an official picks a community of its subtree by name or code, and goes on to its story and lists.</summary>
public sealed class FindModel(DivisionDirectory directory) : WorkPageModel
{
    [FromQuery(Name = "community")] public string? Community { get; set; }

    public DivisionPick Pick { get; private set; } = DivisionPick.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // A community account has one community: its own story.
        if (Actor.Role == Domain.Applications.ProgrammeRole.Community) return Redirect($"/communities/{Actor.DivisionCode}/story");
        Pick = await directory.PickAsync(Actor.DivisionCode, Community, DivisionLevel.Community, ct);
        return Page();
    }
}
