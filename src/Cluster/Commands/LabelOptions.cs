namespace Cluster.Cli.Commands;

/// <summary>Repeatable <c>key=value</c> label options (<c>--label</c>, <c>--node-label</c>).</summary>
internal static class LabelOptions
{
    /// <exception cref="ArgumentException">An entry without '='.</exception>
    public static Dictionary<string, string> Parse(string option, string[] labels) => labels
        .Select(l => l.Split('=', 2))
        .ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : throw new ArgumentException($"{option} {p[0]}: expected key=value"), StringComparer.Ordinal);
}
