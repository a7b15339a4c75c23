using System.Text.Json.Nodes;
using Cluster.Api.Validation;

namespace Cluster.Api.Selectors;

/// <summary>
/// A Kubernetes label selector: an AND of <see cref="LabelRequirement"/>s. Built from the string syntax
/// (<see cref="Parse"/>, e.g. <c>app=web,env in (dev,prod),!canary</c>) or the metav1.LabelSelector JSON
/// (<see cref="FromJson"/>). The empty selector matches everything; <see cref="Nothing"/> (what a null JSON
/// selector means) matches nothing. Requirements are kept sorted by key (stable), and <see cref="ToString"/>
/// prints the canonical string form, so parse, print, parse gives the same selector. Immutable and thread-safe.
/// </summary>
public sealed class LabelSelector
{
    private readonly LabelRequirement[] _requirements;

    private LabelSelector(LabelRequirement[] requirements, bool isNothing)
    {
        _requirements = requirements;
        Requirements = Array.AsReadOnly(requirements);
        IsNothing = isNothing;
    }

    /// <summary>The selector with no requirements: matches every label set.</summary>
    public static LabelSelector Everything { get; } = new([], isNothing: false);

    /// <summary>The selector that matches no label set (a null metav1.LabelSelector).</summary>
    public static LabelSelector Nothing { get; } = new([], isNothing: true);

    /// <summary>The requirements, sorted by key; empty for <see cref="Everything"/> and <see cref="Nothing"/>.</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    /// <summary>True when the selector does not restrict anything (no requirements and not <see cref="Nothing"/>).</summary>
    public bool IsEverything => !IsNothing && _requirements.Length == 0;

    /// <summary>True for <see cref="Nothing"/>.</summary>
    public bool IsNothing { get; }

    /// <summary>Parses the string syntax; an empty or all-whitespace string is <see cref="Everything"/>.</summary>
    /// <exception cref="SelectorParseException">The text is malformed or has an invalid key or value.</exception>
    public static LabelSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromRequirements(LabelSelectorParser.Parse(text));
    }

    /// <summary>Like <see cref="Parse"/>, returning false and the error message instead of throwing.</summary>
    public static bool TryParse(string text, out LabelSelector selector, out string? error)
    {
        try
        {
            selector = Parse(text);
            error = null;
            return true;
        }
        catch (SelectorParseException e)
        {
            selector = Nothing;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Converts a metav1.LabelSelector (<c>matchLabels</c>, <c>matchExpressions</c> with In, NotIn, Exists,
    /// DoesNotExist) like upstream's LabelSelectorAsSelector: null is <see cref="Nothing"/>, an empty selector
    /// is <see cref="Everything"/>.
    /// </summary>
    /// <exception cref="SelectorParseException">An operator is unknown, or a key or value is invalid.</exception>
    public static LabelSelector FromJson(JsonObject? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var requirements = new List<LabelRequirement>();
        switch (selector["matchLabels"])
        {
            case null:
                break;
            case JsonObject matchLabels:
                foreach (var (key, value) in matchLabels)
                {
                    requirements.Add(LabelRequirement.Create(key, LabelOperator.Equal, [JsonString(value, "matchLabels." + key)]));
                }

                break;
            default:
                throw new SelectorParseException("matchLabels must be an object");
        }

        switch (selector["matchExpressions"])
        {
            case null:
                break;
            case JsonArray expressions:
                foreach (var expression in expressions)
                {
                    requirements.Add(FromJsonExpression(expression));
                }

                break;
            default:
                throw new SelectorParseException("matchExpressions must be an array");
        }

        return requirements.Count == 0 ? Everything : FromRequirements(requirements);
    }

    /// <summary>The selector requiring every label of <paramref name="labels"/> to be equal; no validation.</summary>
    public static LabelSelector FromSet(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return FromRequirements(labels.Select(kv =>
            LabelRequirement.CreateUnchecked(kv.Key, LabelOperator.Equal, [kv.Value])).ToList());
    }

    /// <summary>A selector with the given requirements, sorted by key.</summary>
    public static LabelSelector FromRequirements(IEnumerable<LabelRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var sorted = requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        return sorted.Length == 0 ? Everything : new LabelSelector(sorted, isNothing: false);
    }

    /// <summary>Whether every requirement holds for <paramref name="labels"/> (null means no labels).</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (IsNothing)
        {
            return false;
        }

        foreach (var r in _requirements)
        {
            if (!r.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether every requirement holds for a metadata.labels JSON object (null means no labels). A null entry
    /// counts as the empty value; a non-string entry as its JSON text.
    /// </summary>
    public bool Matches(JsonObject? labelsObject)
    {
        if (IsNothing)
        {
            return false;
        }

        foreach (var r in _requirements)
        {
            var present = false;
            var value = string.Empty;
            if (labelsObject is not null && labelsObject.TryGetPropertyValue(r.Key, out var node))
            {
                present = true;
                value = node switch
                {
                    null => string.Empty,
                    JsonValue v when v.TryGetValue<string>(out var s) => s,
                    _ => node.ToJsonString(),
                };
            }

            if (!r.Matches(present, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// When the selector pins <paramref name="key"/> to a single value (the first requirement on that key is
    /// <c>=</c>, <c>==</c> or <c>in</c> with one value), returns true and that value.
    /// </summary>
    public bool TryGetExact(string key, out string value)
    {
        foreach (var r in _requirements)
        {
            if (!string.Equals(r.Key, key, StringComparison.Ordinal))
            {
                continue;
            }

            if (r.Operator is LabelOperator.Equal or LabelOperator.DoubleEqual or LabelOperator.In && r.Values.Count == 1)
            {
                value = r.Values[0];
                return true;
            }

            break;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The canonical string form: requirements joined by ',' (empty for Everything and Nothing).</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    private static LabelRequirement FromJsonExpression(JsonNode? expression)
    {
        if (expression is not JsonObject expr)
        {
            throw new SelectorParseException("matchExpressions entries must be objects");
        }

        var key = JsonString(expr["key"], "key");
        var opText = JsonString(expr["operator"], "operator");
        var values = new List<string>();
        switch (expr["values"])
        {
            case null:
                break;
            case JsonArray array:
                foreach (var v in array)
                {
                    values.Add(JsonString(v, "values"));
                }

                break;
            default:
                throw new SelectorParseException("values must be an array of strings");
        }

        var op = opText switch
        {
            "In" => LabelOperator.In,
            "NotIn" => LabelOperator.NotIn,
            "Exists" => LabelOperator.Exists,
            "DoesNotExist" => LabelOperator.DoesNotExist,
            _ => throw new SelectorParseException(GoFormat.Quote(opText) + " is not a valid label selector operator"),
        };
        return LabelRequirement.Create(key, op, values, emptyIsNil: true);
    }

    private static string JsonString(JsonNode? node, string what) => node switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new SelectorParseException(what + " must be a string"),
    };
}
