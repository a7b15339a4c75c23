using Cluster.Api.Discovery.V1;

namespace Cluster.Controllers.EndpointSlices;

/// <summary>
/// The endpoints of one address type that serve the same ports: what one or more slices carry. Endpoints are keyed by
/// their address, unique within an address type.
/// </summary>
public sealed record EndpointGroup(string AddressType, IReadOnlyList<EndpointPort> Ports, IReadOnlyDictionary<string, Endpoint> Endpoints)
{
    public string PortsKey { get; } = EndpointSliceRules.PortsKey(AddressType, Ports);
}
