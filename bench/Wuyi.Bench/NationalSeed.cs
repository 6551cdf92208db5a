using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Data;
using Wuyi.Web.Divisions;
using Wuyi.Web.Hotline;
using Wuyi.Web.Scales;

namespace Wuyi.Bench;

/// <summary>
/// A programme history on the division tree, for the national benchmark: applications through the domain's own steps
/// (scores, 评定意见, case numbers, transitions), publication batches and certifications, vetoes that revoke a title
/// with their rectification tasks, re-evaluations and programme events (some titles restored, some certified again),
/// and a year of 12345 complaints. Every row is built by the domain's own methods in memory, one province at a time,
/// then written in bulk (PostgreSQL: binary COPY; SQLite: one prepared INSERT per row, one transaction), the columns
/// and their conversions taken from the EF model so the rows are exactly what the app would have saved.
/// Deterministic in its choices (fixed seeds); ids are the domain's own (Guid v7), so they differ between runs.
/// </summary>
public static class NationalSeed
{
    public sealed record Counts(int Applications, int Certified, int Complaints);

    /// <summary>The default counts: the national figures, or scaled to one province (every community applies once or twice).</summary>
    public static Counts Defaults(int communities, bool oneProvince) => oneProvince
        ? new Counts(communities * 3 / 2, communities * 2 / 3, communities * 27)
        : new Counts(300_000, 100_000, 2_000_000);

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset FirstBatch = new(2022, 5, 16, 15, 0, 0, Beijing);
    private const int Rounds = 8;         // publication rounds (批次), one batch per province each
    private const int RoundDays = 19;     // 2022-05-16 … 2022-09-26
    private static readonly DateTimeOffset HistoryEnd = new(2022, 12, 28, 17, 0, 0, Beijing);
    private static readonly DateTimeOffset ComplaintsFrom = new(2022, 1, 1, 0, 0, 0, Beijing);

    /// <summary>The division tree as <c>import-divisions</c> does it (the same importer, in-process): one province or the whole country.</summary>
    public static async Task<DivisionImporter.Result> ImportDivisionsAsync(IServiceProvider services, string contentRoot, string? province)
    {
        using var scope = services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<DivisionImporter>();
        return await importer.ImportAsync(DivisionImporter.DefaultSource(contentRoot), province);
    }

    /// <summary>Rows written, by table, and the time each step took.</summary>
    public sealed class Tally
    {
        public Dictionary<string, long> Rows { get; } = [];
        public Dictionary<string, TimeSpan> Steps { get; } = [];

        public void Add(string table, long n) => Rows[table] = Rows.GetValueOrDefault(table) + n;
        public void Time(string step, TimeSpan t) => Steps[step] = Steps.GetValueOrDefault(step) + t;
    }

