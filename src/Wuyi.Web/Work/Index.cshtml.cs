using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Work;

public sealed class IndexModel(WorkQueue queue, DynamicQueries dynamic) : WorkPageModel
{
    public WorkQueue.Summary Work { get; private set; } = null!;

    /// <summary>Dynamic management at this level: rectification tasks and re-evaluations (动态管理).</summary>
    public DynamicWork Dynamic { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Work = await queue.ForAsync(Actor, ct);
        Dynamic = await dynamic.WorkAsync(Actor, ct);
    }
}
