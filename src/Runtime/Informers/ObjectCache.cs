using Cluster.Api;
using Cluster.Api.Selectors;

namespace Cluster.Runtime.Informers;

/// <summary>
/// The informer's copy of one kind's objects, by key and by index. Objects are shared, immutable records: the cache
/// holds exactly one reference per object and readers get that same reference (change one with <c>with</c>, never in
/// place). Built-in indexes: <see cref="NamespaceIndex"/> and <see cref="OwnerIndex"/> (owner UIDs); more come from
/// <see cref="InformerOptions{T}.Indexers"/>. Thread-safe: many readers, one writer (the informer).
/// </summary>
public sealed class ObjectCache<T> where T : class, IKubernetesObject
{
    public const string NamespaceIndex = "namespace";
    public const string OwnerIndex = "owner";

    private readonly Lock _lock = new(); // guards _items and _indexes (each index's sets included)
    private readonly Dictionary<ObjectKey, T> _items = [];
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers;
    private readonly Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> _indexes;

    public ObjectCache(IReadOnlyDictionary<string, Func<T, IEnumerable<string>>>? indexers = null)
    {
        _indexers = new()
        {
            [NamespaceIndex] = static o => o.Metadata?.Namespace is { Length: > 0 } ns ? [ns] : [],
            [OwnerIndex] = static o => o.Metadata?.OwnerReferences is { Count: > 0 } owners ? owners.Select(r => r.Uid ?? "") : [],
        };
        foreach (var (name, indexer) in indexers ?? new Dictionary<string, Func<T, IEnumerable<string>>>()) _indexers[name] = indexer;
        _indexes = _indexers.Keys.ToDictionary(k => k, _ => new Dictionary<string, HashSet<ObjectKey>>());
    }

    public int Count
    {
        get
        {
            lock (_lock) return _items.Count;
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (_lock) return _items.GetValueOrDefault(key);
    }

    /// <summary>Every object, or those in <paramref name="ns"/>, optionally only those whose labels match.</summary>
    public IReadOnlyList<T> List(string? ns = null, LabelSelector? selector = null)
    {
        lock (_lock)
        {
            if (ns is null) return [.. _items.Values.Where(o => selector is null || selector.Matches(o.Metadata?.Labels))];
            return Collect(NamespaceIndex, ns, selector);
        }
    }

    /// <summary>The objects an index maps <paramref name="value"/> to (e.g. <see cref="OwnerIndex"/> and an owner UID).</summary>
    /// <exception cref="ArgumentException">An index that does not exist.</exception>
    public IReadOnlyList<T> ByIndex(string index, string value)
    {
        lock (_lock)
        {
            if (!_indexes.ContainsKey(index)) throw new ArgumentException($"no index named \"{index}\"", nameof(index));
            return Collect(index, value, null);
        }
    }

    /// <summary>Every key in the cache.</summary>
    public IReadOnlyList<ObjectKey> Keys()
    {
        lock (_lock) return [.. _items.Keys];
    }

    /// <summary>Stores the object and returns the one it replaced, if any.</summary>
    internal T? Upsert(ObjectKey key, T value)
    {
        lock (_lock)
        {
            _items.TryGetValue(key, out var old);
            if (old is not null) Unindex(key, old);
            _items[key] = value;
            Index(key, value);
            return old;
        }
    }

    internal T? Remove(ObjectKey key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old)) return null;
            Unindex(key, old);
            return old;
        }
    }

    private List<T> Collect(string index, string value, LabelSelector? selector)
    {
        if (!_indexes[index].TryGetValue(value, out var keys)) return [];
        var result = new List<T>(keys.Count);
        foreach (var key in keys)
        {
            var item = _items[key];
            if (selector is null || selector.Matches(item.Metadata?.Labels)) result.Add(item);
        }
        return result;
    }

    private void Index(ObjectKey key, T value)
    {
        foreach (var (name, indexer) in _indexers)
        {
            var index = _indexes[name];
            foreach (var v in indexer(value))
            {
                if (!index.TryGetValue(v, out var set)) index[v] = set = [];
                set.Add(key);
            }
        }
    }

    private void Unindex(ObjectKey key, T value)
    {
        foreach (var (name, indexer) in _indexers)
        {
            var index = _indexes[name];
            foreach (var v in indexer(value))
            {
                if (index.TryGetValue(v, out var set) && set.Remove(key) && set.Count == 0) index.Remove(v);
            }
        }
    }
}
