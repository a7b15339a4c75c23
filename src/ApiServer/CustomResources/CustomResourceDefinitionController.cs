using System.Globalization;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Handlers;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.WatchCache;
using Cluster.Store;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// Inside the API server, what apiextensions-apiserver's controllers do: follows the CustomResourceDefinitions in the
/// CRD watch cache (so it also sees changes made through other API servers sharing the store, and after a restart),
/// publishes the registry of built-in plus established custom resources, writes each CRD's status (acceptedNames,
/// NamesAccepted, Established, Terminating, storedVersions), and finishes deletions: the objects of a CRD being
/// deleted are deleted as a client's DELETE would (objects with finalizers are only marked, and the CRD waits for
/// their controllers to let them go), then the CRD itself. Level-triggered: every change reconciles every CRD, and
/// while objects hold a deletion back it looks again every <see cref="DeletionRecheck"/>.
/// </summary>
public sealed partial class CustomResourceDefinitionController(ApiServices api, ResourceRegistry builtIn, ObjectDeleter deleter, ILogger logger)
{
    private static readonly TimeSpan DeletionRecheck = TimeSpan.FromSeconds(1);

    private readonly ResourceDefinition _crds = builtIn.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;

    private long _seen = -1;

    /// <summary>Reconciles the CRDs stored now once, so the first requests already find their resources.</summary>
    public async Task ReadyAsync(CancellationToken ct)
    {
        var state = (await api.Caches.GetAsync(_crds, ct)).State;
        await ReconcileAsync(state, ct);
        _seen = state.Revision;
    }

