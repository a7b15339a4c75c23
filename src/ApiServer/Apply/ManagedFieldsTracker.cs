using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// Maintains <c>metadata.managedFields</c> across non-apply writes (create, update, non-apply patch) as the API
/// server does. Fields the write adds or changes become owned by the manager's Update entry (merged into what it
/// already owned, its time set to now) and are taken from every other entry; fields the write removes leave every
/// entry; emptied entries disappear; at most ten Update entries are kept (older ones merge into
/// "ancient-changes"). On create every field the object sets is a change. Managed fields sent by the client are
/// honoured on the main resource: a decodable non-empty list replaces the stored one, <c>[]</c> or <c>[{}]</c>
/// clears tracking, anything else falls back to the stored list; subresource writes always use the stored list.
/// An existing object with no managed fields stays untracked.
/// </summary>
public static class ManagedFieldsTracker
{
    /// <param name="old">The stored object, or null for a create; unchanged when this returns.</param>
    /// <param name="updated">The object about to be stored (after the patch, if any); it may carry client-sent managed fields.</param>
    /// <param name="resetFields">Fields this endpoint does not let managers own (e.g. status on the main resource).</param>
    /// <param name="defaults">Property defaults of the OpenAPI documents (for built-in kinds; see <see cref="SchemaDefaults"/>).</param>
    /// <returns><paramref name="updated"/> itself, with <c>metadata.managedFields</c> recomputed: the caller hands it over.</returns>
    public static JsonObject RecordUpdate(
        JsonObject? old,
        JsonObject updated,
        string manager,
        string apiVersion,
        string subresource,
        SchemaNode schema,
        DateTimeOffset now,
        FieldSet? resetFields = null,
        SchemaDefaults? defaults = null)
    {
        var context = new FieldContext(ApplyType.Of(schema), defaults ?? SchemaDefaults.None, resetFields);
        var managers = FieldManagement.Table(StartingEntries(old, updated, subresource ?? string.Empty));
        var result = updated;
        (result["metadata"] as JsonObject)?.Remove("managedFields");
        if (managers.Count == 0 && old is not null)
        {
            return result;
        }

        try
        {
            if (old is null)
            {
                FieldManagement.RecordChanges(managers, context.Defaults.SharedZeroValue(schema), result, FieldManagement.ManagerName(manager),
                    apiVersion, subresource ?? string.Empty, context, now);
            }
            else
            {
                // The stored object is compared without its managed fields; they are set aside for the comparison
                // (and put back in their place) rather than copying the whole object.
                using var _ = ManagedFields.SetAside(old);
                FieldManagement.RecordChanges(managers, old, result, FieldManagement.ManagerName(manager),
                    apiVersion, subresource ?? string.Empty, context, now);
            }
        }
        catch (ApplyException)
        {
            // The API server never fails a write over field tracking: it keeps the stored entries instead.
            if (old?["metadata"]?["managedFields"] is { } stored)
            {
                ((JsonObject)(result["metadata"] ??= new JsonObject()))["managedFields"] = stored.DeepClone();
            }

            return result;
        }

        ManagedFields.Write(result, ManagedFields.Sort(managers.Values));
        return result;
    }

    private static IReadOnlyList<ManagedFieldsEntry> StartingEntries(JsonObject? old, JsonObject updated, string subresource)
    {
        if (subresource.Length == 0)
        {
            if (ManagedFields.IsResetRequest(updated))
            {
                return [];
            }

            if (ManagedFields.TryRead(updated, out var requested) && requested.Count > 0)
            {
                return requested;
            }
        }

        return old is not null && ManagedFields.TryRead(old, out var stored) ? stored : [];
    }
}
