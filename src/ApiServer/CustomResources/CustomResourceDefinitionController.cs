using System.Globalization;
using System.Text.Json.Nodes;
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
/// deleted are removed, then the CRD itself. Level-triggered: every change reconciles every CRD.
/// </summary>
public sealed partial class CustomResourceDefinitionController(ApiServices api, ResourceRegistry builtIn, ILogger logger)
{
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
            while (!ct.IsCancellationRequested)
            {
                var changed = cache.Changed;
                var state = cache.State;
                if (state.Revision != seen)
                {
                    try
                    {
                        await ReconcileAsync(state, ct);
                        seen = state.Revision;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogFailed(logger, e);
                        await Task.Delay(TimeSpan.FromSeconds(1), api.Time, ct); // then try the same state again
                        continue;
                    }
                }
                await changed.WaitAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ReconcileAsync(CacheState state, CancellationToken ct)
    {
        // Names already accepted stay accepted; among the rest the older CRD wins (timestamps have second resolution).
        var definitions = state.Objects.Values
            .Select(o => (JsonObject)JsonNode.Parse(o.Json)!)
            .OrderBy(o => NamesAccepted(o) ? 0 : 1)
            .ThenBy(o => (string?)o["metadata"]?["creationTimestamp"], StringComparer.Ordinal)
            .ThenBy(o => long.TryParse((string?)o["metadata"]?["resourceVersion"], CultureInfo.InvariantCulture, out var rv) ? rv : long.MaxValue)
            .ToList();
        var served = new List<ResourceDefinition>(builtIn.All);
        var statuses = new List<(JsonObject Crd, JsonObject Status)>();
        foreach (var crd in definitions)
        {
            var conflict = CustomResourceDefinitions.NameConflict(crd, served);
            var resources = conflict is null ? CustomResourceDefinitions.Resources(crd).ToList() : [];
            served.AddRange(resources);
            statuses.Add((crd, Status(crd, conflict, resources.Count > 0)));
        }
        var registry = new ResourceRegistry(served);
        api.Publish(registry);
        await api.Caches.RetireAsync(registry);

        foreach (var (crd, status) in statuses)
        {
            if (!JsonNode.DeepEquals(crd["status"], status)) await WriteStatusAsync(crd, status, ct);
            else if (crd["metadata"]?["deletionTimestamp"] is not null) await FinishDeletionAsync(crd, ct);
        }
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

    private async Task FinishDeletionAsync(JsonObject crd, CancellationToken ct)
    {
        var finalizers = (crd["metadata"]?["finalizers"] as JsonArray)?.Select(f => (string?)f).OfType<string>().ToList() ?? [];
        if (!finalizers.Contains(CustomResourceDefinitionStrategy.CleanupFinalizer)) return;
        var spec = (JsonObject)crd["spec"]!;
        var prefix = System.Text.Encoding.UTF8.GetBytes($"/registry/{(string?)spec["group"]}/{(string?)spec["names"]?["plural"]}/");
        await api.Storage.Store.DeleteRangeAsync(new DeleteRangeRequest(prefix, KeyRange.PrefixEnd(prefix)), ct);
        var revision = long.Parse((string)crd["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
        var name = (string)crd["metadata"]!["name"]!;
        finalizers.Remove(CustomResourceDefinitionStrategy.CleanupFinalizer);
        if (finalizers.Count == 0)
        {
            await api.Storage.DeleteAsync(_crds, "", name, revision, ct);
            LogDeleted(logger, name);
            return;
        }
        var updated = (JsonObject)crd.DeepClone();
        ObjectMeta.Of(updated)["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]);
        ObjectMeta.Of(updated).Remove("resourceVersion");
        await api.Storage.UpdateAsync(_crds, updated, revision, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconciling custom resource definitions failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "custom resource definition {Name} and its objects deleted")]
    private static partial void LogDeleted(ILogger logger, string name);
}
