using Wuyi.Domain.Common;
using Wuyi.Domain.Rules;

namespace Wuyi.Domain.Tests;

public class ScoreValidationTests
{
    [Fact]
    public void CheckScores_PerfectCompleteMap_HasNoErrors()
    {
        var scale = Scales.Beijing();

        scale.CheckScores(Scores.Perfect(scale), complete: true).ShouldBeEmpty();
    }

    [Fact]
    public void CheckScores_AllZeroCompleteMap_HasNoErrors()
    {
        var scale = Scales.Beijing();

        scale.CheckScores(Scores.Zero(scale), complete: true).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("A1", 15)]
    [InlineData("A1", 0)]
    [InlineData("A2", 9.5)]
    [InlineData("A4", 0.1)]
    [InlineData("C5", 4.9)]
    public void CheckScores_ValueWithinZeroToMaxWithOneDecimal_IsAccepted(string code, double value)
    {
        var scale = Scales.Beijing();

        scale.CheckScores(Scores.Perfect(scale, (code, (decimal)value)), complete: true).ShouldBeEmpty();
    }

    [Fact]
    public void CheckScores_TrailingZerosBeyondOneDecimal_AreAccepted()
    {
        var scale = Scales.Beijing();

        scale.CheckScores(Scores.Of(("A2", 9.50m), ("A3", 4.000m)), complete: false).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("A1", -1)]
    [InlineData("A2", -0.1)]
    [InlineData("B3", -5)]
    public void CheckScores_Negative_IsRefusedUnderItsCode(string code, double value)
    {
        var scale = Scales.Beijing();

        var errors = scale.CheckScores(Scores.Of((code, (decimal)value)), complete: false);

        errors.Keys.ShouldBe([code]);
        errors[code].ShouldHaveSingleItem().ShouldContain("超出范围");
    }

    [Theory]
    [InlineData("A1", 15.1, "15")]
    [InlineData("A2", 11, "10")]
    [InlineData("C1", 5.5, "5")]
    [InlineData("B1", 100, "10")]
    public void CheckScores_AboveMax_IsRefusedNamingTheMax(string code, double value, string max)
    {
        var scale = Scales.Beijing();

        var errors = scale.CheckScores(Scores.Of((code, (decimal)value)), complete: false);

        errors.Keys.ShouldBe([code]);
        errors[code].ShouldHaveSingleItem().ShouldContain($"应在 0 到 {max} 分之间");
    }

    [Theory]
    [InlineData("D1")]
    [InlineData("a1")]
    [InlineData("A")]
    [InlineData("")]
    public void CheckScores_UnknownCode_IsRefusedUnderThatCode(string code)
    {
        var scale = Scales.Beijing();

        var errors = scale.CheckScores(Scores.Perfect(scale, (code, 1m)), complete: true);

        errors.Keys.ShouldBe([code]);
        errors[code].ShouldHaveSingleItem().ShouldContain($"没有指标 {code}");
    }

    [Theory]
    [InlineData("A2", 9.55)]
    [InlineData("A3", 0.01)]
    [InlineData("B1", 7.125)]
    public void CheckScores_MoreThanOneDecimalPlace_IsRefused(string code, double value)
    {
        var scale = Scales.Beijing();

        var errors = scale.CheckScores(Scores.Of((code, (decimal)value)), complete: false);

        errors.Keys.ShouldBe([code]);
        errors[code].ShouldHaveSingleItem().ShouldContain("一位小数");
    }

    [Fact]
    public void CheckScores_MissingIndicatorWhenComplete_IsRefusedUnderItsCode()
    {
        var scale = Scales.Beijing();
        var scores = Scores.Perfect(scale);
        scores.Remove("A3");
        scores.Remove("C4");

        var errors = scale.CheckScores(scores, complete: true);

        errors.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(["A3", "C4"]);
        errors["A3"].ShouldHaveSingleItem().ShouldContain("尚未评分");
    }

    [Fact]
    public void CheckScores_MissingIndicatorWhenIncomplete_IsAccepted()
    {
        var scale = Scales.Beijing();

        scale.CheckScores(Scores.Of(("A1", 15m)), complete: false).ShouldBeEmpty();
        scale.CheckScores(Scores.Of(), complete: false).ShouldBeEmpty();
    }

