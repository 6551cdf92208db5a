using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Security;

/// <summary>职责分离 over HTTP: a street official who recommended, moved to the district, may not decide the same application.</summary>
public abstract class SeparationOfDutiesTests(WuyiApp app)
{
    [Fact]
    public async Task WhoRecommended_MovedToTheDistrict_MayNotDecide_AnotherOfficialMay()
    {
        var round = await Round.StartAsync(app, "110106");
        var id = await round.SubmittedAsync();
        var userName = await app.CreateAccountAsync(ProgrammeRole.Street, round.CommunityCode[..9], "张某");
        var asStreet = await app.SignInAsync(userName);
        await (await asStreet.Step(id, "recommend", new { comment = "推荐" })).ShouldBe(HttpStatusCode.OK);

        // The same person is posted to the district office: same account, new role and node.
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var user = (await users.FindByNameAsync(userName))!;
            user.Role = ProgrammeRole.District;
            user.DivisionCode = round.CommunityCode[..6];
            (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();
        }
        var asDistrict = await app.SignInAsync(userName);

        var refused = await (await asDistrict.Step(id, "approve", new { scores = Scores(), findings = "现场复核属实" }))
            .ChineseProblem(HttpStatusCode.Forbidden, "separation-of-duties");
        refused.GetProperty("detail").GetString()!.ShouldContain("职责分离");
        await (await asDistrict.Step(id, "reject", new { comment = "不通过" })).ChineseProblem(HttpStatusCode.Forbidden, "separation-of-duties");
        var unchanged = await (await round.District.Get(id)).ReadApplication();
        unchanged.State.ShouldBe(ApplicationState.Recommended);
        unchanged.DistrictScores.ShouldBeEmpty();

        var approved = await (await round.District.Step(id, "approve", new { scores = Scores(), findings = "现场复核属实" })).ReadApplication();
        approved.State.ShouldBe(ApplicationState.Approved);
        var recommended = approved.History.Single(h => h.Action == ApplicationAction.Recommend);
        var decided = approved.History.Single(h => h.Action == ApplicationAction.Approve);
        recommended.Actor.Name.ShouldBe("张某");
        decided.Actor.Name.ShouldNotBe("张某");
    }
}

public sealed class SeparationOfDutiesTests_Sqlite(SqliteApp app) : SeparationOfDutiesTests(app), IClassFixture<SqliteApp>;

public sealed class SeparationOfDutiesTests_Postgres(PostgresApp app) : SeparationOfDutiesTests(app), IClassFixture<PostgresApp>;
