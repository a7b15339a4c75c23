using System.Globalization;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Deletes one object as a DELETE request does. An object with finalizers (including the garbage collector's, added
/// for Foreground and Orphan propagation), a namespace (finalized by the namespace controller) and a pod on a node
/// (terminated by its kubelet within the grace period) are only marked with a deletionTimestamp; anything else goes
/// at once. Shared by the DELETE handlers and the server's own cleanups (a deleted CRD's objects).
/// </summary>
public sealed class ObjectDeleter(ApiServices api)
{
    private const int MaxAttempts = 16;

    /// <summary>No propagation, grace or preconditions: what a plain <c>kubectl delete</c> sends.</summary>
    public static readonly DeleteOptions Plain = new(null, null, null, null, false);

    /// <summary>Deletes or marks one object; returns its last state, whether it is gone, and its uid.</summary>
    /// <exception cref="ApiException">404 when absent, 409 on failed preconditions or endless races.</exception>
    public async Task<(JsonObject Object, bool Removed, string Uid)> DeleteAsync(ResourceDefinition r, string ns, string name, DeleteOptions options, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await api.Storage.GetAsync(r, ns, name, ct) ?? throw ApiErrors.NotFound(r.GroupResource, name);
            CheckPreconditions(r, name, options, current);
            var rv = long.Parse(ObjectMeta.ResourceVersion(current), CultureInfo.InvariantCulture);
            var marked = MarkForDeletion(r, (JsonObject)current.DeepClone(), options, api.Now);
            if (marked is not null)
            {
                if (JsonNode.DeepEquals(marked, current) || options.DryRun) return (marked, false, ObjectMeta.Uid(current));
                if (await api.Storage.UpdateAsync(r, marked, rv, ct, previous: current) is { } newRv)
                {
                    ObjectMeta.SetResourceVersion(marked, newRv);
                    return (marked, false, ObjectMeta.Uid(current));
                }
            }
            else if (options.DryRun || await api.Storage.DeleteAsync(r, ns, name, rv, ct, stored: current) is not null)
            {
                return (current, true, ObjectMeta.Uid(current));
            }
            if (attempt >= MaxAttempts) throw ApiErrors.Conflict(r.GroupResource, name, ApiErrors.ObjectModified);
        }
    }

    private static void CheckPreconditions(ResourceDefinition r, string name, DeleteOptions options, JsonObject current)
    {
        if (options.PreconditionUid is { } uid && uid != ObjectMeta.Uid(current))
            throw ApiErrors.Conflict(r.GroupResource, name,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(current)}");
        if (options.PreconditionResourceVersion is { } rv && rv != ObjectMeta.ResourceVersion(current))
            throw ApiErrors.Conflict(r.GroupResource, name,
                $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {ObjectMeta.ResourceVersion(current)}");
    }

    /// <summary>The object marked as being deleted, or null if it should be removed now.</summary>
    private static JsonObject? MarkForDeletion(ResourceDefinition r, JsonObject obj, DeleteOptions options, DateTimeOffset now)
    {
        var meta = ObjectMeta.Of(obj);
        var finalizers = meta["finalizers"] as JsonArray ?? [];
        var gcFinalizer = options.PropagationPolicy switch
        {
            "Foreground" => "foregroundDeletion",
            "Orphan" => "orphan",
            _ => null,
        };
        if (gcFinalizer is not null && !finalizers.Any(f => f.AsString() == gcFinalizer))
        {
            finalizers.Add(gcFinalizer);
            meta["finalizers"] = finalizers;
        }

        if (r.Kind == "Namespace" && r.Group.Length == 0)
        {
            if (!ObjectMeta.IsDeleting(obj)) MarkDeleting(meta, now, 0);
            var status = obj["status"] as JsonObject ?? [];
            status["phase"] = "Terminating";
            obj["status"] = status;
            var specFinalizers = obj["spec"]?["finalizers"] as JsonArray;
            if ((specFinalizers is null || specFinalizers.Count == 0) && finalizers.Count == 0) return null;
            return obj;
        }

        if (r.Kind == "Pod" && r.Group.Length == 0 && obj.At("spec.nodeName").AsString() is { Length: > 0 })
        {
            var grace = options.GracePeriodSeconds ?? obj.At("spec.terminationGracePeriodSeconds").AsLong() ?? 30;
            if (grace > 0)
            {
                var existing = meta["deletionGracePeriodSeconds"].AsLong();
                if (existing is null || grace < existing) MarkDeleting(meta, now.AddSeconds(grace), grace);
                return obj;
            }
        }

        if (finalizers.Count == 0) return null;
        if (!ObjectMeta.IsDeleting(obj)) MarkDeleting(meta, now, 0);
        return obj;
    }

    private static void MarkDeleting(JsonObject meta, DateTimeOffset at, long grace)
    {
        meta["deletionTimestamp"] = ObjectMeta.Timestamp(at);
        meta["deletionGracePeriodSeconds"] = grace;
    }
}
