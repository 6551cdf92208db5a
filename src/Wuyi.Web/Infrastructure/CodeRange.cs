using System.Linq.Expressions;

namespace Wuyi.Web.Infrastructure;

/// <summary>
/// Rows under a division node, as a range on the code (<c>code &gt;= '110108' AND code &lt; '110109'</c>), which a
/// b-tree index serves on both databases. <c>StartsWith</c> becomes <c>LIKE '110108%'</c>, which PostgreSQL serves from
/// an index only under the C collation (not C.UTF-8 nor a language's): at the national size it read every row.
/// A prefix that is not all digits (a search term someone typed) stays a prefix match.
/// </summary>
public static class CodeRange
{
    public static IQueryable<T> Under<T>(this IQueryable<T> rows, Expression<Func<T, string>> code, string prefix)
    {
        if (prefix.Length == 0) return rows;
        if (!prefix.All(char.IsAsciiDigit)) // a typed search term: a range is only sound for digits under every collation
        {
            var typed = new Bounds(prefix, null);
            var startsWith = Expression.Call(code.Body, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!,
                Expression.Field(Expression.Constant(typed), nameof(Bounds.Low)));
            return rows.Where(Expression.Lambda<Func<T, bool>>(startsWith, code.Parameters));
        }
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
        var zero = Expression.Constant(0);
        // Closure fields, so that the bounds are parameters of the query (one plan for every unit), not literals.
        var bounds = new Bounds(prefix, Next(prefix));
        Expression Bound(string name) => Expression.Field(Expression.Constant(bounds), name);
        Expression body = Expression.GreaterThanOrEqual(Expression.Call(compare, code.Body, Bound(nameof(Bounds.Low))), zero);
        if (bounds.High is not null)
            body = Expression.AndAlso(body, Expression.LessThan(Expression.Call(compare, code.Body, Bound(nameof(Bounds.High))), zero));
        return rows.Where(Expression.Lambda<Func<T, bool>>(body, code.Parameters));
    }

    /// <summary>The first code after every code under <paramref name="prefix"/> (digits: 110108 → 110109, 1199 → 12); null for 99….</summary>
    public static string? Next(string prefix)
    {
        var digits = prefix.ToCharArray();
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            if (digits[i] < '9')
            {
                digits[i]++;
                return new string(digits, 0, i + 1);
            }
        }
        return null;
    }

    private sealed class Bounds(string low, string? high)
    {
#pragma warning disable IDE1006, SA1401 // fields, not properties: EF turns a closure's field into a parameter
        public readonly string Low = low;
        public readonly string? High = high;
#pragma warning restore IDE1006, SA1401
    }
}
