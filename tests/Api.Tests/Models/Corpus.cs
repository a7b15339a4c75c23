using System.Text.Json.Nodes;

namespace Cluster.Api.Tests.Models;

/// <summary>
/// Reads the example manifests under tests/Corpus/manifests: YAML files (possibly multi-document) through
/// <see cref="YamlToJson"/>, JSON files as JSON. Every call reads the files afresh, so callers may mutate the nodes.
/// </summary>
public static class Corpus
{
    public static string ManifestsDirectory { get; } = Find();

    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(ManifestsDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(ManifestsDirectory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static IReadOnlyList<CorpusObject> Read(string file)
    {
        var text = File.ReadAllText(Path.Combine(ManifestsDirectory, file));
        IReadOnlyList<JsonNode?> documents = file.EndsWith(".json", StringComparison.Ordinal) ? [JsonNode.Parse(text)] : YamlToJson.ConvertAll(text);
        return documents
            .Select((node, index) => new CorpusObject(file, index, node as JsonObject ?? throw new InvalidDataException($"{file}#{index} is not an object")))
            .ToList();
    }

    public static IEnumerable<CorpusObject> All() => Files().SelectMany(Read);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Corpus", "manifests");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("tests/Corpus/manifests not found above " + AppContext.BaseDirectory);
    }
}