    /// <summary>Follows CRD changes until <paramref name="ct"/> fires; failures are logged and retried.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var cache = await api.Caches.GetAsync(_crds, ct);
            var seen = _seen;
            var pending = true; // deletions left unfinished by a previous server
            while (!ct.IsCancellationRequested)
            {
                var changed = cache.Changed;
                var state = cache.State;
                if (state.Revision != seen || pending)
                {
                    try
                    {
                        pending = await ReconcileAsync(state, ct);
                        seen = state.Revision;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogFailed(logger, e);
                        await Task.Delay(TimeSpan.FromSeconds(1), api.Time, ct); // then try the same state again
                        continue;
                    }
                }
                if (pending) await Task.WhenAny(changed.WaitAsync(ct), Task.Delay(DeletionRecheck, api.Time, ct));
                else await changed.WaitAsync(ct);
                ct.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Returns whether a deletion waits on objects that finalizers still hold.</summary>
    private async Task<bool> ReconcileAsync(CacheState state, CancellationToken ct)
    {
        // Names already accepted stay accepted; among the rest the older CRD wins (timestamps have second resolution).
        var definitions = state.Objects.Values
            .Select(o => (JsonObject)JsonNode.Parse(o.Json)!)
            .OrderBy(o => NamesAccepted(o) ? 0 : 1)
            .ThenBy(o => (string?)o["metadata"]?["creationTimestamp"], StringComparer.Ordinal)
            .ThenBy(o => long.TryParse((string?)o["metadata"]?["resourceVersion"], CultureInfo.InvariantCulture, out var rv) ? rv : long.MaxValue)
            .ToList();
        var served = new List<ResourceDefinition>(builtIn.All);
        var statuses = new List<(JsonObject Crd, JsonObject Status, List<ResourceDefinition> Resources)>();
        foreach (var crd in definitions)
        {
            var conflict = CustomResourceDefinitions.NameConflict(crd, served);
            var resources = conflict is null ? CustomResourceDefinitions.Resources(crd).ToList() : [];
            served.AddRange(resources);
            statuses.Add((crd, Status(crd, conflict, resources.Count > 0), resources));
        }
        var registry = new ResourceRegistry(served);
        api.Publish(registry);
        await api.Caches.RetireAsync(registry);

        var pending = false;
        foreach (var (crd, status, resources) in statuses)
        {
            if (!JsonNode.DeepEquals(crd["status"], status)) await WriteStatusAsync(crd, status, ct);
            else if (crd["metadata"]?["deletionTimestamp"] is not null) pending |= !await FinishDeletionAsync(crd, resources, ct);
        }
        return pending;
    }

    private static bool NamesAccepted(JsonObject crd) =>
        (crd["status"]?["conditions"] as JsonArray)?.Any(c => (string?)c?["type"] == "NamesAccepted" && (string?)c["status"] == "True") == true;

    private JsonObject Status(JsonObject crd, string? conflict, bool established)
    {
        var spec = crd["spec"] as JsonObject;
        var old = crd["status"] as JsonObject;
        var now = api.Now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var deleting = crd["metadata"]?["deletionTimestamp"] is not null;
        var conditions = new JsonArray
        {
            Condition(old, "NamesAccepted", conflict is null ? "True" : "False", conflict is null ? "NoConflicts" : "NameConflict",
                conflict is null ? "no conflicts found" : conflict, now),
            Condition(old, "Established", established ? "True" : "False", established ? "InitialNamesAccepted" : "NotAccepted",
                established ? "the initial names have been accepted" : "not all names are accepted", now),
        };
        if (deleting) conditions.Add(Condition(old, "Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", now));
        var stored = (old?["storedVersions"] as JsonArray)?.Select(v => (string?)v).OfType<string>().ToList() ?? [];
        var storage = (spec?["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v["storage"] is JsonValue s && s.TryGetValue<bool>(out var b) && b);
        if ((string?)storage?["name"] is { } storageVersion && !stored.Contains(storageVersion)) stored.Add(storageVersion);
        return new JsonObject
        {
            ["acceptedNames"] = conflict is null ? spec?["names"]?.DeepClone() : old?["acceptedNames"]?.DeepClone() ?? new JsonObject { ["plural"] = "", ["kind"] = "" },
            ["conditions"] = conditions,
            ["storedVersions"] = new JsonArray([.. stored.Select(v => (JsonNode?)JsonValue.Create(v))]),
        };
    }

    private static JsonObject Condition(JsonObject? old, string type, string status, string reason, string message, string now)
    {
        var previous = (old?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
        var since = previous is not null && (string?)previous["status"] == status ? (string?)previous["lastTransitionTime"] ?? now : now;
        return new JsonObject { ["type"] = type, ["status"] = status, ["lastTransitionTime"] = since, ["reason"] = reason, ["message"] = message };
    }

    private async Task WriteStatusAsync(JsonObject crd, JsonObject status, CancellationToken ct)
    {
        var updated = (JsonObject)crd.DeepClone();
        updated["status"] = status;
        var revision = long.Parse((string)crd["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
        ObjectMeta.Of(updated).Remove("resourceVersion");
        await api.Storage.UpdateAsync(_crds, updated, revision, ct); // lost a race: the next change reconciles again
    }

    /// <summary>Deletes the CRD's objects, then lets the CRD go; false while finalizers hold objects back.</summary>
    private async Task<bool> FinishDeletionAsync(JsonObject crd, List<ResourceDefinition> resources, CancellationToken ct)
    {
        var finalizers = (crd["metadata"]?["finalizers"] as JsonArray)?.Select(f => (string?)f).OfType<string>().ToList() ?? [];
        if (!finalizers.Contains(CustomResourceDefinitionStrategy.CleanupFinalizer)) return true;
        if (resources.Count > 0 && await DeleteObjectsAsync(resources[0], ct) is var held and > 0)
        {
            LogHeld(logger, (string)crd["metadata"]!["name"]!, held);
            return false;
        }
        var spec = (JsonObject)crd["spec"]!;
        // Objects of a CRD whose names were never accepted were never served; anything under its prefix goes.
        var prefix = System.Text.Encoding.UTF8.GetBytes($"/registry/{(string?)spec["group"]}/{(string?)spec["names"]?["plural"]}/");
        if (resources.Count == 0) await api.Storage.Store.DeleteRangeAsync(new DeleteRangeRequest(prefix, KeyRange.PrefixEnd(prefix)), ct);
        var revision = long.Parse((string)crd["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
        var name = (string)crd["metadata"]!["name"]!;
        finalizers.Remove(CustomResourceDefinitionStrategy.CleanupFinalizer);
        if (finalizers.Count == 0)
        {
            await api.Storage.DeleteAsync(_crds, "", name, revision, ct);
            LogDeleted(logger, name);
            return true;
        }
        var updated = (JsonObject)crd.DeepClone();
        ObjectMeta.Of(updated)["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]);
        ObjectMeta.Of(updated).Remove("resourceVersion");
        await api.Storage.UpdateAsync(_crds, updated, revision, ct);
        return true;
    }

    /// <summary>Deletes every object of <paramref name="r"/> as a plain DELETE would; returns how many finalizers still hold.</summary>
    private async Task<int> DeleteObjectsAsync(ResourceDefinition r, CancellationToken ct)
    {
        var cache = await api.Caches.GetAsync(r, ct);
        await cache.WaitForRevisionAsync(await api.Storage.CurrentRevisionAsync(ct), TimeSpan.FromSeconds(3), ct);
        var held = 0;
        foreach (var target in cache.State.Objects.Values.ToList())
        {
            try
            {
                if (!(await deleter.DeleteAsync(r, target.Namespace, target.Name, ObjectDeleter.Plain, ct)).Removed) held++;
            }
            catch (Errors.ApiException e) when (e.Code == 404)
            {
                // gone meanwhile
            }
        }
        return held;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconciling custom resource definitions failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "custom resource definition {Name} waits for {Count} of its objects to be finalized")]
    private static partial void LogHeld(ILogger logger, string name, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "custom resource definition {Name} and its objects deleted")]
    private static partial void LogDeleted(ILogger logger, string name);
}
