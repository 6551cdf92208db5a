namespace Wuyi.Domain.ResidentReports;

/// <summary>
/// A report's receipt number (回执号): 11 random characters and a check character from Crockford's base-32 alphabet
/// (digits and capitals without I, L, O, U, which are misread), written in groups of four: <c>7KQ2-M9XD-4RT8</c>.
/// 55 random bits make the numbers impossible to enumerate, so a number is the only key to a report's status; the check
/// character (Luhn mod 32) catches any one mistyped character and most swaps of two neighbours.
/// </summary>
public static class ReceiptNumber
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Characters of the number without its separators.</summary>
    public const int Length = 12;

    /// <summary>Random bytes a new number takes (one character each, from its low five bits).</summary>
    public const int RandomBytes = Length - 1;

    /// <summary>A new number from <see cref="RandomBytes"/> random bytes (the caller's generator: no I/O here), as stored: no separators.</summary>
    public static string New(ReadOnlySpan<byte> random)
    {
        if (random.Length != RandomBytes) throw new ArgumentException($"{RandomBytes} random bytes are needed", nameof(random));
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < RandomBytes; i++) chars[i] = Alphabet[random[i] & 31];
        chars[RandomBytes] = Alphabet[Check(chars[..RandomBytes])];
        return new string(chars);
    }

    /// <summary>The number as people write it: three groups of four joined by hyphens.</summary>
    public static string Format(string number) =>
        number.Length == Length ? $"{number[..4]}-{number[4..8]}-{number[8..]}" : number;

    /// <summary>
    /// A typed number as stored, or null when it is no receipt number: case, spaces and hyphens do not matter, and O is
    /// read as 0, I and L as 1 (Crockford); a wrong check character is no number.
    /// </summary>
    public static string? Normalise(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 40) return null;
        Span<char> chars = stackalloc char[Length];
        var n = 0;
        foreach (var raw in typed)
        {
            if (raw is '-' or ' ' or '\u3000' or '－') continue;
            var c = char.ToUpperInvariant(raw) switch { 'O' => '0', 'I' or 'L' => '1', var other => other };
            if (n == Length || Alphabet.IndexOf(c) < 0) return null;
            chars[n++] = c;
        }
        if (n != Length || Alphabet[Check(chars[..RandomBytes])] != chars[RandomBytes]) return null;
        return new string(chars);
    }

    /// <summary>Luhn mod 32: the check character's value for these characters.</summary>
    private static int Check(ReadOnlySpan<char> body)
    {
        var sum = 0;
        var factor = 2;
        for (var i = body.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(body[i]);
            sum += addend / 32 + addend % 32;
            factor = factor == 2 ? 1 : 2;
        }
        return (32 - sum % 32) % 32;
    }
}
