using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Data;

namespace Wuyi.Web.Accounts;

/// <summary>
/// The refresh tokens of one API sign-in: each refresh hands out the next generation and the previous refresh token stops
/// working. Bearer tokens carry the family and generation as claims (a refresh ticket keeps only claims).
/// </summary>
public sealed class TokenFamily
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public int Generation { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Set when a used refresh token came back: someone holds a copy, so every token of the sign-in ends.</summary>
    public DateTime? RevokedAtUtc { get; set; }
}

public static class TokenFamilies
{
    public const string FamilyClaim = "wuyi:token-family";
    public const string GenerationClaim = "wuyi:token-generation";

    /// <summary>A new family for a new sign-in (its first generation); the user's families past the 12-hour limit go.</summary>
    public static async Task<TokenFamily> StartAsync(WuyiDbContext db, string userId, DateTimeOffset now)
    {
        var expired = now.UtcDateTime - AccountOptions.AbsoluteTimeout;
        await db.TokenFamilies.Where(f => f.UserId == userId && f.CreatedAtUtc < expired).ExecuteDeleteAsync();
        var family = new TokenFamily { Id = Guid.CreateVersion7(), UserId = userId, Generation = 1, CreatedAtUtc = now.UtcDateTime };
        db.TokenFamilies.Add(family);
        await db.SaveChangesAsync();
        db.Entry(family).State = EntityState.Detached;
        return family;
    }

    /// <summary>
    /// Moves the family from <paramref name="generation"/> to the next one, in one conditional update (two refreshes with
    /// the same token cannot both win). False when the token is not the family's latest: the family is revoked.
    /// </summary>
    public static async Task<bool> RotateAsync(WuyiDbContext db, Guid id, int generation, DateTimeOffset now)
    {
        var rotated = await db.TokenFamilies.Where(f => f.Id == id && f.Generation == generation && f.RevokedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Generation, generation + 1));
        if (rotated == 1) return true;
        await db.TokenFamilies.Where(f => f.Id == id && f.RevokedAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAtUtc, now.UtcDateTime));
        return false;
    }

    /// <summary>Whether a bearer token's family still stands (tokens issued before families existed carry none).</summary>
    public static async Task<bool> StandsAsync(WuyiDbContext db, System.Security.Claims.ClaimsPrincipal principal) =>
        principal.FindFirst(FamilyClaim)?.Value is not { } value
        || (Guid.TryParse(value, out var id) && await db.TokenFamilies.AnyAsync(f => f.Id == id && f.RevokedAtUtc == null));

    public static IEnumerable<System.Security.Claims.Claim> Claims(Guid family, int generation) =>
    [
        new(FamilyClaim, family.ToString()),
        new(GenerationClaim, generation.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
