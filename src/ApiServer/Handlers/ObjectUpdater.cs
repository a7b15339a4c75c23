using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Read-modify-write with optimistic concurrency (upstream's GuaranteedUpdate): reads the object, lets the caller
/// produce the replacement, applies the write rules, validation and the status split, and writes it only if the
/// object has not changed meanwhile; otherwise it tries again from the new state. A resourceVersion the client
/// set is a precondition: if it is stale the update fails with 409 instead of retrying.
/// </summary>
public sealed class ObjectUpdater(ApiServices api, ManagedFieldsRecorder fields)
{
    private const int MaxAttempts = 16;

    /// <summary>Makes the replacement from a private copy of the current object.</summary>
    public delegate ValueTask<JsonObject> Mutation(JsonObject current);

    /// <summary>Replaces the object with <paramref name="replacement"/> (a PUT): no copy of the current object is needed.</summary>
    public Task<UpdateResult> ReplaceAsync(ApiRequest req, JsonObject replacement, bool dryRun) =>
        UpdateCoreAsync(req, _ => ValueTask.FromResult(replacement), dryRun, "Update", null, kindRules: true, copyCurrent: false);

    /// <param name="statusChange">Applied after the spec/status split, for server-side changes to a main resource's status.</param>
    /// <param name="kindRules">
    /// False for the server's own changes that upstream makes straight in storage (a pod's binding to a node): no
    /// defaulting, no validation but of metadata, and no managed-field entry for the writer.
    /// </param>
    public Task<UpdateResult> UpdateAsync(ApiRequest req, Mutation mutate, bool dryRun, string operation = "Update", Action<JsonObject>? statusChange = null, bool kindRules = true) =>
        UpdateCoreAsync(req, mutate, dryRun, operation, statusChange, kindRules, copyCurrent: true);

    /// <param name="copyCurrent">False only when <paramref name="mutate"/> ignores the object it is given (a replacement).</param>
    private async Task<UpdateResult> UpdateCoreAsync(ApiRequest req, Mutation mutate, bool dryRun, string operation, Action<JsonObject>? statusChange, bool kindRules, bool copyCurrent)
    {
        var r = req.Resource;
        for (var attempt = 0; ; attempt++)
        {
            var current = await api.Storage.GetAsync(r, req.Namespace, req.Name, req.Aborted)
                ?? throw ApiErrors.NotFound(req.GroupResource, req.Name);
            var currentRv = long.Parse(ObjectMeta.ResourceVersion(current), System.Globalization.CultureInfo.InvariantCulture);
            var candidate = await mutate(copyCurrent ? (JsonObject)current.DeepClone() : current);
            var sub = req.Info.Subresource;

            CheckIdentity(req, candidate);
            var preconditionRv = ObjectMeta.ResourceVersion(candidate);
            if (preconditionRv.Length > 0 && preconditionRv != ObjectMeta.ResourceVersion(current))
                throw ApiErrors.Conflict(req.GroupResource, req.Name, ApiErrors.ObjectModified);

            var updated = WriteRules.MergeForUpdate(candidate, current, r, sub);
            statusChange?.Invoke(updated);
            if (kindRules) r.Strategy.Default(updated);
            if (sub != "status") WriteRules.BumpGeneration(updated, current, r);
            if (kindRules) Validation.ValidateUpdate(r, updated, current, sub);
            else Validation.ValidateMetadata(r, updated);

            if (Unchanged(updated, current)) return new UpdateResult(current);
            if (operation != "Apply" && kindRules) updated = fields.Record(req, current, updated, sub);

            if (ReadyToRemove(updated))
            {
                // The last finalizer is gone from an object being deleted: it goes now.
                if (dryRun) return new UpdateResult(updated, Deleted: true);
                var deletedAt = await api.Storage.DeleteAsync(r, req.Namespace, req.Name, currentRv, req.Aborted, stored: current);
                if (deletedAt is { } drv)
                {
                    ObjectMeta.SetResourceVersion(updated, drv);
                    return new UpdateResult(updated, Deleted: true);
                }
            }
            else
            {
                var allocator = api.Allocators.Of(r);
                var requested = allocator is null ? updated : (JsonObject)updated.DeepClone();
                if (allocator is not null) await allocator.AllocateAsync(updated, current, dryRun, req.Aborted);
                if (dryRun) return new UpdateResult(updated);
                try
                {
                    var (rv, served) = await api.Storage.UpdateStoredAsync(r, updated, currentRv, req.Aborted, previous: current);
                    if (rv is { } newRv)
                    {
                        ObjectMeta.SetResourceVersion(updated, newRv);
                        return new UpdateResult(updated) { ServedJson = served, Revision = newRv };
                    }
                }
                catch (ClaimTakenException taken) when (allocator is not null)
                {
                    allocator.OnTaken(taken, requested); // a value asked for: 422; one picked here: the next attempt picks again
                    if (attempt >= MaxAttempts) throw ApiErrors.Conflict(req.GroupResource, req.Name, ApiErrors.ObjectModified);
                    continue;
                }
            }
            if (preconditionRv.Length > 0 || attempt >= MaxAttempts)
                throw ApiErrors.Conflict(req.GroupResource, req.Name, ApiErrors.ObjectModified);
        }
    }

    /// <summary>Being deleted, and nothing holds it back any more (for a namespace: nor its spec finalizers).</summary>
    private static bool ReadyToRemove(JsonObject obj) =>
        ObjectMeta.IsDeleting(obj) && ObjectMeta.Finalizers(obj).Count == 0
        && !(obj["kind"].AsString() == "Namespace" && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 });

    /// <summary>The body may not rename or move the object.</summary>
    private static void CheckIdentity(ApiRequest req, JsonObject candidate)
    {
        WriteRules.CheckTypeMeta(candidate, req.Resource);
        var name = ObjectMeta.Name(candidate);
        if (name.Length == 0) ObjectMeta.Of(candidate)["name"] = req.Name;
        else if (name != req.Name)
            throw ApiErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({req.Name})");
        WriteRules.CheckNamespace(candidate, req.Resource, req.Namespace);
    }

    /// <summary>Equal apart from the resourceVersion (compared as trees: member order is no change): then nothing is written.</summary>
    private static bool Unchanged(JsonObject updated, JsonObject current)
    {
        if (updated.Count != current.Count) return false;
        foreach (var (name, value) in updated)
        {
            // Writes change spec or status far more often than metadata, which is also the costliest to compare
            // (managed fields): it goes last.
            if (name == "metadata") continue;
            if (!current.TryGetPropertyValue(name, out var other) || !JsonValues.NodesEqual(value, other)) return false;
        }
        return (updated["metadata"], current["metadata"]) is (JsonObject a, JsonObject b)
            ? EqualApartFromResourceVersion(a, b)
            : JsonValues.NodesEqual(updated["metadata"], current["metadata"]);
    }

    private static bool EqualApartFromResourceVersion(JsonObject a, JsonObject b)
    {
        var compared = 0;
        foreach (var (name, value) in a)
        {
            if (name == "resourceVersion") continue;
            compared++;
            if (!b.TryGetPropertyValue(name, out var other) || !JsonValues.NodesEqual(value, other)) return false;
        }
        return compared == b.Count - (b.ContainsKey("resourceVersion") ? 1 : 0);
    }
}
