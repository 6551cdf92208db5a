using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Common;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Accounts;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;
using Wuyi.Web.DynamicManagement;
using Wuyi.Web.Hotline;
using Wuyi.Web.Infrastructure;
using Wuyi.Web.Publication;
using Wuyi.Web.Scales;

namespace Wuyi.Web.Administration;

/// <summary>
/// 演示数据: a living programme on Beijing's real tree for the README's `--demo`, so that a newcomer sees what the
/// platform is for. Deterministic (one seed, codes in order), seeded once into an empty programme, and made only
/// through the domain's own steps — every application walks the round, every title comes from a published batch,
/// every revocation from a recorded veto — so the demo can never show a state the rules would not allow.
/// Something waits for every demo account: the community's returned application, the street's submissions,
/// the districts' evaluations, rectifications and re-evaluations, the city's filings and next batch.
/// </summary>
public static class DemoProgramme
{
    /// <summary>Community accounts beside <see cref="DemoAccounts"/>, each on a community with a story to show.</summary>
    public static readonly IReadOnlyList<DemoAccounts.Demo> CommunityAccounts =
    [
        new("community2", "已认定的社区（村）", ProgrammeRole.Community, ""),
        new("community3", "被一票否决、正在整改的社区（村）", ProgrammeRole.Community, ""),
    ];

    /// <summary>The three administrators (三权分立), enrolled in two-factor sign-in: their keys are printed at start.</summary>
    public static readonly IReadOnlyList<(string UserName, string DisplayName, string Kind)> Administrators =
    [
        ("sysadmin", "系统管理员（演示）", AdministratorPolicies.System),
        ("secadmin", "安全管理员（演示）", AdministratorPolicies.Security),
        ("auditadmin", "审计管理员（演示）", AdministratorPolicies.Audit),
    ];

    private const int Seed = 2022;

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<WuyiDbContext>();
        await SeedAdministratorsAsync(services);
        if (await db.Applications.AnyAsync(ct)) return; // a programme is under way: the demo never writes over it
        var scales = services.GetRequiredService<ScaleCatalog>();
        var users = services.GetRequiredService<UserManager<User>>();
        var clock = new DemoClock(services.GetRequiredService<TimeProvider>().GetUtcNow());
        var today = clock.GetUtcNow();
        if (!await db.Divisions.AnyAsync(d => d.Code == DemoCommunity, ct)) return; // the demo lives on Beijing's tree
        var world = await World.LoadAsync(db, users, ct);
        var random = new Random(Seed);

        var scale = await scales.InForceAsync(db, ProgrammeClock.DateOf(today), ct);
        var passMarks = await scales.PassMarksAsync(db, scale, ct);
        var round = new Round(db, world, scale, passMarks, random);

        // Two published batches: a few hundred titles across all sixteen districts.
        var (first, second, pending) = world.PickCommunities(random);
        await round.PublishAsync(1, "北京市第一批无疫社区（村）名单", first, today.AddDays(-75), ct);
        await round.PublishAsync(2, "北京市第二批无疫社区（村）名单", second, today.AddDays(-40), ct);

        // The round under way: something waits at every level.
        var queue = new Queue<string>(pending);
        await round.RecommendAsync(world.InDistricts(queue, 6, DemoDistricts), today.AddDays(-4), ct); // the demo districts: evaluate
        await round.FileAsync(Take(queue, 12), today.AddDays(-3), ct);                   // the city: publish batch 3
        await round.ApproveAsync(Take(queue, 9), today.AddDays(-5), ct);                 // the city: file these
        await round.RecommendAsync(Take(queue, 10), today.AddDays(-9), ct);
        await round.SubmitAsync(world.InStreet(DemoStreet, 2), today.AddDays(-2), ct); // 万寿路街道: recommend or return
        await round.SubmitAsync(Take(queue, 8), today.AddDays(-6), ct);
        await round.RejectAsync(Take(queue, 3), today.AddDays(-15), ct);
        await round.DraftAsync(Take(queue, 5), today.AddDays(-1), ct);
        await round.ReturnAsync([DemoCommunity], today.AddDays(-1), "请补充A2“四件套”查验的值守记录照片，并核实B1台账更新日期", ct); // the community

