namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>What plugins compute once per pod (in PreFilter or PreScore) and read per node; one per scheduling attempt.</summary>
public sealed class CycleState
{
    private readonly Dictionary<string, object> _data = new(StringComparer.Ordinal);

    public void Write(string key, object value) => _data[key] = value;

    public T? Read<T>(string key) where T : class => _data.GetValueOrDefault(key) as T;
}
