using System.Security.Cryptography;
using Wuyi.Domain.ResidentReports;

namespace Wuyi.Domain.Tests.ResidentReports;

/// <summary>
/// A report's receipt number (回执号): 12 characters of Crockford's base 32 with a check character, written in groups of
/// four; a typed number is read whatever its case and separators, and a mistyped one is no number.
/// </summary>
public sealed class ReceiptNumberTests
{
    private static string Fresh() => ReceiptNumber.New(RandomNumberGenerator.GetBytes(ReceiptNumber.RandomBytes));

    [Fact]
    public void New_Is12CharactersOfTheAlphabet_WithoutLettersThatAreMisread_AndReadsBackAsItself()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var number = Fresh();
            number.Length.ShouldBe(12);
            number.ShouldAllBe(c => ReceiptNumber.Alphabet.Contains(c));
            number.IndexOfAny(['I', 'L', 'O', 'U']).ShouldBe(-1);
            ReceiptNumber.Normalise(number).ShouldBe(number);
            ReceiptNumber.Normalise(ReceiptNumber.Format(number)).ShouldBe(number);
        }
    }

    [Fact]
    public void New_FromGivenBytes_IsThatNumber_InThreeGroupsOfFour()
    {
        var number = ReceiptNumber.New(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 31 });

        number[..11].ShouldBe("0123456789Z");
        ReceiptNumber.Format(number).ShouldMatch(@"^0123-4567-89Z[0-9A-HJKMNP-TV-Z]$");
    }

    [Fact]
    public void Normalise_ReadsCaseSpacesHyphensAndLookalikes()
    {
        var number = ReceiptNumber.New(new byte[] { 0, 1, 0, 1, 20, 21, 22, 23, 24, 25, 26 });
        var typed = ReceiptNumber.Format(number).ToLowerInvariant().Replace('0', 'o').Replace('1', 'l').Replace("-", " - ");

        ReceiptNumber.Normalise(typed).ShouldBe(number);
        ReceiptNumber.Normalise($"  {number[..6]}－{number[6..]} ").ShouldBe(number);
    }

    [Fact]
    public void Normalise_RefusesEveryOneCharacterMistake()
    {
        var number = Fresh();
        for (var at = 0; at < number.Length; at++)
            foreach (var c in ReceiptNumber.Alphabet.Where(c => c != number[at]))
                ReceiptNumber.Normalise(number[..at] + c + number[(at + 1)..]).ShouldBeNull($"{c} at {at}");
    }

    [Fact]
    public void Normalise_RefusesMostSwapsOfNeighbours()
    {
        int swaps = 0, caught = 0;
        for (var i = 0; i < 200; i++)
        {
            var number = Fresh();
            for (var at = 0; at < number.Length - 1; at++)
            {
                if (number[at] == number[at + 1]) continue;
                swaps++;
                var swapped = number[..at] + number[at + 1] + number[at] + number[(at + 2)..];
                if (ReceiptNumber.Normalise(swapped) is null) caught++;
            }
        }
        ((double)caught / swaps).ShouldBeGreaterThan(0.9);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ABCD-EFGH-JKM")] // 11 characters
    [InlineData("ABCD-EFGH-JKMNP")] // 13
    [InlineData("ABCD-EFGH-JKU0")] // U is not in the alphabet
    [InlineData("京A12-3456-7890")]
    [InlineData("../../etc/passwd")]
    public void Normalise_RefusesWhatIsNoNumber(string? typed) => ReceiptNumber.Normalise(typed).ShouldBeNull();

    [Fact]
    public void New_HundredThousandNumbers_NoCollision()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 100_000; i++) seen.Add(Fresh()).ShouldBeTrue();
    }

    [Fact]
    public void New_WrongNumberOfBytes_IsAProgrammingError() =>
        Should.Throw<ArgumentException>(() => ReceiptNumber.New(new byte[10]));
}
