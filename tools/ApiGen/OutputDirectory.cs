namespace Cluster.ApiGen;

/// <summary>
/// Collects generated files and writes them on <see cref="Commit"/>: a file whose content is unchanged is left
/// alone (its timestamp too), and any other *.g.cs file under the directory is deleted as stale.
/// </summary>
internal sealed class OutputDirectory(string root)
{
    private readonly Dictionary<string, string> files = new(StringComparer.Ordinal);

    public void Add(string relativePath, string content)
    {
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!files.TryAdd(full, content))
        {
            throw new InvalidOperationException($"{relativePath} is generated twice");
        }
    }

    public (int Written, int Deleted) Commit()
    {
        Directory.CreateDirectory(root);
        var written = 0;
        foreach (var (path, content) in files)
        {
            if (File.Exists(path) && File.ReadAllText(path) == content)
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            written++;
        }
        var deleted = 0;
        foreach (var existing in Directory.EnumerateFiles(root, "*.g.cs", SearchOption.AllDirectories))
        {
            if (!files.ContainsKey(Path.GetFullPath(existing)))
            {
                File.Delete(existing);
                deleted++;
            }
        }
        return (written, deleted);
    }
}
