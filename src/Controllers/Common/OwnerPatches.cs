using System.Text.Json.Nodes;
using Cluster.Api;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;

namespace Cluster.Controllers.Common;

/// <summary>
/// JSON patches that adopt an orphan or release a child, guarded so that they apply only to the state the controller
/// decided on (a test of resourceVersion or of the reference's uid): a concurrent change fails them with 422/409.
/// </summary>
public static class OwnerPatches
{
    public static Patch Adopt(IKubernetesObject child, OwnerReference reference)
    {
        var value = Json(reference);
        var ops = new JsonArray { Test("/metadata/resourceVersion", child.Metadata?.ResourceVersion) };
        ops.Add(child.Metadata?.OwnerReferences is { Count: > 0 }
            ? new JsonObject { ["op"] = "add", ["path"] = "/metadata/ownerReferences/-", ["value"] = value }
            : new JsonObject { ["op"] = "add", ["path"] = "/metadata/ownerReferences", ["value"] = new JsonArray(value) });
        return Patch.Json(ops.ToJsonString());
    }

    /// <summary>Removes the reference to <paramref name="ownerUid"/>; null when the child has none.</summary>
    public static Patch? Release(IKubernetesObject child, string ownerUid)
    {
        var index = child.Metadata?.OwnerReferences?.ToList().FindIndex(r => r.Uid == ownerUid) ?? -1;
        if (index < 0) return null;
        var ops = new JsonArray
        {
            Test($"/metadata/ownerReferences/{index}/uid", ownerUid),
            new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/ownerReferences/{index}" },
        };
        return Patch.Json(ops.ToJsonString());
    }

    public static JsonObject Json(OwnerReference r)
    {
        var o = new JsonObject { ["apiVersion"] = r.ApiVersion, ["kind"] = r.Kind, ["name"] = r.Name, ["uid"] = r.Uid };
        if (r.Controller is { } controller) o["controller"] = controller;
        if (r.BlockOwnerDeletion is { } block) o["blockOwnerDeletion"] = block;
        return o;
    }

    private static JsonObject Test(string path, string? value) => new() { ["op"] = "test", ["path"] = path, ["value"] = value };
}
