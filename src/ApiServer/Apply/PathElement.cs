using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// One step of a field path, as <c>metadata.managedFields[].fieldsV1</c> spells it: <c>f:name</c>,
/// <c>k:{"name":"nginx"}</c> (key fields sorted by name), <c>v:"value"</c> or <c>i:0</c>. Immutable; equality and
/// ordering follow structured-merge-diff (fields before keys before values before indexes; numbers compare
/// numerically, so <c>k:{"port":80}</c> equals a key decoded as <c>80.0</c>). <c>default</c> is not a valid element.
/// </summary>
public readonly struct PathElement : IEquatable<PathElement>, IComparable<PathElement>
{
    private readonly string? _fieldName;
    private readonly ImmutableArray<KeyValuePair<string, JsonElement>> _key;
    private readonly JsonElement _value;
    private readonly int _index;

    private PathElement(PathElementKind kind, string? fieldName, ImmutableArray<KeyValuePair<string, JsonElement>> key, JsonElement value, int index)
    {
        Kind = kind;
        _fieldName = fieldName;
        _key = key;
        _value = value;
        _index = index;
    }

    public PathElementKind Kind { get; }

    /// <summary>The field or map key name of a <see cref="PathElementKind.Field"/> element.</summary>
    public string FieldName => Kind == PathElementKind.Field ? _fieldName! : throw new InvalidOperationException("not a field element");

    /// <summary>The key fields of a <see cref="PathElementKind.Key"/> element, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> KeyFields =>
        Kind == PathElementKind.Key ? _key : throw new InvalidOperationException("not a key element");

    /// <summary>The item value of a <see cref="PathElementKind.Value"/> element.</summary>
    public JsonElement Value => Kind == PathElementKind.Value ? _value : throw new InvalidOperationException("not a value element");

    public int Index => Kind == PathElementKind.Index ? _index : throw new InvalidOperationException("not an index element");

    public static PathElement Field(string name) =>
        new(PathElementKind.Field, name ?? throw new ArgumentNullException(nameof(name)), default, default, 0);

    /// <summary>A list-map item selector; the fields are sorted by name here.</summary>
    public static PathElement Key(IEnumerable<KeyValuePair<string, JsonElement>> fields)
    {
        var list = fields.Select(field => KeyValuePair.Create(field.Key, field.Value.Clone())).ToList();
        list.Sort((a, b) => JsonValues.CompareStrings(a.Key, b.Key));
        return new(PathElementKind.Key, null, [.. list], default, 0);
    }

    /// <summary>A list-map item selector from JSON values (null means JSON null).</summary>
    public static PathElement Key(params (string Name, JsonNode? Value)[] fields) =>
        Key(fields.Select(field => KeyValuePair.Create(field.Name, JsonValues.ToElement(field.Value))));

    public static PathElement SetValue(JsonElement value) => new(PathElementKind.Value, null, default, value.Clone(), 0);

    public static PathElement SetValue(JsonNode? value) => SetValue(JsonValues.ToElement(value));

    public static PathElement ListIndex(int index) => new(PathElementKind.Index, null, default, default, index);

    /// <summary>Parses one <c>fieldsV1</c> key (not <c>"."</c>).</summary>
    /// <exception cref="FormatException">The text is not a path element.</exception>
    public static PathElement Parse(string text) =>
        ParseKnown(text) ?? throw new FormatException("unknown path element type: " + text);

    /// <summary>Parses one <c>fieldsV1</c> key; null when its prefix is not one of f:, k:, v:, i: (upstream drops those).</summary>
    internal static PathElement? ParseKnown(string text)
    {
        if (text.Length < 2)
        {
            throw new FormatException("key must be 2 characters long: " + text);
        }

        if (text[1] != ':')
        {
            throw new FormatException("missing colon: " + text);
        }

        var body = text[2..];
        switch (text[0])
        {
            case 'f':
                return Field(body);
            case 'v':
                return SetValue(ParseJson(body, text));
            case 'k':
                var element = ParseJson(body, text);
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("key element is not a JSON object: " + text);
                }

                return Key(element.EnumerateObject().Select(property => KeyValuePair.Create(property.Name, property.Value)));
            case 'i':
                if (!int.TryParse(body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    throw new FormatException("invalid index: " + text);
                }

                return ListIndex(index);
            default:
                return null;
        }
    }

    /// <summary>The <c>fieldsV1</c> key for this element, byte for byte as the Kubernetes API server writes it.</summary>
    public string ToFieldsV1Key()
    {
        switch (Kind)
        {
            case PathElementKind.Field:
                return "f:" + _fieldName;
            case PathElementKind.Key:
                var builder = new StringBuilder("k:{");
                for (var i = 0; i < _key.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    GoJson.WriteString(builder, _key[i].Key);
                    builder.Append(':');
                    GoJson.Write(builder, _key[i].Value);
                }

                return builder.Append('}').ToString();
            case PathElementKind.Value:
                return "v:" + GoJson.Serialize(_value);
            default:
                return "i:" + _index.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The element as structured-merge-diff prints paths: <c>.name</c>, <c>[name="nginx"]</c>, <c>[="v"]</c>, <c>[0]</c>.</summary>
    public override string ToString() => Kind switch
    {
        PathElementKind.Field => "." + _fieldName,
        PathElementKind.Key => "[" + string.Join(",", _key.Select(field => field.Key + "=" + GoJson.Display(field.Value))) + "]",
        PathElementKind.Value => "[=" + GoJson.Display(_value) + "]",
        _ => "[" + _index.ToString(CultureInfo.InvariantCulture) + "]",
    };

    public int CompareTo(PathElement other)
    {
        if (Kind != other.Kind)
        {
            return Kind.CompareTo(other.Kind);
        }

        switch (Kind)
        {
            case PathElementKind.Field:
                return JsonValues.CompareStrings(_fieldName!, other._fieldName!);
            case PathElementKind.Key:
                for (var i = 0; i < Math.Min(_key.Length, other._key.Length); i++)
                {
                    var c = JsonValues.CompareStrings(_key[i].Key, other._key[i].Key);
                    if (c == 0)
                    {
                        c = JsonValues.Compare(_key[i].Value, other._key[i].Value);
                    }

                    if (c != 0)
                    {
                        return c;
                    }
                }

                return _key.Length.CompareTo(other._key.Length);
            case PathElementKind.Value:
                return JsonValues.Compare(_value, other._value);
            default:
                return _index.CompareTo(other._index);
        }
    }

    public bool Equals(PathElement other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is PathElement other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        PathElementKind.Field => HashCode.Combine(Kind, _fieldName),
        PathElementKind.Key => HashCode.Combine(Kind, _key.Length, _key.Length > 0 ? _key[0].Key : null),
        PathElementKind.Value => HashCode.Combine(Kind, _value.ValueKind),
        _ => HashCode.Combine(Kind, _index),
    };

    public static bool operator ==(PathElement left, PathElement right) => left.Equals(right);

    public static bool operator !=(PathElement left, PathElement right) => !left.Equals(right);

    public static bool operator <(PathElement left, PathElement right) => left.CompareTo(right) < 0;

    public static bool operator >(PathElement left, PathElement right) => left.CompareTo(right) > 0;

    public static bool operator <=(PathElement left, PathElement right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PathElement left, PathElement right) => left.CompareTo(right) >= 0;

    private static JsonElement ParseJson(string json, string text)
    {
        try
        {
            return JsonValues.ParseElement(json);
        }
        catch (JsonException error)
        {
            throw new FormatException($"invalid JSON in path element {text}: {error.Message}", error);
        }
    }
}
