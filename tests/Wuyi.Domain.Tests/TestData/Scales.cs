using System.Text.Json;
using System.Text.Json.Nodes;
using Wuyi.Domain.Scales;

namespace Wuyi.Domain.Tests;

/// <summary>The real Beijing scale file (copied to the test output) and variants of it built per test.</summary>
public static class Scales
{
    public static string BeijingPath => Path.Combine(AppContext.BaseDirectory, "Scales", "beijing-2022-06.json");

    /// <summary>The file's text, comments and all.</summary>
    public static string BeijingJson() => File.ReadAllText(BeijingPath);

    /// <summary>A fresh parse of the real file.</summary>
    public static ScaleVersion Beijing() => ScaleVersion.Parse(BeijingJson());

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The real file as a mutable JSON tree (a new one each call).</summary>
    public static JsonObject BeijingNode() =>
        JsonNode.Parse(BeijingJson(), documentOptions: DocumentOptions)!.AsObject();

    /// <summary>The real file with <paramref name="mutate"/> applied, serialized back to text.</summary>
    public static string VariantJson(Action<JsonObject> mutate)
    {
        var root = BeijingNode();
        mutate(root);
        return root.ToJsonString();
    }

    public static ScaleVersion Variant(Action<JsonObject> mutate) => ScaleVersion.Parse(VariantJson(mutate));

    /// <summary>The indicator object with this code, wherever it sits.</summary>
    public static JsonObject Indicator(this JsonObject root, string code) =>
        root["parts"]!.AsArray()
            .SelectMany(p => p!["indicators"]!.AsArray())
            .Single(i => (string?)i!["code"] == code)!
            .AsObject();

    public static JsonObject Part(this JsonObject root, string code) =>
        root["parts"]!.AsArray().Single(p => (string?)p!["code"] == code)!.AsObject();

    public static JsonObject Hotline(this JsonObject root) => root["hotlineDeductions"]!.AsObject();
}
