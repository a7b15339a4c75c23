using System.Globalization;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// DELETE of one object. An object with finalizers (including the garbage collector's, added for Foreground and
/// Orphan propagation), a namespace (finalized by the namespace controller) and a pod on a node (terminated by
/// its kubelet within the grace period) are only marked with a deletionTimestamp; anything else goes at once.
/// </summary>
public sealed class DeleteHandler(ApiServices api, ResponseRenderer render)
{
    private const int MaxAttempts = 16;

    public async Task HandleAsync(ApiRequest req)
    {
        var options = await DeleteOptions.ReadAsync(req, api.Body);
        var (obj, removed, uid) = await DeleteAsync(req, options);
        var r = req.Resource;
        if (!removed || r.Kind is "Pod" or "Namespace") await render.ObjectAsync(req, 200, obj);
        else await render.StatusAsync(req, 200, StatusJson.Success(new StatusDetails(req.Name, r.Group, r.Plural, uid)));
    }

    /// <summary>DELETE on a collection: every object the label and field selectors match is deleted as above.</summary>
    public async Task HandleCollectionAsync(ApiRequest req)
    {
        var options = await DeleteOptions.ReadAsync(req, api.Body);
        var listOptions = ListOptions.Parse(req, watch: false);
        var filter = new ObjectFilter(req.Resource, req.Namespace, listOptions);
        var cache = await api.Caches.GetAsync(req.Resource, req.Aborted);
        var current = await api.Storage.CurrentRevisionAsync(req.Aborted);
        await cache.WaitForRevisionAsync(current, TimeSpan.FromSeconds(3), req.Aborted);
        var deleted = new List<WatchCache.CachedObject>();
        foreach (var target in cache.State.Objects.Values.Where(filter.Matches).ToList())
        {
            var one = new ApiRequest(req.Http, req.Info with { Name = target.Name, Namespace = target.Namespace }, req.Resource, req.User);
            try
            {
                var (obj, _, _) = await DeleteAsync(one, options);
                var rv = long.TryParse(ObjectMeta.ResourceVersion(obj), CultureInfo.InvariantCulture, out var v) ? v : target.ResourceVersion;
                deleted.Add(target with { ResourceVersion = rv, Json = ObjectCodec.Serialize(obj) });
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // gone meanwhile
            }
        }
        await render.ListAsync(req, deleted, current, null, null);
    }

    /// <summary>Deletes or marks one object; returns its last state, whether it is gone, and its uid.</summary>
    private async Task<(JsonObject Object, bool Removed, string Uid)> DeleteAsync(ApiRequest req, DeleteOptions options)
    {
        var r = req.Resource;
        for (var attempt = 0; ; attempt++)
        {
            var current = await api.Storage.GetAsync(r, req.Namespace, req.Name, req.Aborted)
                ?? throw ApiErrors.NotFound(req.GroupResource, req.Name);
            CheckPreconditions(req, options, current);
            var rv = long.Parse(ObjectMeta.ResourceVersion(current), CultureInfo.InvariantCulture);
            var marked = MarkForDeletion(r, (JsonObject)current.DeepClone(), options, api.Now);
            if (marked is not null)
            {
                if (JsonNode.DeepEquals(marked, current) || options.DryRun) return (marked, false, ObjectMeta.Uid(current));
                if (await api.Storage.UpdateAsync(r, marked, rv, req.Aborted) is { } newRv)
                {
                    ObjectMeta.SetResourceVersion(marked, newRv);
                    return (marked, false, ObjectMeta.Uid(current));
                }
            }
            else if (options.DryRun || await api.Storage.DeleteAsync(r, req.Namespace, req.Name, rv, req.Aborted) is not null)
            {
                return (current, true, ObjectMeta.Uid(current));
            }
            if (attempt >= MaxAttempts) throw ApiErrors.Conflict(req.GroupResource, req.Name, ApiErrors.ObjectModified);
        }
    }

    private static void CheckPreconditions(ApiRequest req, DeleteOptions options, JsonObject current)
    {
        if (options.PreconditionUid is { } uid && uid != ObjectMeta.Uid(current))
            throw ApiErrors.Conflict(req.GroupResource, req.Name,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(current)}");
        if (options.PreconditionResourceVersion is { } rv && rv != ObjectMeta.ResourceVersion(current))
            throw ApiErrors.Conflict(req.GroupResource, req.Name,
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
