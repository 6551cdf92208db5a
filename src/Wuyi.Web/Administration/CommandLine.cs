namespace Wuyi.Web.Administration;

/// <summary>
/// The process's arguments, split as ASP.NET Core reads configuration: <c>--key=value</c> and <c>--key value</c> are
/// settings (<c>--urls http://127.0.0.1:5000</c>, <c>--Wuyi:Province 12</c>); a command's words (<c>backup DIR</c>,
/// <c>schema-script postgres</c>), its own options (<c>--province 12</c>, <c>--source DIR</c>) and the flags
/// <c>--demo</c>, <c>--force</c>, <c>--all</c> are not.
/// </summary>
public sealed record CommandLine(string[] Settings, string[] Words, bool Demo)
{
    /// <summary>Flags of the app and its commands: they take no value.</summary>
    private static readonly string[] Flags = ["--demo", "--force", "--all"];

    /// <summary>Options of a command (import-divisions), whose value is the next word.</summary>
    private static readonly string[] CommandOptions = ["--province", "--source"];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        List<string> settings = [], words = [];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var hasNext = i + 1 < args.Count;
            if (Flags.Contains(arg, StringComparer.Ordinal) || !arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
                words.Add(arg);
            else if (CommandOptions.Contains(arg, StringComparer.Ordinal))
                words.AddRange(hasNext ? [arg, args[++i]] : [arg]);
            else if (arg.Contains('='))
                settings.Add(arg);
            else if (hasNext)
                settings.Add($"{arg}={args[++i]}"); // the next word is the value, whatever it looks like (as in ASP.NET Core)
            else
                words.Add(arg); // a key without a value: refused as an unknown argument
        }
        var demo = words.RemoveAll(w => w == "--demo") > 0;
        return new CommandLine([.. settings], [.. words], demo);
    }
}
