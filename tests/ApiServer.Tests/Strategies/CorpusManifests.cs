using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

/// <summary>Test helper: the objects of tests/Corpus/manifests, each with its file and document index.</summary>
public static class CorpusManifests
{
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Corpus", "manifests");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Corpus/manifests not found above " + AppContext.BaseDirectory);
    }

    private static readonly Lazy<List<(string Name, string Kind, JsonObject Object)>> Parsed = new(Load);

    /// <summary>Every object as (relative file#index, kind, a fresh copy of the object).</summary>
    public static IEnumerable<(string Name, string Kind, JsonObject Object)> Objects() =>
        Parsed.Value.Select(o => (o.Name, o.Kind, (JsonObject)o.Object.DeepClone()));

    private static List<(string Name, string Kind, JsonObject Object)> Load()
    {
        var result = new List<(string, string, JsonObject)>();
        var root = Directory();
        foreach (var file in System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var docs = Yaml.Documents(File.ReadAllText(file));
            for (var i = 0; i < docs.Count; i++)
            {
                var kind = docs[i]["kind"]?.GetValue<string>() ?? string.Empty;
                result.Add(($"{Path.GetRelativePath(root, file)}#{i}", kind, docs[i]));
            }
        }

        return result;
    }
}
