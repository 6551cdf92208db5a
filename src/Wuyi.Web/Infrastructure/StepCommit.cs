using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Common;
using Wuyi.Web.Data;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// How every workflow saves a step: the version the caller saw is checked, the change runs, the context saves once
/// (one transaction). Another request that got there first is a 409 in the workflow's own words: <c>stale</c> when the
/// version or the concurrency token moved, <c>conflict</c> when it filled a unique index first. A refused step may
/// already have altered tracked entities before the rule said no: on any refusal they are forgotten, so whatever
/// this request shows next is the database's truth.
/// </summary>
/// <param name="stale">What the workflow says when the record changed since the caller saw it.</param>
/// <param name="conflict">What the workflow says when a concurrent step took what this one needed.</param>
public sealed class StepCommit(WuyiDbContext db, string stale, string conflict)
{
    /// <summary>Refuses a step taken on a version other than the one on record.</summary>
    public void RequireVersion(int? seen, int current)
    {
        if (seen is not { } version || version == current) return;
        db.ChangeTracker.Clear();
        throw Stale();
    }

    /// <summary>Runs the change and saves it once.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> change, CancellationToken ct)
    {
        try
        {
            var result = await change();
            await SaveAsync(ct);
            return result;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    public Task RunAsync(Func<Task> change, CancellationToken ct) =>
        RunAsync(async () =>
        {
            await change();
            return true;
        }, ct);

    /// <summary>Saves what is tracked; for a step that manages its own refusals (it clears nothing).</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            using var turn = await SqliteWriteGate.EnterAsync(db, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            throw DomainException.Conflict("conflict", conflict);
        }
    }

    private DomainException Stale() => DomainException.Conflict("stale", stale);
}
