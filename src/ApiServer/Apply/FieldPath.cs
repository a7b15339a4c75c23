using System.Collections;
using System.Collections.Immutable;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// An immutable sequence of <see cref="PathElement"/>s from an object's root to one field or item. Prints as
/// structured-merge-diff does in conflict messages: <c>.spec.containers[name="nginx"].image</c>.
/// </summary>
public sealed class FieldPath : IReadOnlyList<PathElement>, IEquatable<FieldPath>, IComparable<FieldPath>
{
    private readonly ImmutableArray<PathElement> _elements;

    public FieldPath(IEnumerable<PathElement> elements)
    {
        _elements = [.. elements];
    }

    public static FieldPath Empty { get; } = new([]);

    public int Count => _elements.Length;

    public PathElement this[int index] => _elements[index];

    /// <summary>A path of field names only, e.g. <c>Of("spec", "replicas")</c>.</summary>
    public static FieldPath Of(params string[] fieldNames) => new(fieldNames.Select(PathElement.Field));

    public static FieldPath Of(params PathElement[] elements) => new(elements);

    public FieldPath Append(PathElement element) => new(_elements.Add(element));

    public IEnumerator<PathElement> GetEnumerator() => ((IEnumerable<PathElement>)_elements).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Concat(_elements.Select(element => element.ToString()));

    public int CompareTo(FieldPath? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < Math.Min(Count, other.Count); i++)
        {
            var c = _elements[i].CompareTo(other._elements[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return Count.CompareTo(other.Count);
    }

    public bool Equals(FieldPath? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is FieldPath other && Equals(other);

    public static bool operator ==(FieldPath? left, FieldPath? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(FieldPath? left, FieldPath? right) => !(left == right);

    public static bool operator <(FieldPath left, FieldPath right) => left.CompareTo(right) < 0;

    public static bool operator <=(FieldPath left, FieldPath right) => left.CompareTo(right) <= 0;

    public static bool operator >(FieldPath left, FieldPath right) => left.CompareTo(right) > 0;

    public static bool operator >=(FieldPath left, FieldPath right) => left.CompareTo(right) >= 0;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var element in _elements)
        {
            hash.Add(element);
        }

        return hash.ToHashCode();
    }
}