        // Dynamic management through the real workflow, on the demo's clock.
        var dynamic = ActivatorUtilities.CreateInstance<DynamicWorkflow>(services, clock);
        var certified = await db.Certifications.AsNoTracking().Where(c => c.ActiveForCommunity != null)
            .OrderBy(c => c.CommunityCode).Select(c => c.CommunityCode).ToListAsync(ct);
        // Titles whose certifying total leaves room for 12345 deductions to take them under the pass mark come last.
        var totals = (await db.Applications.AsNoTracking().Where(a => a.State == ApplicationState.Published).ToListAsync(ct))
            .ToDictionary(a => a.CommunityCode, a => a.DistrictScores.Values.Sum());
        certified = [.. certified.OrderBy(c => totals[c] < passMarks.InForceOn(ProgrammeClock.DateOf(today)).Value + scale.Hotline.Maximum ? 1 : 0).ThenBy(c => c, StringComparer.Ordinal)];
        var haidian = certified.Where(c => c.StartsWith(DemoDistrict, StringComparison.Ordinal)).ToList();
        var chaoyang = certified.Where(c => c.StartsWith(DemoDistrict2, StringComparison.Ordinal)).ToList();
        var others = certified.Where(c => !c.StartsWith(DemoDistrict, StringComparison.Ordinal) && !c.StartsWith(DemoDistrict2, StringComparison.Ordinal)).ToList();

        var vetoed = haidian[0];
        clock.Now = today.AddDays(-20);
        await dynamic.RecordVetoAsync(world.City, new VetoReport(vetoed, VetoKind.MediaExposure, today.AddDays(-21), "北京日报",
            "小区东门卡口夜间无人值守，未查验健康码和核酸证明", null, false, null), ct);
        var task = await db.RectificationTasks.FirstAsync(t => t.OpenForCommunity == vetoed, ct);
        clock.Now = today.AddDays(-1);
        await dynamic.ReportRectificationAsync(world.ActorFor(vetoed), task.Id, null,
            "东门卡口已恢复24小时值守，增设夜间值守人员2名，排班表和值守记录已上墙；扫码查验设备已更换", "值守排班表、夜间值守照片", ct);

        var overdue = chaoyang[0];
        clock.Now = today.AddDays(-40);
        await dynamic.RecordVetoAsync(world.District(overdue), new VetoReport(overdue, VetoKind.InspectionNotice, today.AddDays(-41), "市卫生健康委检查通报",
            "卡口未落实“四件套”查验，外来人员未登记即放行", "京卫疾控通〔2022〕" + random.Next(10, 99) + "号", false, ProgrammeClock.DateOf(today.AddDays(-10))), ct);

        var lapse = others[random.Next(others.Count)];
        clock.Now = today.AddDays(-6);
        await dynamic.RecordVetoAsync(world.District(lapse), new VetoReport(lapse, VetoKind.CaseWithManagementLapse, today.AddDays(-7), "区疾控中心流调报告",
            "居家隔离人员擅自外出未被发现，造成 3 例续发病例", null, true, null), ct);

        // 12345: a month of complaints; a few titles fall below the pass mark and queue for their districts.
        clock.Now = today;
        var complaints = Complaints(random, certified.Except([vetoed, overdue, lapse]).ToList(), [haidian[^1], chaoyang[^1], others[^1]], today);
        db.HotlineComplaints.AddRange(complaints);
        await db.SaveChangesAsync(ct);
        await dynamic.RecheckHotlineStandingAsync(world.City, complaints.Select(c => c.CommunityCode).Distinct().ToList(), ct);