    [Fact]
    public void CheckScores_EmptyMapWhenComplete_NamesAll14Indicators()
    {
        var scale = Scales.Beijing();

        var errors = scale.CheckScores(Scores.Of(), complete: true);

        errors.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(scale.Indicators.Select(i => i.Code).OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void CheckScores_SeveralFaults_AreEachKeyedByIndicator()
    {
        var scale = Scales.Beijing();
        var scores = Scores.Perfect(scale, ("A1", -1m), ("A2", 10.5m), ("B1", 3.33m), ("X9", 1m));
        scores.Remove("C5");

        var errors = scale.CheckScores(scores, complete: true);

        errors.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(["A1", "A2", "B1", "C5", "X9"]);
    }

    [Fact]
    public void RequireValidScores_BadScores_ThrowsInvalidWithErrorsByCode()
    {
        var scale = Scales.Beijing();

        var ex = Should.Throw<DomainException>(() => scale.RequireValidScores(Scores.Of(("A1", 16m), ("B2", -2m)), complete: false));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Code.ShouldBe("scores-invalid");
        ex.Errors.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(["A1", "B2"]);
        ex.Message.ShouldStartWith("评分有误：");
        ex.Message.ShouldContain("A1 坚持24小时卡口值守");
    }

    [Fact]
    public void RequireValidScores_GoodScores_DoesNotThrow()
    {
        var scale = Scales.Beijing();

        Should.NotThrow(() => scale.RequireValidScores(Scores.Perfect(scale), complete: true));
        Should.NotThrow(() => scale.RequireValidScores(Scores.Of(("A2", 9.5m)), complete: false));
    }

    [Fact]
    public void Evaluate_IncompleteScores_IsRefusedWithErrorsByCode()
    {
        var input = Evaluations.Perfect();
        var scores = Scores.Perfect(input.Scale);
        scores.Remove("B2");

        var ex = Should.Throw<DomainException>(() => CertificationEngine.Evaluate(input with { Scores = scores }));

        ex.Kind.ShouldBe(DomainErrorKind.Invalid);
        ex.Errors.Keys.ShouldBe(["B2"]);
    }

    [Theory]
    [InlineData("A1", -0.5)]
    [InlineData("A1", 15.5)]
    [InlineData("C3", 2.25)]
    [InlineData("Z1", 1)]
    public void Evaluate_InvalidScore_IsRefusedWithErrorUnderItsCode(string code, double value)
    {
        var input = Evaluations.Perfect().WithScores((code, (decimal)value));

        var ex = Should.Throw<DomainException>(() => CertificationEngine.Evaluate(input));

        ex.Code.ShouldBe("scores-invalid");
        ex.Errors.Keys.ShouldBe([code]);
    }

    [Fact]
    public void CheckScores_ChangedPointsInAScaleVersion_AreHonoured()
    {
        // A new version gives A2 12 points and A3 3: 12 becomes valid for A2, 4 invalid for A3.
        var scale = Scales.Variant(root =>
        {
            root.Indicator("A2")["points"] = 12;
            root.Indicator("A3")["points"] = 3;
        });

        scale.CheckScores(Scores.Of(("A2", 12m)), complete: false).ShouldBeEmpty();
        scale.CheckScores(Scores.Of(("A3", 4m)), complete: false).Keys.ShouldBe(["A3"]);
    }
}

/// <summary>The district's score beside the community's claim, in words (not colour alone).</summary>
public sealed class ScoreComparisonTests
{
    [Theory]
    [InlineData(8, 10, "低于自评 2 分")]
    [InlineData(9.5, 10, "低于自评 0.5 分")]
    [InlineData(6, 5.5, "高于自评 0.5 分")]
    public void ADifference_IsSaidWithItsSizeAndDirection(decimal district, decimal self, string said) =>
        Wuyi.Domain.Scales.ScoreComparison.Describe(district, self).ShouldBe(said);

    [Theory]
    [InlineData(10, 10)]
    [InlineData(null, 10)]
    [InlineData(10, null)]
    public void NoDifference_OrAScoreNotGiven_SaysNothing(int? district, int? self) =>
        Wuyi.Domain.Scales.ScoreComparison.Describe(district, self).ShouldBeNull();
}
