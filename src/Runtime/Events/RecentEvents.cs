namespace Cluster.Runtime.Events;

/// <summary>A least-recently-used map of aggregation keys to the Events written for them. Not thread-safe (one writer loop).</summary>
internal sealed class RecentEvents(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, RecentEvent Event)>> _index = [];
    private readonly LinkedList<(string Key, RecentEvent Event)> _order = new();

    public RecentEvent? Find(string key)
    {
        if (!_index.TryGetValue(key, out var node)) return null;
        _order.Remove(node);
        _order.AddFirst(node);
        return node.Value.Event;
    }

    public void Put(string key, RecentEvent e)
    {
        if (_index.Remove(key, out var existing)) _order.Remove(existing);
        _index[key] = _order.AddFirst((key, e));
        if (_index.Count > capacity && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _index.Remove(oldest.Value.Key);
        }
    }
}
