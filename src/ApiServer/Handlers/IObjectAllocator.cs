using System.Text.Json.Nodes;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Fills values a kind's objects get from a server-wide range (a Service's cluster IP and node ports) before they are
/// stored. The values are claim keys (<see cref="IKeyClaims"/>), so the store write is what makes a choice safe;
/// the allocator only picks values likely to be free.
/// </summary>
public interface IObjectAllocator
{
    /// <summary>
    /// Fills what <paramref name="obj"/> needs and lacks; checks values the client asked for (422 when out of range, or
    /// in a dry run when taken). <paramref name="old"/> is the stored object on update, null on create.
    /// </summary>
    ValueTask AllocateAsync(JsonObject obj, JsonObject? old, bool dryRun, CancellationToken ct);

    /// <summary>
    /// The write failed on <paramref name="taken"/>: 422 when <paramref name="requested"/> (the object as the client
    /// sent it, before <see cref="AllocateAsync"/>) asked for that value; otherwise the value is noted as taken and the
    /// caller allocates again from the requested object.
    /// </summary>
    void OnTaken(ClaimTakenException taken, JsonObject requested);
}

/// <summary>The allocators of the kinds that have one, by storage resource.</summary>
public sealed class ObjectAllocators(IReadOnlyDictionary<string, IObjectAllocator> byStorageResource)
{
    public IObjectAllocator? Of(Registry.ResourceDefinition r) => byStorageResource.GetValueOrDefault(r.StorageResource);
}
