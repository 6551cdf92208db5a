using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Wuyi.Web.Accounts;

/// <summary>
/// The authenticator's 6-digit codes (TOTP, RFC 6238: HMAC-SHA1, 30-second steps), each accepted once: the last accepted
/// step is kept on the account, and a code of that step or an earlier one is refused, so an overheard code cannot be
/// replayed. One step of phone clock drift either way is allowed. Replaces Identity's provider, which takes a code as
/// often as it likes within its window and reads the system clock.
/// </summary>
public sealed class AuthenticatorCodes(TimeProvider time) : IUserTwoFactorTokenProvider<User>
{
    public const string Name = "WuyiAuthenticator";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<User> manager, User user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    public Task<string> GenerateAsync(string purpose, UserManager<User> manager, User user) => Task.FromResult(""); // the app generates

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<User> manager, User user)
    {
        if (token.Length != 6 || !int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            || await manager.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key)
            return false;
        var secret = FromBase32(key);
        var now = time.GetUtcNow().ToUnixTimeSeconds() / 30;
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (step <= (user.LastTotpStep ?? long.MinValue) || Code(secret, step) != code) continue;
            user.LastTotpStep = step;
            return (await manager.UpdateAsync(user)).Succeeded; // a concurrent use of the same code loses on the concurrency stamp
        }
        return false;
    }

    public static int Code(byte[] secret, long step)
    {
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0f;
        return (((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3]) % 1_000_000;
    }

    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var value = alphabet.IndexOf(char.ToUpperInvariant(c));
            if (value < 0) continue; // spaces and dashes as people type them
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }
        return [.. bytes];
    }
}
