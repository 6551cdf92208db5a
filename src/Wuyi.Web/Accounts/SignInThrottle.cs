using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;

namespace Wuyi.Web.Accounts;

/// <summary>
/// Slows down password guessing without locking anyone out (see docs/decisions/0007-sign-in-throttling.md): failures are
/// counted per user name <em>and</em> client address, so a guesser only ever slows down their own attempts on that name,
/// never the official signing in from the office. After <see cref="FreeFailures"/> failures each attempt must wait, 15 s,
/// then twice as long after every further failure, up to 15 minutes; a right password clears the count, and an hour
/// without failures forgets it. Names that do not exist are counted alike, so the delay tells nothing about them.
/// Kept in memory: each app node counts on its own.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    private sealed record Failures(int Count, DateTimeOffset Last, DateTimeOffset NotBefore);

    private readonly ConcurrentDictionary<(string Name, string Client), Failures> _failures = new();

    /// <summary>How long this client must still wait before trying this name again, or null.</summary>
    public TimeSpan? WaitFor(string userName, string client)
    {
        var now = time.GetUtcNow();
        return _failures.TryGetValue(Key(userName, client), out var f) && f.NotBefore > now ? f.NotBefore - now : null;
    }

    public void Failed(string userName, string client)
    {
        var now = time.GetUtcNow();
        _failures.AddOrUpdate(Key(userName, client), _ => new Failures(1, now, now), (_, f) =>
        {
            var count = now - f.Last > ForgetAfter ? 1 : f.Count + 1;
            return new Failures(count, now, now + DelayAfter(count));
        });
        if (_failures.Count > 10_000) Forget(now); // names sprayed from many addresses must not grow without bound
    }

    public void Succeeded(string userName, string client) => _failures.TryRemove(Key(userName, client), out _);

    /// <summary>Zero for the free failures, then 15 s doubling per failure, at most 15 minutes.</summary>
    public static TimeSpan DelayAfter(int failures) => failures < FreeFailures ? TimeSpan.Zero
        : TimeSpan.FromTicks(Math.Min(LongestDelay.Ticks, FirstDelay.Ticks << Math.Min(failures - FreeFailures, 16)));

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, f) in _failures)
            if (now - f.Last > ForgetAfter && f.NotBefore <= now) _failures.TryRemove(key, out _);
    }

    private static (string, string) Key(string userName, string client) => (userName.Trim().ToUpperInvariant(), client);
}

/// <summary>A sign-in refused unchecked because this client failed too often on this name: try again after <see cref="Wait"/>.</summary>
public sealed class SignInDelayed(TimeSpan wait) : SignInResult
{
    public TimeSpan Wait { get; } = wait;

    /// <summary>Whole seconds, rounded up: what Retry-After and the message say.</summary>
    public int Seconds => (int)Math.Ceiling(Wait.TotalSeconds);
}
