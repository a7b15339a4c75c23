using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// An immutable set of field paths stored as a trie, with structured-merge-diff's semantics: a path is in the set
/// only when it is a member itself (a prefix of a member is not a member unless added too). Each level holds its
/// members and its children (non-empty subsets keyed by path element), both sorted by <see cref="PathElement"/>
/// order. <see cref="Difference"/> is per path (removing <c>.spec</c> keeps <c>.spec.replicas</c>);
/// <see cref="RecursiveDifference"/> also drops everything under a removed member.
/// </summary>
public sealed class FieldSet : IEquatable<FieldSet>
{
    private static readonly PathElement[] NoMembers = [];
    private static readonly FieldSetChild[] NoChildren = [];

    private readonly PathElement[] _members;
    private readonly FieldSetChild[] _children;

    internal FieldSet(PathElement[] members, FieldSetChild[] children)
    {
        _members = members;
        _children = children;
    }

    public static FieldSet Empty { get; } = new(NoMembers, NoChildren);

    public bool IsEmpty => _members.Length == 0 && _children.Length == 0;

    /// <summary>The elements that are members at this level (sorted).</summary>
    public IReadOnlyList<PathElement> Members => _members;

    /// <summary>The non-empty subsets below this level (sorted by element).</summary>
    public IReadOnlyList<FieldSetChild> Children => _children;

    /// <summary>Every member path, members of a level before its children's, in element order.</summary>
    public IEnumerable<FieldPath> Paths => Iterate(FieldPath.Empty);

    public static FieldSet Of(params FieldPath[] paths) => Of((IEnumerable<FieldPath>)paths);

    public static FieldSet Of(IEnumerable<FieldPath> paths)
    {
        var builder = new MutableFieldSet();
        foreach (var path in paths)
        {
            builder.Insert(path);
        }

        return builder.ToFieldSet();
    }

    /// <summary>Decodes a <c>fieldsV1</c> object.</summary>
    /// <exception cref="FormatException">The object is not a valid FieldsV1 encoding.</exception>
    public static FieldSet FromFieldsV1(JsonObject fieldsV1) => FieldsV1Codec.Decode(fieldsV1);

    /// <summary>Encodes as <c>fieldsV1</c> exactly as the API server does (<c>"."</c> for a member with children, <c>{}</c> leaves).</summary>
    public JsonObject ToFieldsV1() => FieldsV1Codec.Encode(this);

    public bool Contains(FieldPath path)
    {
        if (path.Count == 0)
        {
            return false;
        }

        var current = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            current = current.WithPrefix(path[i]);
            if (current.IsEmpty)
            {
                return false;
            }
        }

