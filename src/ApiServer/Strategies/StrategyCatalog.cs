namespace Cluster.ApiServer.Strategies;

/// <summary>The strategies of the built-in kinds, created once per server.</summary>
public sealed class StrategyCatalog
{
    public IResourceStrategy Plain { get; } = ResourceStrategy.Plain;
    public IResourceStrategy WithGeneration { get; } = ResourceStrategy.WithGeneration;
    public IResourceStrategy Workload { get; init; } = ResourceStrategy.WithGeneration;
    public IResourceStrategy Namespace { get; init; } = new NamespaceStrategy();
    public IResourceStrategy Pod { get; init; } = ResourceStrategy.Plain;
    public IResourceStrategy Service { get; init; } = ResourceStrategy.Plain;
}
