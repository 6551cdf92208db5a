using Wuyi.Web.Administration;

namespace Wuyi.Web.Tests.Administration;

/// <summary>
/// ASP.NET Core's command-line conventions: <c>--key value</c> is <c>--key=value</c>; every documented command keeps
/// its own words, options and flags.
/// </summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--urls=http://127.0.0.1:5000")]
    [InlineData("--urls", "http://127.0.0.1:5000")]
    public void Urls_AsOneWordOrTwo_IsTheSameSetting(params string[] args)
    {
        var line = CommandLine.Parse(args);

        line.Settings.ShouldBe(["--urls=http://127.0.0.1:5000"]);
        line.Words.ShouldBeEmpty();
        line.Demo.ShouldBeFalse();
    }

    [Fact]
    public void Settings_InBothForms_AroundTheDemoFlag()
    {
        var line = CommandLine.Parse(["--Database:Provider", "Postgres", "--demo", "--ConnectionStrings:Wuyi=Host=db;Database=wuyi", "--Wuyi:Province", "12"]);

        line.Settings.ShouldBe(["--Database:Provider=Postgres", "--ConnectionStrings:Wuyi=Host=db;Database=wuyi", "--Wuyi:Province=12"]);
        line.Words.ShouldBeEmpty();
        line.Demo.ShouldBeTrue();
    }

    [Theory]
    [InlineData("import-divisions --province 12 --Wuyi:DivisionSource /data/divisions", "import-divisions --province 12", "--Wuyi:DivisionSource=/data/divisions")]
    [InlineData("import-divisions --all --source /data/divisions --urls http://x", "import-divisions --all --source /data/divisions", "--urls=http://x")]
    [InlineData("restore /backups/today --force --Wuyi:Uploads:Path /srv/uploads", "restore /backups/today --force", "--Wuyi:Uploads:Path=/srv/uploads")]
    [InlineData("--Wuyi:PostgresBin /usr/lib/postgresql/17/bin backup /backups/today", "backup /backups/today", "--Wuyi:PostgresBin=/usr/lib/postgresql/17/bin")]
    [InlineData("create-administrator audit 审计员 --Database:Provider=Postgres", "create-administrator audit 审计员", "--Database:Provider=Postgres")]
    [InlineData("schema-script postgres", "schema-script postgres", "")]
    [InlineData("migrate", "migrate", "")]
    [InlineData("audit-verify --Database:Provider Postgres", "audit-verify", "--Database:Provider=Postgres")]
    public void Commands_KeepTheirWords(string args, string words, string settings)
    {
        var line = CommandLine.Parse(args.Split(' '));

        string.Join(' ', line.Words).ShouldBe(words);
        string.Join(' ', line.Settings).ShouldBe(settings);
    }

    [Fact]
    public void AKeyWithoutItsValue_IsLeftAsAWord_SoThatItIsRefused()
    {
        CommandLine.Parse(["--demo", "--urls"]).Words.ShouldBe(["--urls"]);
        CommandLine.Parse(["serve"]).Words.ShouldBe(["serve"]);
    }
}
