using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Strategies.Shared;

/// <summary>
/// Bad values printed the way upstream's field errors print Go values with %#v, e.g.
/// <c>map[string]string{"app":"web"}</c> or <c>intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}</c>,
/// so messages such as "`selector` does not match template `labels`" read exactly like a real API server's.
/// </summary>
internal sealed class GoValue
{
    private readonly string _text;

    private GoValue(string text) => _text = text;

    public override string ToString() => _text;

    /// <summary>A map[string]string (null prints as a nil map); keys sorted as Go's fmt does.</summary>
    public static GoValue StringMap(JsonObject? map) => new(MapText(map));

    /// <summary>A metav1.LabelSelector value (the pointer dereferenced, as field errors do).</summary>
    public static GoValue LabelSelector(JsonObject? selector)
    {
        var sb = new StringBuilder("v1.LabelSelector{MatchLabels:");
        sb.Append(MapText(Node.Obj(selector, "matchLabels")));
        sb.Append(", MatchExpressions:");
        var exprs = Node.Arr(selector, "matchExpressions");
        if (exprs is null)
        {
            sb.Append("[]v1.LabelSelectorRequirement(nil)");
        }
        else
        {
            sb.Append("[]v1.LabelSelectorRequirement{");
            sb.AppendJoin(", ", exprs.Select(e => e as JsonObject).Select(e =>
                "v1.LabelSelectorRequirement{Key:" + Quote(Node.S(e, "key")) + ", Operator:" + Quote(Node.S(e, "operator"))
                + ", Values:" + StringSlice(Node.Arr(e, "values")) + "}"));
            sb.Append('}');
        }

        return new(sb.Append('}').ToString());
    }

    /// <summary>An intstr.IntOrString value.</summary>
    public static GoValue IntOrString(JsonNode? value)
    {
        var s = Node.AsString(value);
        return s is not null
            ? new("intstr.IntOrString{Type:1, IntVal:0, StrVal:" + Quote(s) + "}")
            : new(string.Create(CultureInfo.InvariantCulture, $"intstr.IntOrString{{Type:0, IntVal:{Node.AsLong(value) ?? 0}, StrVal:\"\"}}"));
    }

    /// <summary>A []string value (null prints as a nil slice).</summary>
    public static GoValue Strings(JsonArray? values) => new(StringSlice(values));

    /// <summary>A value whose Go form the caller has already written.</summary>
    public static GoValue Literal(string text) => new(text);

    /// <summary>Any other value, printed as its JSON text (there is no Go form to copy).</summary>
    public static GoValue Json(JsonNode? value) => new(value?.ToJsonString() ?? "null");

    /// <summary>Quotes like Go's strconv.Quote for printable text (escapes quotes, backslashes and controls).</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ' || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static string MapText(JsonObject? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }

        var entries = Node.StringMap(map).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Quote(kv.Key) + ":" + Quote(kv.Value));
        return "map[string]string{" + string.Join(", ", entries) + "}";
    }

    private static string StringSlice(JsonArray? values) =>
        values is null ? "[]string(nil)" : "[]string{" + string.Join(", ", Node.Strings(values).Select(Quote)) + "}";
}
