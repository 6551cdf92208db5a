using Microsoft.AspNetCore.Mvc.RazorPages;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;

namespace Wuyi.Web.Infrastructure;

/// <summary>A signed-in page of the programme: who is acting, and where in the division tree.</summary>
public abstract class WorkPageModel : PageModel
{
    public Actor Actor => User.RequireActor();
}