    public static async Task<Tally> GenerateAsync(IServiceProvider services, bool postgres, string connectionString, string? province, Counts counts)
    {
        var tally = new Tally();
        ScaleVersion scale;
        PassMarkSchedule passMarks;
        List<string> communities;
        IModel model;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
            var catalog = scope.ServiceProvider.GetRequiredService<ScaleCatalog>();
            scale = await catalog.InForceAsync(db, Wuyi.Domain.Common.ProgrammeClock.DateOf(FirstBatch), default);
            passMarks = await catalog.PassMarksAsync(db, scale, default);
            var prefix = province ?? "";
            communities = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith(prefix))
                .OrderBy(d => d.Code).Select(d => d.Code).ToListAsync();
            model = db.Model;
        }
        var provinces = communities.GroupBy(c => c[..2]).Select(g => (Code: g.Key, Communities: g.ToList())).ToList();
        var total = communities.Count;
        int[] Share(int n) => Apportion(n, provinces.Select(p => p.Communities.Count).ToArray());
        var apps = Share(counts.Applications);
        var certified = Share(counts.Certified);
        var complaints = Share(counts.Complaints);

        await using var writer = await BulkWriter.OpenAsync(model, postgres, connectionString);
        var complaintNumber = 0L;
        for (var p = 0; p < provinces.Count; p++)
        {
            var (code, codes) = provinces[p];
            var clock = Stopwatch.StartNew();
            var history = new ProvinceHistory(scale, passMarks, code, codes, new Random(20221207 + int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)),
                batchNumber: round => round * provinces.Count + p + 1);
            history.Generate(apps[p], certified[p]);
            tally.Time("generate (domain steps, in memory)", clock.Elapsed);

            clock.Restart();
            await writer.WriteAsync(history.Applications, tally);
            await writer.WriteAsync(history.Applications.SelectMany(a => a.History).ToList(), tally);
            await writer.WriteAsync(history.Batches, tally);
            await writer.WriteAsync(history.Certifications, tally);
            await writer.WriteAsync(history.Vetoes, tally);
            await writer.WriteAsync(history.Tasks, tally);
            await writer.WriteAsync(history.ReEvaluations, tally);
            await writer.WriteAsync(history.Events, tally);
            tally.Time("write programme history", clock.Elapsed);

            clock.Restart();
            var (imports, rows, events) = Complaints(code, codes, complaints[p], ref complaintNumber,
                new Random(12345 + int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)));
            tally.Time("generate 12345 complaints", clock.Elapsed);
            clock.Restart();
            await writer.WriteAsync(imports, tally);
            await writer.WriteAsync(events, tally);
            await writer.WriteAsync(rows, tally);
            tally.Time("write 12345 complaints", clock.Elapsed);
            Console.WriteLine($"  province {code}: {codes.Count,6:N0} communities, {history.Applications.Count,7:N0} applications, " +
                              $"{history.Certifications.Count,6:N0} certifications, {history.Vetoes.Count,4} vetoes, {rows.Count,9:N0} complaints");
        }
        var finishing = Stopwatch.StartNew();
        await writer.FinishAsync();
        tally.Time("commit, public list stamp, ANALYZE", finishing.Elapsed);
        Console.WriteLine($"  {total:N0} communities in {provinces.Count} province(s)");
        return tally;
    }

    /// <summary>Largest-remainder shares of <paramref name="total"/> in proportion to <paramref name="weights"/>.</summary>
    private static int[] Apportion(int total, int[] weights)
    {
        var sum = weights.Sum(w => (long)w);
        var exact = weights.Select(w => (double)total * w / sum).ToArray();
        var shares = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in exact.Select((e, i) => (Remainder: e - Math.Floor(e), i)).OrderByDescending(x => x.Remainder).Take(total - shares.Sum()).Select(x => x.i))
            shares[i]++;
        return shares;
    }

    /// <summary>A year of 12345 complaints, ~12.5% epidemic-related, some answered late or never, some followed up dissatisfied; imported monthly.</summary>
    private static (List<HotlineImport>, List<HotlineComplaintRecord>, List<ProgrammeEvent>) Complaints(string province, List<string> codes, int count,
        ref long number, Random rng)
    {
        var importer = new Actor("nat-city-" + province, $"{province} 市社区防控组", ProgrammeRole.City, province);
        var imports = new List<HotlineImport>();
        var events = new List<ProgrammeEvent>();
        var months = Enumerable.Range(0, 12).Select(m => ComplaintsFrom.AddMonths(m)).ToList();
        var byMonth = new int[12];
        var rows = new List<HotlineComplaintRecord>(count);
        var span = (HistoryEnd - ComplaintsFrom).TotalMinutes;
        // A few communities draw many complaints: half of them go to a tenth of the communities.
        var busy = codes.Where((_, i) => i % 10 == 0).ToList();
        var importIds = months.Select(m => Guid.CreateVersion7(m.AddMonths(1))).ToArray();
        for (var i = 0; i < count; i++)
        {
            var community = rng.Next(2) == 0 && busy.Count > 0 ? busy[rng.Next(busy.Count)] : codes[rng.Next(codes.Count)];
            var received = ComplaintsFrom.AddMinutes(rng.NextDouble() * span);
            received = received.AddTicks(-(received.Ticks % TimeSpan.TicksPerSecond));
            var deadline = received.AddHours(rng.Next(2) == 0 ? 24 : 48);
            var answer = rng.Next(100);
            DateTimeOffset? responded = answer < 85 ? received.AddMinutes(rng.Next(30, 23 * 60)) : answer < 96 ? deadline.AddHours(rng.Next(1, 72)) : null;
            var visit = rng.Next(100);
            var month = (received.ToOffset(Beijing).Month - 1);
            byMonth[month]++;
            rows.Add(new HotlineComplaintRecord
            {
                Number = $"GD{received.ToOffset(Beijing):yyyyMMdd}{++number:D9}",
                CommunityCode = community,
                ReceivedAtUtc = received.UtcDateTime,
                EpidemicRelated = rng.Next(1000) < 125,
                ResponseDeadlineUtc = deadline.UtcDateTime,
                RespondedAtUtc = responded?.UtcDateTime,
                FollowUp = visit < 75 ? FollowUpResult.Satisfied : visit < 86 ? FollowUpResult.Dissatisfied : FollowUpResult.None,
                ImportedAtUtc = months[month].AddMonths(1).AddHours(9).UtcDateTime,
                ImportId = importIds[month],
            });
        }
        for (var m = 0; m < 12; m++)
        {
            if (byMonth[m] == 0) continue;
            var at = months[m].AddMonths(1).AddHours(9);
            imports.Add(new HotlineImport
            {
                Id = importIds[m], AtUtc = at.UtcDateTime, ActorUserId = importer.UserId, ActorName = importer.Name,
                ActorDivisionCode = province, Source = ImportSource.File, FileName = $"12345-{months[m]:yyyy-MM}.csv",
                Rows = byMonth[m], Inserted = byMonth[m],
            });
            events.Add(ProgrammeEvent.Of(ProgrammeEventKind.ComplaintsImported, null, importer, at, $"导入12345诉求 {byMonth[m]} 条（{months[m]:yyyy年M月}）"));
        }
        return (imports, rows, events);
    }

    /// <summary>One province's programme, built through the domain's steps in time order.</summary>
    private sealed class ProvinceHistory(ScaleVersion scale, PassMarkSchedule passMarks, string province, List<string> codes, Random rng,
        Func<int, int> batchNumber)
    {
        public List<Application> Applications { get; } = [];
        public List<PublicationBatch> Batches { get; } = [];
        public List<Certification> Certifications { get; } = [];
        public List<Veto> Vetoes { get; } = [];
        public List<RectificationTask> Tasks { get; } = [];
        public List<ReEvaluation> ReEvaluations { get; } = [];
        public List<ProgrammeEvent> Events { get; } = [];

        private readonly Dictionary<string, int> _caseSequence = [];
        private readonly CertificateNumbering _certificateNumbers = new(); // 证书编号: the province's history starts with none
        private readonly Actor _city = new("nat-city-" + province, $"{province} 市社区防控组", ProgrammeRole.City, province);

        private static Actor Community(string c) => new("nat-" + c, "社区（村）" + c, ProgrammeRole.Community, c);
        private static Actor Street(string c) => new("nat-" + c[..9], "街道（乡镇）" + c[..9], ProgrammeRole.Street, c[..9]);
        private static Actor District(string c) => new("nat-" + c[..6], "区社区防控组" + c[..6], ProgrammeRole.District, c[..6]);
        private static DateTimeOffset BatchDate(int round) => FirstBatch.AddDays(round * RoundDays);

        /// <summary>A working-hours moment on the day <paramref name="days"/> after <paramref name="from"/>.</summary>
        private DateTimeOffset Day(DateTimeOffset from, double days)
        {
            var d = from.ToOffset(Beijing).Date.AddDays(Math.Floor(days));
            return new DateTimeOffset(d, Beijing).AddMinutes(9 * 60 + rng.Next(8 * 60 + 30));
        }

        public void Generate(int applications, int certified)
        {
            var shuffled = codes.OrderBy(_ => rng.Next()).ToList();
            certified = Math.Min(certified, Math.Min(codes.Count, applications));
            var toCertify = shuffled.Take(certified).ToList();
            var others = shuffled.Skip(certified).ToList();
            var left = applications - certified;

            // Each certified community: its round, and for some an earlier application that was not approved or withdrawn.
            var byRound = Enumerable.Range(0, Rounds).Select(_ => new List<Application>()).ToList();
            foreach (var c in toCertify)
            {
                var round = rng.Next(Rounds);
                var steps = Gaps(6);
                var start = Day(BatchDate(round), -(steps.Sum() + rng.Next(1, 5)));
                if (left > others.Count / 4 && rng.Next(100) < 15)
                {
                    Run(c, Day(start, -rng.Next(35, 60)), rng.Next(10) < 7 ? ApplicationState.Rejected : ApplicationState.Withdrawn, Gaps(6));
                    left--;
                }
                byRound[round].Add(Run(c, start, ApplicationState.Filed, steps));
            }

            // Publication in time order; titles revoked after their batch (a few percent), some restored, some certified again.
            var revokeShare = 3;
            for (var round = 0; round < Rounds; round++)
            {
                if (byRound[round].Count == 0) continue;
                var (batch, granted) = PublicationBatch.Publish(batchNumber(round), null, byRound[round], _city, BatchDate(round), _certificateNumbers);
                Batches.Add(batch);
                Certifications.AddRange(granted);
                foreach (var certification in granted)
                {
                    if (rng.Next(100) >= revokeShare || round >= Rounds - 1) continue;
                    var again = Revoke(certification, BatchDate(round), left > 0);
                    if (again is not null)
                    {
                        var steps = Gaps(6);
                        var next = Enumerable.Range(round + 1, Rounds - round - 1)
                            .FirstOrDefault(r => Day(again.Value, 3 + steps.Sum()) < BatchDate(r), -1);
                        if (next < 0) continue;
                        byRound[next].Add(Run(certification.CommunityCode, Day(again.Value, 3), ApplicationState.Filed, steps));
                        left--;
                    }
                }
            }

            // Hotline deductions (12345 扣分) put a few standing titles to a re-evaluation; the district kept them.
            foreach (var certification in Certifications.Where(c => c.IsActive).Where((_, i) => i % 200 == 7))
            {
                var at = Day(HistoryEnd, -rng.Next(5, 40));
                var (item, opened) = ReEvaluation.Open(_city, ReEvaluationCause.HotlineDeductions, certification.CommunityCode,
                    "12345 诉求扣分后低于达标线，请重新评定", null, certification.Id, null, null, at);
                ReEvaluations.Add(item);
                Events.Add(opened);
                if (rng.Next(3) > 0)
                    Events.AddRange(DynamicRules.Decide(District(certification.CommunityCode), item, ReEvaluationDecision.Keep, "核实后诉求已妥善处理，维持认定",
                        certification, null, null, [], null, Day(at, rng.Next(2, 10))).Events);
            }

            // The others: one application each while they last, then a second for some (the first closed).
            var targets = new (ApplicationState State, int Weight)[]
            {
                (ApplicationState.Draft, 8), (ApplicationState.Submitted, 10), (ApplicationState.ReturnedByStreet, 4),
                (ApplicationState.Recommended, 12), (ApplicationState.ReturnedByDistrict, 4), (ApplicationState.Approved, 5),
                (ApplicationState.Filed, 5), (ApplicationState.Rejected, 35), (ApplicationState.Withdrawn, 17),
            };
            var window = (new DateTimeOffset(2022, 9, 20, 0, 0, 0, Beijing) - new DateTimeOffset(2022, 4, 1, 0, 0, 0, Beijing)).TotalDays;
            var seconds = Math.Max(0, left - others.Count);
            foreach (var c in others)
            {
                if (left <= 0) break;
                var start = Day(new DateTimeOffset(2022, 4, 1, 0, 0, 0, Beijing), rng.NextDouble() * window);
                if (seconds > 0)
                {
                    seconds--;
                    left--;
                    Run(c, Day(new DateTimeOffset(2022, 3, 15, 0, 0, 0, Beijing), rng.NextDouble() * 40), rng.Next(10) < 7 ? ApplicationState.Rejected : ApplicationState.Withdrawn, Gaps(6));
                    start = Day(new DateTimeOffset(2022, 6, 1, 0, 0, 0, Beijing), rng.NextDouble() * 100);
                }
                var pick = rng.Next(targets.Sum(t => t.Weight));
                var state = targets.First(t => (pick -= t.Weight) < 0).State;
                // Approved and filed ones wait for a batch after the last one.
                if (state is ApplicationState.Approved or ApplicationState.Filed) start = Day(new DateTimeOffset(2022, 9, 10, 0, 0, 0, Beijing), rng.Next(20));
                Run(c, start, state, Gaps(6));
                left--;
            }
        }

        private int[] Gaps(int n) => Enumerable.Range(0, n).Select(_ => rng.Next(1, 6)).ToArray();

        /// <summary>A veto revokes the title and opens a rectification; then it is annulled and the title restored, or rectified (and, if
        /// <paramref name="mayApplyAgain"/>, the community applies again: its acceptance time is returned), or left open.</summary>
        private DateTimeOffset? Revoke(Certification certification, DateTimeOffset certifiedAt, bool mayApplyAgain)
        {
            var c = certification.CommunityCode;
            var kind = (VetoKind)rng.Next(1, 4);
            var occurred = Day(certifiedAt, rng.Next(7, 40));
            var recordedAt = occurred.AddHours(rng.Next(2, 30));
            var outcome = DynamicRules.RecordVeto(District(c),
                new VetoReport(c, kind, occurred, kind == VetoKind.MediaExposure ? "北京日报" : "市疫情防控督查组",
                    "卡口点位未落实测温验码，检查发现人员未登记进出", null, true, null), certification, null, null, recordedAt);
            var veto = outcome.Veto!;
            var task = outcome.NewTask!;
            Vetoes.Add(veto);
            Tasks.Add(task);
            Events.AddRange(outcome.Events);

            var fate = rng.Next(100);
            if (fate < 25)
            {
                // Recorded by mistake: annulled by the city, the decision reopened, the title restored.
                var annulled = DynamicRules.AnnulVeto(_city, veto, "核实为误录：通报对象为相邻社区", certification, null, task, Day(recordedAt, rng.Next(2, 6)));
                Events.AddRange(annulled.Events);
                var item = annulled.NewReEvaluation!;
                ReEvaluations.Add(item);
                Events.AddRange(DynamicRules.Decide(_city, item, ReEvaluationDecision.Restore, "否决事项系误录，恢复认定", certification, null, task, [veto], null,
                    Day(recordedAt, rng.Next(6, 12))).Events);
                return null;
            }
            if (fate < 70)
            {
                var reported = Day(recordedAt, rng.Next(5, 20));
                Events.Add(task.ReportFixed(Community(c), "已落实卡口值守和测温验码登记，完善台账", null, reported));
                if (fate < 62)
                {
                    var accepted = Day(reported, rng.Next(2, 8));
                    Events.AddRange(DynamicRules.AcceptRectification(District(c), task, "现场核查整改到位", [veto], accepted).Events);
                    return mayApplyAgain && rng.Next(2) == 0 ? accepted : null;
                }
            }
            return null; // the rectification is still open (or reported, not yet accepted)
        }

        /// <summary>One application through the round's steps up to <paramref name="target"/>, each a few days after the last.</summary>
        private Application Run(string c, DateTimeOffset start, ApplicationState target, int[] gaps)
        {
            var community = Community(c);
            var district = c[..6];
            var sequence = _caseSequence[district] = _caseSequence.GetValueOrDefault(district) + 1;
            var at = start;
            var g = 0;
            DateTimeOffset Next() => at = Day(at, gaps[g++ % gaps.Length]);
            var a = Application.Start(community, c, scale, sequence, at);
            Applications.Add(a);
            var self = scale.Indicators.ToDictionary(i => i.Code, i => !i.Hard && i.Points >= 2 && rng.Next(10) == 0 ? i.Points - 1 : i.Points);
            a.SaveSelfAssessment(community, scale, self, rng.Next(4) == 0 ? "已按细则逐项自查" : null, at);
            if (target == ApplicationState.Draft) return a;
            if (target == ApplicationState.Withdrawn)
            {
                if (rng.Next(2) == 0) a.Submit(community, scale, Next());
                a.Withdraw(community, "自查发现卡口管理尚有不足，暂缓申报", Next());
                return a;
            }
            a.Submit(community, scale, Next());
            if (target == ApplicationState.Submitted) return a;
            if (target == ApplicationState.ReturnedByStreet)
            {
                a.ReturnByStreet(Street(c), "佐证材料不全，请补充后重新提交", Next());
                return a;
            }
            a.Recommend(Street(c), rng.Next(3) == 0 ? "推荐" : null, Next());
            if (target == ApplicationState.Recommended) return a;

            var officer = District(c);
            var failing = target == ApplicationState.Rejected;
            var (scores, findings) = DistrictScores(self, failing);
            var when = Next();
            a.SaveEvaluation(officer, scale, scores, failing ? "现场复核发现卡口管理、人员排查存在不足" : "现场复核基本属实", findings, when);
            if (target == ApplicationState.ReturnedByDistrict)
            {
                a.ReturnByDistrict(officer, "请补充近一个月的卡口登记台账", when);
                return a;
            }
            var explanation = CertificationEngine.Evaluate(new EvaluationInput(scale, passMarks, c, scores, [], [], when));
            if (failing)
            {
                a.Reject(officer, "综合评定未达标", explanation, when);
                return a;
            }
            if (!explanation.Passes)
            {
                // The lowered scores fell under the pass mark: the district kept the self-assessment instead.
                a.SaveEvaluation(officer, scale, self, "现场复核属实", null, when);
                explanation = CertificationEngine.Evaluate(new EvaluationInput(scale, passMarks, c, self, [], [], when));
            }
            a.Approve(officer, explanation, null, when);
            if (target == ApplicationState.Approved) return a;
            a.File(_city, null, Next());
            return a;
        }

        /// <summary>The district's scores: mostly the self-assessment, lowered here and there (more when it fails), with a finding where lowered.</summary>
        private (Dictionary<string, decimal>, Dictionary<string, string?>) DistrictScores(Dictionary<string, decimal> self, bool failing)
        {
            var scores = new Dictionary<string, decimal>(self);
            var lower = failing ? rng.Next(2, 6) : rng.Next(100) < 20 ? 1 : 0;
            var candidates = scale.Indicators.Where(i => (failing || !i.Hard) && self[i.Code] >= 1).ToList();
            for (var k = 0; k < lower && candidates.Count > 0; k++)
            {
                var i = candidates[rng.Next(candidates.Count)];
                scores[i.Code] = Math.Max(0, scores[i.Code] - (failing ? rng.Next(1, 4) : 1));
            }
            var findings = scores.Where(s => s.Value < self[s.Key])
                .ToDictionary(s => s.Key, s => (string?)$"现场复核：{s.Key} 台账记录不完整，扣 {self[s.Key] - s.Value} 分");
            return (scores, findings);
        }
    }

    /// <summary>
    /// Writes entities as the EF model maps them (table, columns, value conversions), without the change tracker:
    /// PostgreSQL by binary COPY, SQLite by one prepared INSERT per row inside one transaction.
    /// </summary>
    private sealed class BulkWriter : IAsyncDisposable
    {
        private readonly IModel _model;
        private readonly DbConnection _connection;
        private readonly DbTransaction? _transaction;
        private readonly bool _postgres;

        private BulkWriter(IModel model, DbConnection connection, DbTransaction? transaction, bool postgres)
        {
            _model = model;
            _connection = connection;
            _transaction = transaction;
            _postgres = postgres;
        }

        public static async Task<BulkWriter> OpenAsync(IModel model, bool postgres, string connectionString)
        {
            DbConnection connection = postgres ? new NpgsqlConnection(connectionString) : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
            await connection.OpenAsync();
            return new BulkWriter(model, connection, postgres ? null : await connection.BeginTransactionAsync(), postgres);
        }

        private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping);

        private (string Table, List<Column> Columns) Map(Type type)
        {
            var entity = _model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = entity.GetProperties().Select(p => new Column(p, p.GetColumnName(store)!, p.GetRelationalTypeMapping())).ToList();
            return (table, columns);
        }

        private static object? Provider(Column column, object entity)
        {
            var value = column.Property.GetGetter().GetClrValue(entity);
            return value is null ? null : column.Mapping.Converter?.ConvertToProvider(value) ?? value;
        }

        public async Task WriteAsync<T>(IReadOnlyList<T> rows, Tally tally) where T : class
        {
            if (rows.Count == 0) return;
            var (table, columns) = Map(typeof(T));
            var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
            if (_postgres)
            {
                var connection = (NpgsqlConnection)_connection;
                await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)");
                foreach (var row in rows)
                {
                    await importer.StartRowAsync();
                    foreach (var column in columns)
                    {
                        var value = Provider(column, row);
                        if (value is null) await importer.WriteNullAsync();
                        else await importer.WriteAsync(value, TypeOf(value));
                    }
                }
                await importer.CompleteAsync();
            }
            else
            {
                await using var command = _connection.CreateCommand();
                command.Transaction = _transaction;
                command.CommandText = $"INSERT INTO \"{table}\" ({list}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
                var parameters = columns.Select((c, i) => c.Mapping.CreateParameter(command, "$p" + i, null, nullable: true)).ToArray();
                command.Parameters.AddRange(parameters);
                await command.PrepareAsync();
                foreach (var row in rows)
                {
                    for (var i = 0; i < columns.Count; i++)
                        parameters[i].Value = Provider(columns[i], row) ?? DBNull.Value;
                    await command.ExecuteNonQueryAsync();
                }
            }
            tally.Add(table, rows.Count);
        }

        private static NpgsqlDbType TypeOf(object value) => value switch
        {
            string => NpgsqlDbType.Text,
            Guid => NpgsqlDbType.Uuid,
            DateTime => NpgsqlDbType.TimestampTz,
            DateOnly => NpgsqlDbType.Date,
            int => NpgsqlDbType.Integer,
            long => NpgsqlDbType.Bigint,
            short => NpgsqlDbType.Smallint,
            bool => NpgsqlDbType.Boolean,
            decimal => NpgsqlDbType.Numeric,
            _ => throw new NotSupportedException($"no COPY type for {value.GetType().Name}"),
        };

        /// <summary>The public list's version moves (its caches refresh); the planner learns the new sizes.</summary>
        public async Task FinishAsync()
        {
            await using (var command = _connection.CreateCommand())
            {
                command.Transaction = _transaction;
                command.CommandText = "UPDATE \"PublicListStamps\" SET \"Version\" = \"Version\" + 1";
                await command.ExecuteNonQueryAsync();
            }
            if (_transaction is not null) await _transaction.CommitAsync();
            await using (var command = _connection.CreateCommand())
            {
                command.CommandText = "ANALYZE";
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_transaction is not null) await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
