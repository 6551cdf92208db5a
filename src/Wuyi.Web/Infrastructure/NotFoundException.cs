namespace Wuyi.Web.Infrastructure;

/// <summary>Missing, or outside the caller's subtree: both answer 404 so that scope leaks nothing.</summary>
public sealed class NotFoundException(string message) : Exception(message);
