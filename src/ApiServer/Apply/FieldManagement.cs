using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// The bookkeeping shared by apply and non-apply writes: the table of managers keyed by identity, recording an
/// update's changes, stripping server-managed fields from what a manager owns, and capping Update managers.
/// </summary>
internal static class FieldManagement
{
    public const string BeforeFirstApply = "before-first-apply";
    public const string AncientChanges = "ancient-changes";
    public const string UnknownManager = "unknown";
    public const int MaxUpdateManagers = 10;

    /// <summary>Paths the API server never records for the manager that writes them (exact paths, not subtrees).</summary>
    private static readonly FieldSet Stripped = FieldSet.Of(
        FieldPath.Of("apiVersion"),
        FieldPath.Of("kind"),
        FieldPath.Of("metadata"),
        FieldPath.Of("metadata", "name"),
        FieldPath.Of("metadata", "namespace"),
        FieldPath.Of("metadata", "creationTimestamp"),
        FieldPath.Of("metadata", "selfLink"),
        FieldPath.Of("metadata", "uid"),
        FieldPath.Of("metadata", "clusterName"),
        FieldPath.Of("metadata", "generation"),
        FieldPath.Of("metadata", "managedFields"),
        FieldPath.Of("metadata", "resourceVersion"),
        FieldPath.Of("metadata", "deletionTimestamp"),
        FieldPath.Of("metadata", "deletionGracePeriodSeconds"));

    public static FieldSet Strip(FieldSet set) => set.Difference(Stripped);

    public static string ManagerName(string manager) => string.IsNullOrEmpty(manager) ? UnknownManager : manager;

    public static Dictionary<string, ManagedFieldsEntry> Table(IEnumerable<ManagedFieldsEntry> entries)
    {
        var table = new Dictionary<string, ManagedFieldsEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            table[entry.Identity] = entry;
        }

        return table;
    }

    public static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }

    /// <summary>
    /// Records a non-apply write: fields it added or changed move to <paramref name="manager"/>'s Update entry
    /// (merged into what it owned; its time set to <paramref name="now"/>) and leave every other entry; removed
    /// fields leave every entry; emptied entries disappear.
    /// </summary>
    public static void RecordChanges(
        Dictionary<string, ManagedFieldsEntry> managers,
        JsonNode old,
        JsonNode updated,
        string manager,
        string apiVersion,
        string subresource,
        FieldContext context,
        DateTimeOffset now)
    {
        FieldSet changed;
        if (managers.Count == 0)
        {
            // Nobody owns anything yet (a create): there is nothing to take away, so removals need not be found.
            changed = context.Changes(old, updated);
        }
        else
        {
            var comparison = context.Compare(old, updated);
            changed = comparison.Changed;
            TakeAway(managers, changed, comparison.Removed, except: null);
        }

        var current = Strip(changed);
        if (!current.IsEmpty)
        {
            var identity = ManagedFieldsEntry.IdentityOf(manager, ManagedFieldsOperation.Update, apiVersion, subresource);
            var owned = managers.TryGetValue(identity, out var previous) ? previous.Fields.Union(current) : current;
            managers[identity] = new ManagedFieldsEntry(manager, ManagedFieldsOperation.Update, apiVersion, now, owned, subresource);
        }

        CapUpdateManagers(managers);
    }

    /// <summary>Removes changed and removed fields from every entry but <paramref name="except"/>; drops emptied entries.</summary>
    public static void TakeAway(Dictionary<string, ManagedFieldsEntry> managers, FieldSet changed, FieldSet removed, string? except)
    {
        foreach (var (identity, entry) in managers.ToList())
        {
            if (identity == except)
            {
                continue;
            }

            var owned = entry.Fields;
            var conflicting = owned.Intersection(changed);
            if (!conflicting.IsEmpty)
            {
                owned = owned.Difference(conflicting);
            }

            if (!removed.IsEmpty)
            {
                owned = owned.Difference(removed);
            }

            if (owned.IsEmpty)
            {
                managers.Remove(identity);
            }
            else if (!ReferenceEquals(owned, entry.Fields))
            {
                managers[identity] = entry with { Fields = owned };
            }
        }
    }

    /// <summary>
    /// Keeps at most <see cref="MaxUpdateManagers"/> Update entries: the oldest ones (by time, then identity) are
    /// merged per API version into one "ancient-changes" entry.
    /// </summary>
    public static void CapUpdateManagers(Dictionary<string, ManagedFieldsEntry> managers)
    {
        if (managers.Count <= MaxUpdateManagers)
        {
            return;
        }

        var updaters = managers.Where(pair => pair.Value.Operation == ManagedFieldsOperation.Update)
            .OrderBy(pair => pair.Value.Time?.ToUnixTimeSeconds() ?? 0)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key)
            .ToList();
        var count = updaters.Count;
        var firstPerVersion = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < updaters.Count && count > MaxUpdateManagers; i++)
        {
            var entry = managers[updaters[i]];
            var bucket = ManagedFieldsEntry.IdentityOf(AncientChanges, ManagedFieldsOperation.Update, entry.ApiVersion, string.Empty);
            if (!firstPerVersion.TryGetValue(entry.ApiVersion, out var first))
            {
                firstPerVersion[entry.ApiVersion] = updaters[i];
                continue;
            }

            if (!managers.TryGetValue(bucket, out var merged))
            {
                merged = managers[first] with { Manager = AncientChanges, Subresource = string.Empty };
                managers.Remove(first);
            }

            managers[bucket] = merged with { Fields = entry.Fields.Union(merged.Fields), Time = entry.Time };
            managers.Remove(updaters[i]);
            count--;
        }
    }
}
