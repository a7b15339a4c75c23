namespace Cluster.ApiServer.Apply;

/// <summary>A growable field-path trie used while walking objects; frozen into a <see cref="FieldSet"/> when done.</summary>
internal sealed class MutableFieldSet
{
    private readonly SortedSet<PathElement> _members = [];
    private readonly SortedDictionary<PathElement, MutableFieldSet> _children = [];

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

        current._members.Add(path[^1]);
    }

    public void AddMember(PathElement element) => _members.Add(element);

    public MutableFieldSet Descend(PathElement element)
    {
        if (!_children.TryGetValue(element, out var child))
        {
            child = new MutableFieldSet();
            _children.Add(element, child);
        }

        return child;
    }

    public void SetChild(PathElement element, MutableFieldSet child) => _children[element] = child;

    public FieldSet ToFieldSet() =>
        FieldSet.Create([.. _members], _children.Select(pair => new FieldSetChild(pair.Key, pair.Value.ToFieldSet())).ToList());
}
