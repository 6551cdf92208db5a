using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Work;

public sealed class IndexModel(WorkQueue queue) : WorkPageModel
{
    public WorkQueue.Summary Work { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Work = await queue.ForAsync(Actor, ct);
}
