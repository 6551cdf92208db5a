using Wuyi.Web.Accounts;

namespace Wuyi.Web.Tests.Accounts;

/// <summary>The password rules on their own: length, character classes, the blocklist and the user name.</summary>
public sealed class PasswordPolicyTests
{
    private static string[] Codes(string? userName, string password) => WuyiPasswordValidator.Check(userName, password).Select(e => e.Code).ToArray();

    [Theory]
    [InlineData("Wuyi@2022demo")] // the demo password
    [InlineData("correct horse battery 7")] // lower, digit, space
    [InlineData("Zhongguancun-Haidian-9")]
    public void GoodPasswords_Pass(string password) => Codes("street", password).ShouldBeEmpty();

    [Fact]
    public void ElevenCharacters_IsTooShort() => Codes("x", "Abcdefgh1!x").ShouldBe(["PasswordTooShort"]);

    [Theory]
    [InlineData("abcdefghijkl1")] // two classes
    [InlineData("ABCDEFGHIJKL!")]
    [InlineData("abcdefghijklmnop")]
    public void FewerThanThreeClasses_IsTooSimple(string password) => Codes("x", password).ShouldBe(["PasswordTooSimple"]);

    [Theory]
    [InlineData("Beijing2022!")]
    [InlineData("beijing2022!")] // case does not matter
    [InlineData("ADMIN@123456")]
    [InlineData("P@ssw0rd1234")]
    public void CommonPasswords_AreRefused(string password) => Codes("x", password).ShouldContain("PasswordCommon");

    [Fact]
    public void ContainingTheUserName_IsRefused_WhateverTheCase() =>
        Codes("district", "My-DISTRICT-2026").ShouldBe(["PasswordContainsUserName"]);

    [Fact]
    public void Messages_AreInChinese() =>
        WuyiPasswordValidator.Check("x", "abc").ShouldAllBe(e => e.Description.Any(c => c >= '\u4e00' && c <= '\u9fff'));
}
