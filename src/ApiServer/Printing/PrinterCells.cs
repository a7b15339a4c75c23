using System.Globalization;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Cell formatting shared by the built-in printers, matching the upstream printers' conventions: ages via
/// <see cref="HumanDuration"/> ("&lt;unknown&gt;" without a timestamp), comma-joined container names/images,
/// sorted "k=v" label maps ("&lt;none&gt;" when empty) and label selectors in the labels-package string form.
/// </summary>
internal static class PrinterCells
{
    public static JsonArray Row(params ReadOnlySpan<object?> values)
    {
        var row = new JsonArray();
        foreach (var value in values)
        {
            row.Add(value switch
            {
                null => null,
                string s => JsonValue.Create(s),
                long l => JsonValue.Create(l),
                int i => JsonValue.Create((long)i),
                bool b => JsonValue.Create(b),
                double d => JsonValue.Create(d),
                JsonNode n => n,
                _ => throw new ArgumentException($"unsupported cell type {value.GetType()}", nameof(values)),
            });
        }
        return row;
    }

    public static string Name(JsonObject obj) => JsonRead.Text(obj, "metadata", "name");

    public static string Age(JsonObject obj, DateTimeOffset now) =>
        Since(JsonRead.Time(obj, "metadata", "creationTimestamp"), now);

    public static string Since(DateTimeOffset? timestamp, DateTimeOffset now) =>
        timestamp is { } t ? HumanDuration.Format(now - t) : "<unknown>";

    public static bool IsDeleting(JsonObject obj) => JsonRead.At(obj, "metadata", "deletionTimestamp") is JsonValue;

    /// <summary>RFC 3339 in UTC with second precision, the wire form of a metav1.Time.</summary>
    public static string Rfc3339(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Container names and images of a pod spec, each comma-joined in spec order.</summary>
    public static (string Names, string Images) Containers(JsonNode? podSpec)
    {
        var containers = JsonRead.Objects(podSpec, "containers").ToList();
        return (string.Join(",", containers.Select(c => JsonRead.Text(c, "name"))),
            string.Join(",", containers.Select(c => JsonRead.Text(c, "image"))));
    }

    /// <summary>A label map as sorted "k=v" pairs joined by commas; "&lt;none&gt;" when empty.</summary>
    public static string FormatLabels(JsonNode? labels)
    {
        if (labels is not JsonObject map || map.Count == 0)
        {
            return "<none>";
        }
        return string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + (JsonRead.Scalar(p.Value) ?? "")));
    }

    /// <summary>metav1.FormatLabelSelector: "&lt;none&gt;" for an empty or absent selector, "&lt;error&gt;" if invalid.</summary>
    public static string FormatLabelSelector(JsonNode? selector) => SelectorString(selector) switch
    {
        null => "<error>",
        "" => "<none>",
        var s => s,
    };

    /// <summary>
    /// The selector in labels.Selector string form ("app=web,tier in (a,b),!canary"), requirements sorted by key;
    /// "" for an absent or empty selector; null when it is invalid (unknown operator, wrong value count).
    /// </summary>
    public static string? SelectorString(JsonNode? selector)
    {
        if (selector is not JsonObject)
        {
            return "";
        }
        var requirements = new List<(string Key, string Text)>();
        if (JsonRead.Obj(selector, "matchLabels") is { } matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                requirements.Add((key, key + "=" + (JsonRead.Scalar(value) ?? "")));
            }
        }
        foreach (var expression in JsonRead.Objects(selector, "matchExpressions"))
        {
            var key = JsonRead.Text(expression, "key");
            var values = JsonRead.Strings(expression, "values").ToList();
            var op = JsonRead.Text(expression, "operator");
            string? text = op switch
            {
                "In" when values.Count > 0 => key + " in (" + JoinSorted(values) + ")",
                "NotIn" when values.Count > 0 => key + " notin (" + JoinSorted(values) + ")",
                "Exists" when values.Count == 0 => key,
                "DoesNotExist" when values.Count == 0 => "!" + key,
                _ => null,
            };
            if (text is null)
            {
                return null;
            }
            requirements.Add((key, text));
        }
        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    private static string JoinSorted(List<string> values) =>
        string.Join(",", values.Order(StringComparer.Ordinal));
}
