using System.Globalization;

namespace Wuyi.Domain.Common;

/// <summary>
/// What a decision will do, in the words shown before it is confirmed (<see cref="Before"/>), and what it did, in the
/// words shown once it is taken (<see cref="After"/>). Both come from the rules that take the step, never from a page.
/// </summary>
public sealed record StepConsequences(string Before, string After);

/// <summary>
/// A step's consequences computed without changing anything: the same outcome the step applies (which title goes,
/// whether the public list changes, the rectification deadline, what is queued), said about one community.
/// </summary>
public interface IConsequences
{
    string CommunityCode { get; }

    /// <summary>The consequences in Chinese, naming the community as <paramref name="community"/>.</summary>
    StepConsequences Describe(string community);
}

/// <summary>How the consequences write what they say.</summary>
public static class Said
{
    /// <summary>A date as formal documents write it: 2022年6月18日.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}
