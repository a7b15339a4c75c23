namespace Cluster.ApiServer.Apply;

/// <summary>
/// A growable field-path trie used while walking objects; frozen into a <see cref="FieldSet"/> when done. Each level
/// keeps its members and children in sorted lists (binary search, insertion in place), so freezing copies them
/// without sorting. Walks insert a subtree at a time, so the child last descended into is checked first.
/// </summary>
internal sealed class MutableFieldSet
{
    private readonly List<PathElement> _members = [];
    private readonly List<PathElement> _childElements = [];
    private readonly List<MutableFieldSet> _childSets = [];
    private int _lastChild = -1;

    public void Insert(IReadOnlyList<PathElement> path)
    {
        if (path.Count == 0)
        {
            return;
        }

        var current = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            current = current.Descend(path[i]);
        }

        current.AddMember(path[^1]);
    }

    public void AddMember(PathElement element)
    {
        var at = _members.Count == 0 || _members[^1].CompareTo(element) < 0 ? ~_members.Count : _members.BinarySearch(element);
        if (at < 0)
        {
            _members.Insert(~at, element);
        }
    }

    public MutableFieldSet Descend(PathElement element)
    {
        var at = FindChild(element);
        if (at >= 0)
        {
            _lastChild = at;
            return _childSets[at];
        }

        var child = new MutableFieldSet();
        InsertChild(~at, element, child);
        return child;
    }

    public void SetChild(PathElement element, MutableFieldSet child)
    {
        var at = FindChild(element);
        if (at >= 0)
        {
            _childSets[at] = child;
            _lastChild = at;
        }
        else
        {
            InsertChild(~at, element, child);
        }
    }

    public FieldSet ToFieldSet()
    {
        var children = new List<FieldSetChild>(_childElements.Count);
        for (var i = 0; i < _childElements.Count; i++)
        {
            children.Add(new FieldSetChild(_childElements[i], _childSets[i].ToFieldSet()));
        }

        return FieldSet.Create([.. _members], children);
    }

    /// <summary>The child's index, or the bitwise complement of where it belongs.</summary>
    private int FindChild(PathElement element)
    {
        if (_lastChild >= 0 && _childElements[_lastChild].Equals(element))
        {
            return _lastChild;
        }

        return _childElements.Count == 0 || _childElements[^1].CompareTo(element) < 0
            ? ~_childElements.Count
            : _childElements.BinarySearch(element);
    }

    private void InsertChild(int at, PathElement element, MutableFieldSet child)
    {
        _childElements.Insert(at, element);
        _childSets.Insert(at, child);
        _lastChild = at;
    }
}
