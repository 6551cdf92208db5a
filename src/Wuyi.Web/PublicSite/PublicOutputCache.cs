using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Wuyi.Domain.Divisions;

namespace Wuyi.Web.PublicSite;

/// <summary>
/// Publication day brings the whole city to the certified list. Its output is cached per version of the list
/// (<see cref="PublicListVersion"/>), which every change to certifications moves: a cached list is never served stale.
/// Signed-in requests are never cached (the default policy).
/// The key holds only the query parameters the endpoint reads, each in the one form that means the same answer
/// (<c>page=01</c> is <c>page=1</c>, <c>q=%20翠微</c> is <c>q=翠微</c>): anonymous callers cannot fill the cache with
/// junk parameters or spellings. A value that cannot be read falls into one bucket of its parameter; the API refuses
/// it (a 400 is never stored) and a page reads it as the default, the same answer for every such value.
/// </summary>
public static class PublicOutputCache
{
    /// <summary>Endpoints that read no query parameter.</summary>
    public const string Policy = "public";

    /// <summary>The certified list page: <c>district</c>, <c>q</c>, <c>page</c>.</summary>
    public const string ListPage = "public-list-page";

    /// <summary>The certified list API: <c>district</c>, <c>q</c>, <c>page</c>, <c>pageSize</c>, <c>batch</c>.</summary>
    public const string ListApi = "public-list-api";

    /// <summary>Paged lists without filters (adjustments): <c>page</c>, <c>pageSize</c> (a page reads only <c>page</c> and ignores the other).</summary>
    public const string Paged = "public-paged";

    /// <summary>The statistics page and its downloads: <c>handler</c>, <c>name</c>, <c>format</c>.</summary>
    public const string Statistics = "public-statistics";

    /// <summary>The open dataset as it stands (开放数据): <c>format</c>.</summary>
    public const string Dataset = "public-dataset";

    private const string Unreadable = "!";

    private static readonly Dictionary<string, Func<string, string>> Reads = new(StringComparer.OrdinalIgnoreCase)
    {
        ["page"] = PageNumber, ["pageSize"] = Number, ["batch"] = Number, ["q"] = Search, ["district"] = DistrictOrStreet,
        ["handler"] = Word, ["name"] = Word, ["format"] = Word,
    };

    public static IServiceCollection AddPublicOutputCache(this IServiceCollection services) =>
        services.AddOutputCache(o =>
        {
            o.SizeLimit = 256L * 1024 * 1024;
            Add(o, Policy);
            Add(o, ListPage, "district", "q", "page");
            Add(o, ListApi, "district", "q", "page", "pageSize", "batch");
            Add(o, Paged, "page", "pageSize");
            Add(o, Statistics, "handler", "name", "format");
            Add(o, Dataset, "format");
        });

    private static void Add(OutputCacheOptions o, string name, params string[] keys) =>
        o.AddPolicy(name, b => b
            .Expire(TimeSpan.FromMinutes(10))
            .SetVaryByQuery([]) // not every parameter (the default): only those below
            .VaryByValue(http => new KeyValuePair<string, string>("query", Key(http.Request.Query, keys)))
            .VaryByValue(async (http, ct) =>
                new KeyValuePair<string, string>("v", (await http.RequestServices.GetRequiredService<PublicListVersion>().CurrentAsync(http, ct)).ToString(CultureInfo.InvariantCulture))));

    /// <summary>The parameters read, in a fixed order, each normalised; absent and empty are the same.</summary>
    public static string Key(IQueryCollection query, IReadOnlyList<string> keys) =>
        string.Join('&', keys.Select(k => query.TryGetValue(k, out var v) && v.FirstOrDefault() is { } first ? Reads[k](first) : "")
            .Select((value, i) => value.Length == 0 ? "" : keys[i] + "=" + Uri.EscapeDataString(value))
            .Where(p => p.Length > 0));

    /// <summary>The first value is the one read (model binding's rule); an integer in its plain form.</summary>
    private static string Number(string value) =>
        value.Trim().Length == 0 ? ""
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture)
        : Unreadable;

    /// <summary>Every list reads a page below 1 as the first, and no page as the first.</summary>
    private static string PageNumber(string value) => Number(value) is var n && int.TryParse(n, CultureInfo.InvariantCulture, out var p) && p <= 1 ? "" : n;

    private static string Search(string value) => value.Trim();

    /// <summary>A handler's, a table's or a format's name: a short word, in lower case.</summary>
    private static string Word(string value)
    {
        var word = value.Trim().ToLowerInvariant();
        return word.Length <= 20 && word.All(c => c is (>= 'a' and <= 'z') or '-') ? word : Unreadable;
    }

    private static string DistrictOrStreet(string value)
    {
        var code = value.Trim();
        return code.Length == 0 ? "" : DivisionCode.LevelOf(code) is DivisionLevel.District or DivisionLevel.Street ? code : Unreadable;
    }
}
