using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Storage;

/// <summary>core/v1 defaulting of a PersistentVolumeClaimSpec (also inside ephemeral volumes and claim templates).</summary>
internal static class PersistentVolumeClaimDefaults
{
    public static void ApplySpec(JsonObject spec)
    {
        Node.Default(spec, "volumeMode", "Filesystem");
        var resources = Node.Obj(spec, "resources");
        ResourceQuantities.Canonicalize(Node.Obj(resources, "requests"));
        ResourceQuantities.Canonicalize(Node.Obj(resources, "limits"));
    }
}