        return current.HasMember(path[^1]);
    }

    public bool HasMember(PathElement element) => Array.BinarySearch(_members, element) >= 0;

    /// <summary>The subset below <paramref name="element"/> (paths with that first element, minus it); empty when none.</summary>
    public FieldSet WithPrefix(PathElement element)
    {
        var index = FindChild(element);
        return index >= 0 ? _children[index].Set : Empty;
    }

    public FieldSet Union(FieldSet other)
    {
        var members = MergeSorted(_members, other._members, keepLeftOnly: true, keepRightOnly: true, keepBoth: true);
        var children = new List<FieldSetChild>(_children.Length + other._children.Length);
        Zip(other, (element, left, right) => children.Add(new(element, left is null ? right! : right is null ? left : left.Union(right))));
        return Create(members, children);
    }

    public FieldSet Intersection(FieldSet other)
    {
        var members = MergeSorted(_members, other._members, keepLeftOnly: false, keepRightOnly: false, keepBoth: true);
        var children = new List<FieldSetChild>();
        Zip(other, (element, left, right) =>
        {
            if (left is not null && right is not null)
            {
                children.Add(new(element, left.Intersection(right)));
            }
        });
        return Create(members, children);
    }

    /// <summary>The paths of this set that are not in <paramref name="other"/>.</summary>
    public FieldSet Difference(FieldSet other)
    {
        var members = MergeSorted(_members, other._members, keepLeftOnly: true, keepRightOnly: false, keepBoth: false);
        var children = new List<FieldSetChild>();
        Zip(other, (element, left, right) =>
        {
            if (left is not null)
            {
                children.Add(new(element, right is null ? left : left.Difference(right)));
            }
        });
        return Create(members, children);
    }

    /// <summary>Like <see cref="Difference"/>, but a member of <paramref name="other"/> also removes everything below it.</summary>
    public FieldSet RecursiveDifference(FieldSet other)
    {
        var members = MergeSorted(_members, other._members, keepLeftOnly: true, keepRightOnly: false, keepBoth: false);
        var children = new List<FieldSetChild>();
        Zip(other, (element, left, right) =>
        {
            if (left is not null && !other.HasMember(element))
            {
                children.Add(new(element, right is null ? left : left.RecursiveDifference(right)));
            }
        });
        return Create(members, children);
    }

    public bool Equals(FieldSet? other) =>
        other is not null
        && _members.AsSpan().SequenceEqual(other._members)
        && _children.Length == other._children.Length
        && _children.Zip(other._children).All(pair => pair.First.Element == pair.Second.Element && pair.First.Set.Equals(pair.Second.Set));

    public override bool Equals(object? obj) => obj is FieldSet other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_members.Length, _children.Length, _members.FirstOrDefault());

    /// <summary>One member path per line, as structured-merge-diff prints sets.</summary>
    public override string ToString() => string.Join("\n", Paths);

    private IEnumerable<FieldPath> Iterate(FieldPath prefix)
    {
        foreach (var member in _members)
        {
            yield return prefix.Append(member);
        }

        foreach (var child in _children)
        {
            foreach (var path in child.Set.Iterate(prefix.Append(child.Element)))
            {
                yield return path;
            }
        }
    }

    private int FindChild(PathElement element)
    {
        int low = 0, high = _children.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var c = _children[middle].Element.CompareTo(element);
            if (c == 0)
            {
                return middle;
            }

            if (c < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>Calls <paramref name="visit"/> for every child element of either set, in order, with each side's subset or null.</summary>
    private void Zip(FieldSet other, Action<PathElement, FieldSet?, FieldSet?> visit)
    {
        int i = 0, j = 0;
        while (i < _children.Length || j < other._children.Length)
        {
            var c = i == _children.Length ? 1
                : j == other._children.Length ? -1
                : _children[i].Element.CompareTo(other._children[j].Element);
            if (c < 0)
            {
                visit(_children[i].Element, _children[i].Set, null);
                i++;
            }
            else if (c > 0)
            {
                visit(other._children[j].Element, null, other._children[j].Set);
                j++;
            }
            else
            {
                visit(_children[i].Element, _children[i].Set, other._children[j].Set);
                i++;
                j++;
            }
        }
    }

    private static PathElement[] MergeSorted(PathElement[] left, PathElement[] right, bool keepLeftOnly, bool keepRightOnly, bool keepBoth)
    {
        var result = new List<PathElement>(left.Length + right.Length);
        int i = 0, j = 0;
        while (i < left.Length || j < right.Length)
        {
            var c = i == left.Length ? 1 : j == right.Length ? -1 : left[i].CompareTo(right[j]);
            if (c < 0)
            {
                if (keepLeftOnly)
                {
                    result.Add(left[i]);
                }

                i++;
            }
            else if (c > 0)
            {
                if (keepRightOnly)
                {
                    result.Add(right[j]);
                }

                j++;
            }
            else
            {
                if (keepBoth)
                {
                    result.Add(left[i]);
                }

                i++;
                j++;
            }
        }

        return result.Count == 0 ? NoMembers : [.. result];
    }

    internal static FieldSet Create(PathElement[] members, List<FieldSetChild> children)
    {
        children.RemoveAll(child => child.Set.IsEmpty);
        return members.Length == 0 && children.Count == 0
            ? Empty
            : new FieldSet(members, children.Count == 0 ? NoChildren : [.. children]);
    }
}
