namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// What plugins compute once per pod (in PreFilter or PreScore) and read per node; one per scheduling attempt. A
/// handful of entries read thousands of times per pod: kept in a short list, keys compared by reference before by value.
/// </summary>
public sealed class CycleState
{
    private readonly List<KeyValuePair<string, object>> _data = new(4);

    public void Write(string key, object value)
    {
        var at = IndexOf(key);
        if (at >= 0) _data[at] = new(key, value);
        else _data.Add(new(key, value));
    }

    public T? Read<T>(string key) where T : class
    {
        var at = IndexOf(key);
        return at >= 0 ? _data[at].Value as T : null;
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < _data.Count; i++)
            if (ReferenceEquals(_data[i].Key, key)) return i;
        for (var i = 0; i < _data.Count; i++)
            if (string.Equals(_data[i].Key, key, StringComparison.Ordinal)) return i;
        return -1;
    }
}
