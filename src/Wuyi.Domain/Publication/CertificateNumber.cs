using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;

namespace Wuyi.Domain.Publication;

/// <summary>
/// 证书编号: the number on a certificate and its plaque, e.g. <c>京无疫证〔2022〕0108-0001</c> — the province's one-character
/// name, 无疫证, the year of certification in 〔〕 as official document numbers (文号) carry it, the district's code within
/// its province (last four digits of 110108), and the sequence within that district and year. Unique across the country
/// (the character stands for the first two digits), given at publication, never reused (docs/decisions/0012).
/// </summary>
public static partial class CertificateNumber
{
    /// <summary>Room for 京无疫证〔2022〕0108-000001; the column's length.</summary>
    public const int MaxLength = DocumentNumber.MaxLength;

    private const string Series = "无疫证";

    /// <summary>What every number of the district and year shares, e.g. <c>京无疫证〔2022〕0108-</c>.</summary>
    public static string Prefix(string districtCode, int year) => DocumentNumber.Prefix(Series, districtCode, year);

    /// <summary>The number of a certification of the district on the given day (Beijing time), the <paramref name="sequence"/>th of its year.</summary>
    public static string Of(string districtCode, DateOnly certifiedOn, int sequence)
    {
        if (sequence < 1) throw DomainException.Invalid("certificate-sequence-invalid", "证书编号的序号从 1 开始");
        return DocumentNumber.Of(Prefix(districtCode, certifiedOn.Year), sequence);
    }

    /// <summary>The sequence of a number with the given prefix (0 when it is not one), to allocate the next.</summary>
    public static int SequenceOf(string number, string prefix) => DocumentNumber.SequenceOf(number, prefix);

    /// <summary>
    /// A number as someone typed it, in the one form it is stored in, or null when it cannot be one. Full-width digits and
    /// brackets, [ ] ( ) 【 】 for 〔 〕, spaces, dashes of any width and a trailing 号 are all read; without the province's
    /// character (<c>2022-0108-0001</c>, as read out on the phone) it is a number of <paramref name="provinceCode"/>.
    /// </summary>
    public static string? Normalise(string? text, string provinceCode)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100) return null;
        var plain = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC)) // full-width digits and brackets become ASCII
            if (!char.IsWhiteSpace(c)) plain.Append(c is '－' or '—' or '–' or '‐' or '‑' ? '-' : c);
        var m = Typed().Match(plain.ToString());
        if (!m.Success) return null;
        var province = m.Groups["p"].Success ? ProvinceAbbreviation.CodeOf(m.Groups["p"].Value) : provinceCode;
        if (province is null || ProvinceAbbreviation.Of(province) is null) return null;
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (!int.TryParse(m.Groups["s"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1) return null;
        return DocumentNumber.Of(Prefix(province + m.Groups["d"].Value, year), sequence);
    }

    [GeneratedRegex(@"^(?:(?<p>\p{IsCJKUnifiedIdeographs})?无疫证?)?[\[(【〔]?(?<y>(?:19|20)\d\d)[\])】〕]?-?(?<d>\d{4})-?(?<s>\d{1,6})号?$", RegexOptions.CultureInvariant)]
    private static partial Regex Typed();
}

/// <summary>
/// The numbers one publication gives: for each district, one after the highest of its year on record (read by the caller in
/// the district's numbering turn), then the next, in the order asked.
/// </summary>
public sealed class CertificateNumbering(IReadOnlyDictionary<string, int>? highestByPrefix = null)
{
    private readonly Dictionary<string, int> _last = new(highestByPrefix ?? new Dictionary<string, int>(), StringComparer.Ordinal);

    public string Next(string districtCode, DateOnly certifiedOn)
    {
        var prefix = CertificateNumber.Prefix(districtCode, certifiedOn.Year);
        var next = _last.GetValueOrDefault(prefix) + 1;
        _last[prefix] = next;
        return CertificateNumber.Of(districtCode, certifiedOn, next);
    }
}
