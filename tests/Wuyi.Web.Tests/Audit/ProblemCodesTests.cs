using System.Text.RegularExpressions;
using Wuyi.Web.Infrastructure;

namespace Wuyi.Web.Tests.Audit;

/// <summary>Every refusal's code the rules and the app throw has its meaning in Chinese, for the audit trail's page.</summary>
public sealed partial class ProblemCodesTests
{
    // DomainException.Invalid("code", …), .Conflict(…), .Forbidden(…), and new DomainException(kind, "code", …).
    [GeneratedRegex(@"DomainException(?:\.(?:Invalid|Conflict|Forbidden)\(|\([^,()]+,\s*)""([a-z][a-z0-9-]+)""")]
    private static partial Regex Thrown();

    [Fact]
    public void EveryCodeThrownInTheSource_HasAMeaning()
    {
        var src = Path.GetDirectoryName(Resilience.AppProcess.FindWebProject())!;
        var thrown = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Thrown().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().Order(StringComparer.Ordinal).ToList();

        thrown.Count.ShouldBeGreaterThan(30);
        thrown.Where(code => ProblemCodes.Meaning(code) is null).ShouldBeEmpty();
    }

    [Fact]
    public void AnUnknownCode_HasNoMeaning_AndIsShownAsItIs() => ProblemCodes.Meaning("no-such-code").ShouldBeNull();
}
