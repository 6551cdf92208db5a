using System.Globalization;

namespace Wuyi.Bench;

// dotnet run -c Release --project bench/Wuyi.Bench -- public-list [--seconds 10] [--workers 32] [--certified 1400] [--postgres]
// dotnet run -c Release --project bench/Wuyi.Bench -- hotline-import [--rows 1000000] [--bad-per-mille 10] [--rounds 2] [--postgres]
// dotnet run -c Release --project bench/Wuyi.Bench -- account-import [--accounts 7535] [--sample 40] [--postgres]
// dotnet run -c Release --project bench/Wuyi.Bench -- export [--applications 100000] [--rounds 2] [--postgres]
// dotnet run -c Release --project bench/Wuyi.Bench -- dashboard [--certified 2000] [--workers 4] [--seconds 10] [--postgres]
// dotnet run -c Release --project bench/Wuyi.Bench -- national [--province 11] [--applications 300000] [--certified 100000] [--complaints 2000000]
//     [--workers 4] [--seconds 10] [--postgres] [--keep] [--reuse "<connection string or SQLite file>"]
//   the whole country's division tree (or one province) with a generated programme history, then its dashboards and a ~100,000-row
//   export; --province scales the default counts to the province; --keep keeps the database and prints the --reuse argument,
//   --reuse measures a kept database again without generating (PostgreSQL when it is a Host=… connection string).
// dotnet run -c Release --project bench/Wuyi.Bench -- submission-burst [--workers 32] [--seconds 10] [--communities 7535] [--in-order] [--postgres]
// dotnet run -c Release --project bench/Wuyi.Bench -- two-nodes [--seconds 10] [--workers 32] [--certified 1400] [--publications 5] [--per-publication 3]
//   two app nodes (separate processes) on the PostgreSQL in WUYI_TEST_POSTGRES behind HAProxy; scripts/bench-two-nodes.sh installs and starts what it needs.
// dotnet run -c Release --project bench/Wuyi.Bench -- documents [--certified 1400] [--workers 8] [--seconds 10] [--postgres]
//   certificate and plaque PDFs against /livez, and a batch notice of --certified communities drawn cold.
// dotnet run -c Release --project bench/Wuyi.Bench -- risk-list [--certified 3000] [--rostered 2000] [--reports 2000] [--workers 4] [--seconds 10] [--postgres]
//   the city's and a district's risk-ranked lists (督导检查风险排序) and the city's .xlsx against /livez, with rosters and residents' reports in the window.
// --postgres uses the server in WUYI_TEST_POSTGRES (scripts/postgres.sh start prints it).
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.FirstOrDefault() ?? "public-list";
        int Option(string name, int fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

        string? Text(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int? Given(string name) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

        string? Postgres() => args.Contains("--postgres")
            ? Environment.GetEnvironmentVariable("WUYI_TEST_POSTGRES") ?? throw new InvalidOperationException("--postgres needs WUYI_TEST_POSTGRES")
            : null;

        switch (command)
        {
            case "public-list":
                await PublicListBench.RunAsync(Option("--certified", 1400), Option("--workers", 32), Option("--seconds", 10), Postgres());
                return 0;
            case "hotline-import":
                await HotlineImportBench.RunAsync(Option("--rows", 1_000_000), Option("--bad-per-mille", 10) / 1000.0, Option("--rounds", 2), Postgres());
                return 0;
            case "account-import":
                await AccountImportBench.RunAsync(Option("--accounts", 7535), Option("--sample", 40), Postgres());
                return 0;
            case "export":
                await ExportBench.RunAsync(Option("--applications", 100_000), Option("--rounds", 2), Postgres());
                return 0;
            case "dashboard":
                await DashboardBench.RunAsync(Option("--certified", 2000), Option("--workers", 4), Option("--seconds", 10), Postgres());
                return 0;
            case "national":
                await NationalBench.RunAsync(new NationalBench.Options(Text("--province"), Given("--applications"), Given("--certified"), Given("--complaints"),
                    Option("--workers", 4), Option("--seconds", 10), Text("--reuse") is null ? Postgres() : null, args.Contains("--keep"), Text("--reuse")));
                return 0;
            case "submission-burst":
                await SubmissionBurstBench.RunAsync(Option("--workers", 32), Option("--seconds", 10), Option("--communities", 7535), args.Contains("--in-order"), Postgres());
                return 0;
            case "two-nodes":
                await TwoNodesBench.RunAsync(new TwoNodesBench.Options(Option("--certified", 1400), Option("--publications", 5), Option("--per-publication", 3),
                    Option("--workers", 32), Option("--seconds", 10),
                    Environment.GetEnvironmentVariable("WUYI_TEST_POSTGRES") ?? throw new InvalidOperationException("two-nodes needs WUYI_TEST_POSTGRES (scripts/bench-two-nodes.sh starts one)")));
                return 0;
            case "documents":
                await DocumentsBench.RunAsync(Option("--certified", 1400), Option("--workers", 8), Option("--seconds", 10), Postgres());
                return 0;
            case "risk-list":
                await RiskListBench.RunAsync(Option("--certified", 3000), Option("--rostered", 2000), Option("--reports", 2000), Option("--workers", 4),
                    Option("--seconds", 10), Postgres());
                return 0;
            default:
                Console.Error.WriteLine($"unknown benchmark: {command} (public-list, hotline-import, account-import, export, dashboard, national, submission-burst, two-nodes, documents, risk-list)");
                return 2;
        }
    }
}