        await world.SeedCommunityAccountsAsync(users, haidian[2], vetoed, ct);
    }

    /// <summary>Creates the administrators that do not exist yet, with the demo password and an authenticator key.</summary>
    private static async Task SeedAdministratorsAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<User>>();
        foreach (var (userName, displayName, kind) in Administrators)
        {
            if (await users.FindByNameAsync(userName) is not null) continue;
            var (result, user) = await services.GetRequiredService<AccountAdministration>().CreateAdministratorAsync(userName, displayName, kind, DemoAccounts.Password);
            if (result.Succeeded)
            {
                user.MustChangePassword = false; // a demo account, like the others
                result = await users.UpdateAsync(user);
            }
            if (result.Succeeded) result = await users.ResetAuthenticatorKeyAsync(user);
            if (result.Succeeded) result = await users.SetTwoFactorEnabledAsync(user, true);
            if (!result.Succeeded)
                throw new InvalidOperationException($"无法创建演示管理员 {userName}：" + string.Join("；", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>What the start banner prints about the demo: the extra accounts, and each administrator's authenticator key.</summary>
    public static async Task<IReadOnlyList<string>> DescribeAsync(IServiceProvider root)
    {
        using var scope = root.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var lines = new List<string>();
        foreach (var demo in CommunityAccounts)
            if (await users.FindByNameAsync(demo.UserName) is { } user)
                lines.Add($"  {demo.UserName,-10} {user.DisplayName}（{demo.DisplayName}）");
        foreach (var (userName, displayName, _) in Administrators)
            if (await users.FindByNameAsync(userName) is { } admin && await users.GetAuthenticatorKeyAsync(admin) is { } key)
                lines.Add($"  {userName,-10} {displayName}，身份验证器密钥 {key}（otpauth://totp/Wuyi:{userName}?secret={key}&issuer=Wuyi）");
        return lines;
    }

    public const string DemoCommunity = "110108001001"; // 翠微路社区居委会, the `community` account
    private const string DemoStreet = "110108001";      // 万寿路街道, the `street` account
    private const string DemoDistrict = "110108";       // 海淀区, the `district` account
    private const string DemoDistrict2 = "110105";      // 朝阳区, the `district2` account
    private static readonly string[] DemoDistricts = [DemoDistrict, DemoDistrict2];

    private static List<string> Take(Queue<string> queue, int n)
    {
        var taken = new List<string>(n);
        while (taken.Count < n && queue.TryDequeue(out var code)) taken.Add(code);
        return taken;
    }

    /// <summary>
    /// Complaints of the last 30 days: most answered on time to satisfied citizens, some late or dissatisfied,
    /// and enough of both in the <paramref name="failing"/> communities to take them under the pass mark.
    /// </summary>
    private static List<HotlineComplaintRecord> Complaints(Random random, List<string> certified, IReadOnlyList<string> failing, DateTimeOffset today)
    {
        var list = new List<HotlineComplaintRecord>();
        var number = 0;
        void Add(string code, bool late, bool dissatisfied, bool epidemic = true)
        {
            var received = today.AddDays(-random.Next(2, 28)).AddHours(-random.Next(0, 10));
            var deadline = received.AddDays(1);
            list.Add(new HotlineComplaintRecord
            {
                Number = $"DEMO{ProgrammeClock.DateOf(received):yyyyMMdd}{++number:D5}",
                CommunityCode = code,
                ReceivedAtUtc = received.UtcDateTime,
                EpidemicRelated = epidemic,
                ResponseDeadlineUtc = deadline.UtcDateTime,
                RespondedAtUtc = (late ? deadline.AddHours(random.Next(3, 40)) : received.AddHours(random.Next(1, 20))).UtcDateTime,
                FollowUp = dissatisfied ? FollowUpResult.Dissatisfied : FollowUpResult.Satisfied,
                ImportedAtUtc = today.UtcDateTime,
            });
        }
        foreach (var code in certified.Where((_, i) => i % 4 == 0))
        {
            var count = random.Next(1, 4);
            for (var i = 0; i < count; i++) Add(code, late: random.Next(10) == 0, dissatisfied: random.Next(12) == 0, epidemic: random.Next(5) > 0);
        }
        foreach (var code in failing)
            for (var i = 0; i < 9; i++) Add(code, late: i % 2 == 0, dissatisfied: i % 3 != 1);
        return list;
    }

    /// <summary>The demo's "now", moved back and forth so that each step happens on its day.</summary>
    private sealed class DemoClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Beijing's tree and the people who act in the demo: the demo accounts where they sit, a named stand-in elsewhere.</summary>
    private sealed class World
    {
        private readonly Dictionary<string, Division> _divisions;
        private readonly Dictionary<string, User> _accounts;

        private World(List<Division> divisions, Dictionary<string, User> accounts)
        {
            _divisions = divisions.ToDictionary(d => d.Code);
            _accounts = accounts;
            Communities = divisions.Where(d => d.Level == DivisionLevel.Community).Select(d => d.Code).Order(StringComparer.Ordinal).ToList();
            City = Official(ProgrammeRole.City, "11");
        }

        public IReadOnlyList<string> Communities { get; }
        public Actor City { get; }

        public static async Task<World> LoadAsync(WuyiDbContext db, UserManager<User> users, CancellationToken ct)
        {
            var divisions = await db.Divisions.AsNoTracking().Under(d => d.Code, "11").ToListAsync(ct);
            var accounts = await users.Users.AsNoTracking().Where(u => DemoAccounts.All.Select(a => a.UserName).Contains(u.UserName!)).ToListAsync(ct);
            return new World(divisions, accounts.ToDictionary(u => u.DivisionCode + "/" + u.Role));
        }

        public Actor ActorFor(string communityCode) => Official(ProgrammeRole.Community, communityCode);
        public Actor Street(string communityCode) => Official(ProgrammeRole.Street, DivisionCode.StreetOf(communityCode));
        public Actor District(string communityCode) => Official(ProgrammeRole.District, DivisionCode.DistrictOf(communityCode));

        private Actor Official(ProgrammeRole role, string code)
        {
            if (_accounts.TryGetValue(code + "/" + role, out var user)) return new Actor(user.Id, user.DisplayName, role, code);
            var name = _divisions.TryGetValue(code, out var d) ? d.Name : "北京市";
            return new Actor($"demo:{role}:{code}", role switch
            {
                ProgrammeRole.District => name + "社区防控组",
                ProgrammeRole.City => "北京市社区防控组",
                _ => name,
            }, role, code);
        }

        /// <summary>
        /// Batch 1 takes about one community in 25 of every district, batch 2 one in 60; the rest of a sample
        /// stays in the round. The demo accounts' own community is kept for its returned application.
        /// </summary>
        public (List<string> First, List<string> Second, List<string> Pending) PickCommunities(Random random)
        {
            List<string> first = [], second = [], pending = [];
            foreach (var community in Communities.Where(c => DivisionCode.StreetOf(c) != DemoStreet)) // the demo street's are placed by hand
            {
                var draw = random.NextDouble();
                if (draw < 0.04) first.Add(community);
                else if (draw < 0.057) second.Add(community);
                else if (draw < 0.07) pending.Add(community);
            }
            return (first, second, pending);
        }

        /// <summary>Takes up to n communities of the given districts out of the queue (so demo districts have work).</summary>
        public List<string> InDistricts(Queue<string> queue, int perDistrict, IReadOnlyList<string> districts) =>
            TakeWhere(queue, districts.SelectMany(d => queue.Where(c => c.StartsWith(d, StringComparison.Ordinal)).Take(perDistrict)).ToHashSet());

        /// <summary>n of the demo street's communities (never drawn for a batch), the demo community aside.</summary>
        public List<string> InStreet(string street, int n) =>
            Communities.Where(c => DivisionCode.StreetOf(c) == street && c != DemoCommunity).Take(n).ToList();

        private static List<string> TakeWhere(Queue<string> queue, HashSet<string> wanted)
        {
            var kept = queue.Where(c => !wanted.Contains(c)).ToList();
            queue.Clear();
            foreach (var c in kept) queue.Enqueue(c);
            return [.. wanted.Order(StringComparer.Ordinal)];
        }

        public async Task SeedCommunityAccountsAsync(UserManager<User> users, string certified, string rectifying, CancellationToken ct)
        {
            foreach (var (demo, code) in CommunityAccounts.Zip([certified, rectifying]))
            {
                if (await users.FindByNameAsync(demo.UserName) is not null) continue;
                var result = await users.CreateAsync(new User
                {
                    UserName = demo.UserName, DisplayName = _divisions[code].Name, Role = ProgrammeRole.Community, DivisionCode = code, EmailConfirmed = true,
                }, DemoAccounts.Password);
                if (!result.Succeeded)
                    throw new InvalidOperationException($"无法创建演示账号 {demo.UserName}：" + string.Join("；", result.Errors.Select(e => e.Description)));
            }
        }
    }

    /// <summary>Walks applications through the round with the domain's own steps, a stage at a time, one save per stage.</summary>
    private sealed class Round(WuyiDbContext db, World world, ScaleVersion scale, PassMarkSchedule passMarks, Random random)
    {
        private readonly CaseNumberAllocator caseNumbers = new(db); // 办件编号, as the workflow numbers them
        public async Task PublishAsync(int number, string title, List<string> communities, DateTimeOffset on, CancellationToken ct)
        {
            var applications = await ApproveAsync(communities, on.AddDays(-7), ct);
            foreach (var a in applications) a.File(world.City, null, on.AddDays(-2));
            var codes = applications.Select(a => a.CommunityCode).ToList(); // 证书编号, as the workflow numbers them
            var numbering = await CertificateNumberAllocator.NumberingAsync(db, codes, ProgrammeClock.DateOf(on), ct);
            var (batch, certifications) = PublicationBatch.Publish(number, title, applications, world.City, on, numbering);
            db.PublicationBatches.Add(batch);
            db.Certifications.AddRange(certifications);
            await SaveAsync(ct);
        }

        public async Task FileAsync(List<string> communities, DateTimeOffset on, CancellationToken ct)
        {
            foreach (var a in await ApproveAsync(communities, on.AddDays(-4), ct)) a.File(world.City, "材料齐全，同意备案", on);
            await SaveAsync(ct);
        }

        public async Task<List<Application>> ApproveAsync(List<string> communities, DateTimeOffset on, CancellationToken ct)
        {
            var applications = await RecommendAsync(communities, on.AddDays(-4), ct);
            foreach (var a in applications)
            {
                var district = world.District(a.CommunityCode);
                var scores = DistrictScores(a.SelfScores);
                a.SaveEvaluation(district, scale, scores, "现场查看卡口值守、台账和消杀记录，与自评基本一致", FindingsWhereLowered(a.SelfScores, scores), on.AddHours(-2));
                var explanation = CertificationEngine.Evaluate(new EvaluationInput(scale, passMarks, a.CommunityCode, a.DistrictScores, [], [], on));
                a.Approve(district, explanation, null, on);
            }
            await SaveAsync(ct);
            return applications;
        }

        public async Task RejectAsync(List<string> communities, DateTimeOffset on, CancellationToken ct)
        {
            foreach (var a in await RecommendAsync(communities, on.AddDays(-3), ct))
            {
                var district = world.District(a.CommunityCode);
                var scores = DistrictScores(a.SelfScores);
                scores["A1"] = 12; // the hard indicator not met (rule 2)
                var findings = FindingsWhereLowered(a.SelfScores, scores);
                findings["A1"] = "夜间抽查两次，卡口均无人值守，24小时值守未落实";
                a.SaveEvaluation(district, scale, scores, "夜间卡口存在脱岗，24小时值守未落实", findings, on.AddHours(-2));
                var explanation = CertificationEngine.Evaluate(new EvaluationInput(scale, passMarks, a.CommunityCode, a.DistrictScores, [], [], on));
                a.Reject(district, "A1 坚持24小时卡口值守未达满分（硬性指标），请整改后重新申报", explanation, on);
            }
            await SaveAsync(ct);
        }

        public async Task<List<Application>> RecommendAsync(List<string> communities, DateTimeOffset on, CancellationToken ct)
        {
            var applications = await SubmitAsync(communities, on.AddDays(-3), ct);
            foreach (var a in applications) a.Recommend(world.Street(a.CommunityCode), "自评属实，择优推荐", on);
            await SaveAsync(ct);
            return applications;
        }

        public async Task<List<Application>> SubmitAsync(List<string> communities, DateTimeOffset on, CancellationToken ct)
        {
            var applications = await DraftAsync(communities, on.AddDays(-2), ct);
            foreach (var a in applications) a.Submit(world.ActorFor(a.CommunityCode), scale, on);
            await SaveAsync(ct);
            return applications;
        }

        public async Task ReturnAsync(List<string> communities, DateTimeOffset on, string reason, CancellationToken ct)
        {
            foreach (var a in await SubmitAsync(communities, on.AddDays(-2), ct)) a.ReturnByStreet(world.Street(a.CommunityCode), reason, on);
            await SaveAsync(ct);
        }

        public async Task<List<Application>> DraftAsync(List<string> communities, DateTimeOffset on, CancellationToken ct)
        {
            var applications = new List<Application>();
            foreach (var code in communities)
            {
                var community = world.ActorFor(code);
                var a = Application.Start(community, code, scale, await caseNumbers.NextAsync(DivisionCode.DistrictOf(code), on.AddHours(-3), ct), on.AddHours(-3));
                a.SaveSelfAssessment(community, scale, SelfScores(), null, on);
                applications.Add(a);
            }
            db.Applications.AddRange(applications);
            await SaveAsync(ct);
            return applications;
        }

        /// <summary>A community's own view: the hard indicator in full, one indicator in three half a point or a point short.</summary>
        private Dictionary<string, decimal> SelfScores() => scale.Indicators.ToDictionary(i => i.Code, i =>
            i.Hard || random.Next(3) > 0 ? i.Points : Math.Max(0, i.Points - (random.Next(2) == 0 ? 0.5m : 1m)));

        /// <summary>
        /// The district scores itself: mostly as claimed, here and there half a point or a point less — never under
        /// the pass mark and a couple of points, so that every approval is one the engine passes.
        /// </summary>
        private Dictionary<string, decimal> DistrictScores(IReadOnlyDictionary<string, decimal> self)
        {
            var scores = scale.Indicators.ToDictionary(i => i.Code, i =>
                i.Hard ? i.Points : Math.Max(0, self[i.Code] - (random.Next(5) == 0 ? (random.Next(2) == 0 ? 0.5m : 1m) : 0m)));
            return scores.Values.Sum() >= scale.PassMark + 2 ? scores : new Dictionary<string, decimal>(self);
        }

        /// <summary>评定意见 on each indicator the district scored below the claim: the community must learn why it lost the points.</summary>
        private Dictionary<string, string?> FindingsWhereLowered(IReadOnlyDictionary<string, decimal> self, IReadOnlyDictionary<string, decimal> district) =>
            FindingsByIndicator.Lowered(self, district).ToDictionary(l => l.Code,
                l => (string?)$"现场抽查{scale.Find(l.Code)!.Name}，记录不全、落实不到位，按评分说明扣减 {ScaleVersion.Format(l.Self - l.District)} 分",
                StringComparer.Ordinal);

        private Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);
    }
}
