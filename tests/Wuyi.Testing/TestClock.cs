namespace Wuyi.Testing;

/// <summary>A clock the tests move by hand. Starts in June 2022, during Beijing's programme.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = new(2022, 6, 16, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly Lock _gate = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now.ToUniversalTime();
    }

    public void Set(DateTimeOffset now)
    {
        lock (_gate) _now = now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
