using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// The JSONPath subset CRD printer columns use, evaluated against an object root: an optional "$" or "{...}"
/// wrapper, fields (".spec.replicas", "['a.b/c']", with "\." escaping a dot inside a name), indexes ("[0]",
/// "[-1]"), wildcards ("[*]", ".*") and filters comparing a relative path with a literal
/// ("[?(@.type=="Ready")]", operators == != &lt; &gt; &lt;= &gt;=, or a bare "@.field" existence test).
/// Immutable once parsed; <see cref="Parse"/> throws <see cref="FormatException"/> on anything else.
/// </summary>
public sealed class SimpleJsonPath
{
    private readonly List<JsonPathSegment> _segments;

    private SimpleJsonPath(List<JsonPathSegment> segments) => _segments = segments;

    public static SimpleJsonPath Parse(string expression)
    {
        var text = expression.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }
        if (text.StartsWith('$'))
        {
            text = text[1..];
        }
        var reader = new JsonPathReader(text, expression);
        var segments = reader.ReadSegments(stopAtOperator: false);
        if (!reader.AtEnd)
        {
            throw reader.Error("unexpected character");
        }
        return new SimpleJsonPath(segments);
    }

    /// <summary>All matches in document order (a JSON null that is present counts as a match).</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root) => JsonPathSegment.Apply(_segments, [root]);

    /// <summary>The first match, if any.</summary>
    public bool TryFirst(JsonNode? root, out JsonNode? value)
    {
        var all = Evaluate(root);
        value = all.Count > 0 ? all[0] : null;
        return all.Count > 0;
    }
}
