using Cluster.Api.Discovery.V1;

namespace Cluster.Controllers.EndpointSlices;

/// <summary>The writes that bring a service's slices to what its pods say: slices to create (by generateName), update and delete.</summary>
public sealed record SliceChanges(IReadOnlyList<EndpointSlice> Create, IReadOnlyList<EndpointSlice> Update, IReadOnlyList<EndpointSlice> Delete)
{
    public bool IsEmpty => Create.Count == 0 && Update.Count == 0 && Delete.Count == 0;
}
