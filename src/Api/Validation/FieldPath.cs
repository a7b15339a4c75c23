using System.Globalization;
using System.Text;

namespace Cluster.Api.Validation;

/// <summary>
/// An immutable path from a root field to a nested field, printed like Kubernetes' field.Path:
/// names are joined with '.', list indexes and map keys are subscripts, e.g.
/// <c>spec.containers[0].name</c> or <c>metadata.labels[app]</c>. Every builder method returns a new path
/// and leaves the receiver unchanged, so paths can be shared between threads and branches.
/// </summary>
public sealed class FieldPath
{
    private readonly string? _name;
    private readonly string? _subscript;
    private readonly FieldPath? _parent;

    private FieldPath(string? name, string? subscript, FieldPath? parent)
    {
        _name = name;
        _subscript = subscript;
        _parent = parent;
    }

    /// <summary>Starts a path at <paramref name="name"/>, followed by <paramref name="more"/> child names.</summary>
    public static FieldPath Root(string name, params ReadOnlySpan<string> more)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Append(new FieldPath(name, null, null), more);
    }

    /// <summary>The path to a named child field (and optionally its descendants).</summary>
    public FieldPath Child(string name, params ReadOnlySpan<string> more)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Append(new FieldPath(name, null, this), more);
    }

    /// <summary>The path to the element at <paramref name="index"/> of this list field: <c>path[index]</c>.</summary>
    public FieldPath Index(int index) => new(null, index.ToString(CultureInfo.InvariantCulture), this);

    /// <summary>The path to the entry <paramref name="key"/> of this map field: <c>path[key]</c>.</summary>
    public FieldPath Key(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new FieldPath(null, key, this);
    }

    /// <summary>The first element of this path.</summary>
    public FieldPath RootElement
    {
        get
        {
            var p = this;
            while (p._parent is not null)
            {
                p = p._parent;
            }

            return p;
        }
    }

    public override string ToString()
    {
        var elements = new List<FieldPath>();
        for (var p = this; p is not null; p = p._parent)
        {
            elements.Add(p);
        }

        var sb = new StringBuilder();
        for (var i = elements.Count - 1; i >= 0; i--)
        {
            var p = elements[i];
            // Like upstream, an empty name counts as a subscript, so it prints as "[]".
            if (!string.IsNullOrEmpty(p._name))
            {
                if (p._parent is not null)
                {
                    sb.Append('.');
                }

                sb.Append(p._name);
            }
            else
            {
                sb.Append('[').Append(p._subscript).Append(']');
            }
        }

        return sb.ToString();
    }

    private static FieldPath Append(FieldPath start, ReadOnlySpan<string> more)
    {
        var p = start;
        foreach (var name in more)
        {
            ArgumentNullException.ThrowIfNull(name);
            p = new FieldPath(name, null, p);
        }

        return p;
    }
}
