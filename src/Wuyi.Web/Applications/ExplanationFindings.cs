namespace Wuyi.Web.Applications;

/// <summary>
/// How a page hands <c>_Explanation</c> the district's findings by indicator (评定意见), shown beside the explanation of
/// its scores: <c>ViewData[Key]</c> holds an <see cref="IReadOnlyDictionary{TKey,TValue}"/> of indicator code → finding.
/// </summary>
public static class ExplanationFindings
{
    public const string Key = "IndicatorFindings";
}
