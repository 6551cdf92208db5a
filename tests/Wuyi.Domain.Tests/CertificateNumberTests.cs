using Wuyi.Domain.Common;
using Wuyi.Domain.Publication;

namespace Wuyi.Domain.Tests;

/// <summary>证书编号 (decision 0012): province character, year of certification, district within the province, sequence.</summary>
public sealed class CertificateNumberTests
{
    [Theory]
    [InlineData("110108", 2022, 1, "京无疫证〔2022〕0108-0001")]
    [InlineData("110105", 2022, 42, "京无疫证〔2022〕0105-0042")]
    [InlineData("110108", 2023, 12345, "京无疫证〔2023〕0108-12345")]
    [InlineData("120101", 2022, 7, "津无疫证〔2022〕0101-0007")]
    [InlineData("310115", 2022, 1, "沪无疫证〔2022〕0115-0001")]
    public void Of_WritesProvinceYearDistrictAndSequence(string district, int year, int sequence, string expected)
    {
        var number = CertificateNumber.Of(district, new DateOnly(year, 6, 18), sequence);
        number.ShouldBe(expected);
        number.Length.ShouldBeLessThanOrEqualTo(CertificateNumber.MaxLength);
        CertificateNumber.SequenceOf(number, CertificateNumber.Prefix(district, year)).ShouldBe(sequence);
    }

    [Fact]
    public void Of_RefusesWhatIsNoDistrict_AndASequenceBelowOne()
    {
        Should.Throw<DomainException>(() => CertificateNumber.Of("110108001", new DateOnly(2022, 6, 18), 1)).Code.ShouldBe("district-code-invalid");
        Should.Throw<DomainException>(() => CertificateNumber.Of("990108", new DateOnly(2022, 6, 18), 1)).Code.ShouldBe("district-code-invalid");
        Should.Throw<DomainException>(() => CertificateNumber.Of("110108", new DateOnly(2022, 6, 18), 0)).Code.ShouldBe("certificate-sequence-invalid");
    }

    [Fact]
    public void SequenceOf_ANumberOfAnotherSeries_IsZero()
    {
        var prefix = CertificateNumber.Prefix("110108", 2022);
        CertificateNumber.SequenceOf("京无疫证〔2023〕0108-0009", prefix).ShouldBe(0);
        CertificateNumber.SequenceOf("京无疫证〔2022〕0105-0009", prefix).ShouldBe(0);
        CertificateNumber.SequenceOf("2022-110108-0009", prefix).ShouldBe(0); // a case number
    }

    [Theory]
    [InlineData("京无疫证〔2022〕0108-0001")]
    [InlineData("  京无疫证〔2022〕0108-0001号 ")]
    [InlineData("京无疫证[2022]0108-0001")]
    [InlineData("京无疫证（2022）0108－0001")]
    [InlineData("京无疫证【２０２２】０１０８—０００１")]
    [InlineData("京无疫〔2022〕0108-0001")]
    [InlineData("2022-0108-0001")]
    [InlineData("2022 0108 0001")]
    [InlineData("202201080001")]
    [InlineData("〔2022〕0108-1")]
    public void Normalise_ReadsTheWaysPeopleTypeANumber(string typed) =>
        CertificateNumber.Normalise(typed, "11").ShouldBe("京无疫证〔2022〕0108-0001");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("翠微路社区")]
    [InlineData("2022-110108-0001")] // a case number (办件编号), not a certificate
    [InlineData("京无疫证〔2022〕0108-0000")]
    [InlineData("甲无疫证〔2022〕0108-0001")]
    [InlineData("京无疫证〔2022〕108-0001")]
    public void Normalise_WhatCannotBeANumber_IsNull(string? typed) => CertificateNumber.Normalise(typed, "11").ShouldBeNull();

    [Fact]
    public void Normalise_WithoutTheProvince_IsANumberOfTheProgrammesProvince() =>
        CertificateNumber.Normalise("2022-0101-0003", "12").ShouldBe("津无疫证〔2022〕0101-0003");

    [Fact]
    public void Numbering_GoesOnFromTheHighestOnRecord_PerDistrictAndYear()
    {
        var numbering = new CertificateNumbering(new Dictionary<string, int> { [CertificateNumber.Prefix("110108", 2022)] = 41 });
        var june = new DateOnly(2022, 6, 18);
        numbering.Next("110108", june).ShouldBe("京无疫证〔2022〕0108-0042");
        numbering.Next("110108", june).ShouldBe("京无疫证〔2022〕0108-0043");
        numbering.Next("110105", june).ShouldBe("京无疫证〔2022〕0105-0001");
        numbering.Next("110108", new DateOnly(2023, 1, 5)).ShouldBe("京无疫证〔2023〕0108-0001"); // a new year starts again
    }
}
