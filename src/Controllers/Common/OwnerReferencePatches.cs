using System.Text.Json.Nodes;
using Cluster.Api;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;

namespace Cluster.Controllers.Common;

/// <summary>
/// Owner-reference and finalizer edits (adoption, release, the garbage collector's) as JSON patches. Every change is guarded by a <c>test</c> of the value it
/// was decided on, so an edit computed from a cache that is behind fails (422) instead of touching the wrong entry;
/// JSON patch works for every resource, custom ones included (strategic merge patch does not).
/// </summary>
public static class OwnerReferencePatches
{
    /// <summary>Adds <paramref name="reference"/> to the child, only if the child is still at the resourceVersion seen.</summary>
    public static Patch Adopt(IKubernetesObject child, OwnerReference reference)
    {
        var value = Json(reference);
        var ops = new JsonArray { Test("/metadata/resourceVersion", child.Metadata?.ResourceVersion ?? "") };
        ops.Add(child.Metadata?.OwnerReferences is { Count: > 0 }
            ? new JsonObject { ["op"] = "add", ["path"] = "/metadata/ownerReferences/-", ["value"] = value }
            : new JsonObject { ["op"] = "add", ["path"] = "/metadata/ownerReferences", ["value"] = new JsonArray(value) });
        return Patch.Json(ops.ToJsonString());
    }

    /// <summary>
    /// Removes the references to <paramref name="ownerUids"/>; null when there are none. When none would be left the
    /// field goes as a whole, as upstream leaves no empty list behind.
    /// </summary>
    public static Patch? RemoveReferences(IReadOnlyList<OwnerReference>? references, IReadOnlyCollection<string> ownerUids)
    {
        var refs = references ?? [];
        var doomed = Enumerable.Range(0, refs.Count).Where(i => refs[i].Uid is { } uid && ownerUids.Contains(uid)).ToList();
        if (doomed.Count == 0) return null;
        var ops = new JsonArray();
        if (doomed.Count == refs.Count)
        {
            foreach (var i in doomed) ops.Add(Test($"/metadata/ownerReferences/{i}/uid", refs[i].Uid!));
            ops.Add(Remove("/metadata/ownerReferences"));
            return Patch.Json(ops.ToJsonString());
        }
        foreach (var i in Enumerable.Reverse(doomed)) // from the end, so that earlier indexes stay valid
        {
            ops.Add(Test($"/metadata/ownerReferences/{i}/uid", refs[i].Uid!));
            ops.Add(Remove($"/metadata/ownerReferences/{i}"));
        }
        return Patch.Json(ops.ToJsonString());
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

    /// <summary>Removes <paramref name="finalizer"/> from metadata.finalizers (the field, when it was the only one); null when it is not there.</summary>
    public static Patch? RemoveFinalizer(IReadOnlyList<string>? finalizers, string finalizer)
    {
        var index = finalizers is null ? -1 : finalizers.ToList().IndexOf(finalizer);
        if (index < 0) return null;
        var ops = new JsonArray
        {
            Test($"/metadata/finalizers/{index}", finalizer),
            Remove(finalizers!.Count == 1 ? "/metadata/finalizers" : $"/metadata/finalizers/{index}"),
        };
        return Patch.Json(ops.ToJsonString());
    }

    private static JsonObject Json(OwnerReference r)
    {
        var o = new JsonObject { ["apiVersion"] = r.ApiVersion, ["kind"] = r.Kind, ["name"] = r.Name, ["uid"] = r.Uid };
        if (r.Controller is { } controller) o["controller"] = controller;
        if (r.BlockOwnerDeletion is { } block) o["blockOwnerDeletion"] = block;
        return o;
    }

    private static JsonObject Remove(string path) => new() { ["op"] = "remove", ["path"] = path };

    private static JsonObject Test(string path, string value) => new() { ["op"] = "test", ["path"] = path, ["value"] = value };
}
