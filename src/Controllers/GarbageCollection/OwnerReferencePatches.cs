using System.Text.Json.Nodes;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;

namespace Cluster.Controllers.GarbageCollection;

/// <summary>
/// The garbage collector's metadata edits as JSON patches. Every change is guarded by a <c>test</c> of the value it
/// was decided on, so an edit computed from a cache that is behind fails (422) instead of touching the wrong entry;
/// JSON patch works for every resource, custom ones included (strategic merge patch does not).
/// </summary>
public static class OwnerReferencePatches
{
    /// <summary>Removes the references to <paramref name="ownerUids"/>; null when there are none.</summary>
    public static Patch? RemoveReferences(IReadOnlyList<OwnerReference>? references, IReadOnlyCollection<string> ownerUids)
    {
        var ops = new JsonArray();
        var refs = references ?? [];
        for (var i = refs.Count - 1; i >= 0; i--) // from the end, so that earlier indexes stay valid
        {
            if (refs[i].Uid is not { } uid || !ownerUids.Contains(uid)) continue;
            ops.Add(Test($"/metadata/ownerReferences/{i}/uid", uid));
            ops.Add(new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/ownerReferences/{i}" });
        }
        return ops.Count == 0 ? null : Patch.Json(ops.ToJsonString());
    }

    /// <summary>Sets blockOwnerDeletion=false on every blocking reference; null when none blocks.</summary>
    public static Patch? Unblock(IReadOnlyList<OwnerReference>? references)
    {
        var ops = new JsonArray();
        var refs = references ?? [];
        for (var i = 0; i < refs.Count; i++)
        {
            if (refs[i].BlockOwnerDeletion != true) continue;
            ops.Add(Test($"/metadata/ownerReferences/{i}/uid", refs[i].Uid ?? ""));
            ops.Add(new JsonObject { ["op"] = "replace", ["path"] = $"/metadata/ownerReferences/{i}/blockOwnerDeletion", ["value"] = false });
        }
        return ops.Count == 0 ? null : Patch.Json(ops.ToJsonString());
    }

    /// <summary>Removes <paramref name="finalizer"/> from metadata.finalizers; null when it is not there.</summary>
    public static Patch? RemoveFinalizer(IReadOnlyList<string>? finalizers, string finalizer)
    {
        var index = finalizers is null ? -1 : finalizers.ToList().IndexOf(finalizer);
        if (index < 0) return null;
        var ops = new JsonArray
        {
            Test($"/metadata/finalizers/{index}", finalizer),
            new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/finalizers/{index}" },
        };
        return Patch.Json(ops.ToJsonString());
    }

    private static JsonObject Test(string path, string value) => new() { ["op"] = "test", ["path"] = path, ["value"] = value };
}
