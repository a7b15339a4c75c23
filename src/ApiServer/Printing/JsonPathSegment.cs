using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// One step of a parsed <see cref="SimpleJsonPath"/>: it maps each input node to the nodes it selects. The nested
/// records are the supported steps (field, index, wildcard, filter); all are immutable.
/// </summary>
internal abstract record JsonPathSegment
{
    public abstract void Select(JsonNode? node, List<JsonNode?> into);

    public static List<JsonNode?> Apply(IReadOnlyList<JsonPathSegment> segments, List<JsonNode?> current)
    {
        foreach (var segment in segments)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                segment.Select(node, next);
            }
            current = next;
        }
        return current;
    }

    public sealed record Field(string Name) : JsonPathSegment
    {
        public override void Select(JsonNode? node, List<JsonNode?> into)
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out var value))
            {
                into.Add(value);
            }
        }
    }

    public sealed record Index(int Position) : JsonPathSegment
    {
        public override void Select(JsonNode? node, List<JsonNode?> into)
        {
            if (node is JsonArray array)
            {
                var i = Position < 0 ? array.Count + Position : Position;
                if (i >= 0 && i < array.Count)
                {
                    into.Add(array[i]);
                }
            }
        }
    }

    public sealed record Wildcard : JsonPathSegment
    {
        public override void Select(JsonNode? node, List<JsonNode?> into)
        {
            switch (node)
            {
                case JsonArray array:
                    into.AddRange(array);
                    break;
                case JsonObject obj:
                    // Go's jsonpath walks map keys in sorted order.
                    into.AddRange(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));
                    break;
            }
        }
    }

    public sealed record Filter(IReadOnlyList<JsonPathSegment> Left, string? Operator, JsonNode? Literal) : JsonPathSegment
    {
        public override void Select(JsonNode? node, List<JsonNode?> into)
        {
            IEnumerable<JsonNode?> candidates = node switch
            {
                JsonArray array => array,
                JsonObject obj => obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value),
                _ => [],
            };
            into.AddRange(candidates.Where(Matches));
        }

        private bool Matches(JsonNode? candidate)
        {
            var found = Apply(Left, [candidate]);
            if (Operator is null)
            {
                return found.Count > 0;
            }
            return found.Any(value => Compare(value) is { } c && Operator switch
            {
                "==" => c == 0,
                "!=" => c != 0,
                "<" => c < 0,
                ">" => c > 0,
                "<=" => c <= 0,
                ">=" => c >= 0,
                _ => false,
            });
        }

        /// <summary>Sign of value minus literal, or null when they are not comparable.</summary>
        private int? Compare(JsonNode? value)
        {
            var kind = value?.GetValueKind() ?? JsonValueKind.Null;
            var literalKind = Literal?.GetValueKind() ?? JsonValueKind.Null;
            if (kind == JsonValueKind.Number && literalKind == JsonValueKind.Number)
            {
                return JsonRead.Double(value)!.Value.CompareTo(JsonRead.Double(Literal)!.Value);
            }
            if (kind == JsonValueKind.String && literalKind == JsonValueKind.String)
            {
                return string.CompareOrdinal(value!.GetValue<string>(), Literal!.GetValue<string>());
            }
            if (kind is JsonValueKind.True or JsonValueKind.False && literalKind is JsonValueKind.True or JsonValueKind.False)
            {
                return kind == literalKind ? 0 : 1;
            }
            return Operator == "!=" ? 1 : null;
        }
    }
}
