using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// Server-side apply as the Kubernetes API server performs it. The applied configuration is merged into the live
/// object (granular maps per field, list-maps per key in the configuration's order, sets unioned, atomic values
/// replaced); the applier's Apply entry becomes exactly the configuration's fields; fields it applied last time
/// and no longer applies are removed from the object unless some manager still owns them; fields whose value
/// changes are taken from the managers that owned them, which is a conflict unless forced. A null live object
/// means the apply creates it. For the manager <c>kubectl</c>, conflicts on fields that still match the object's
/// client-side apply annotation are forced and the annotation is rewritten, as the API server does to let
/// <c>kubectl apply --server-side</c> take over client-side applied objects. Inputs are never modified.
/// </summary>
public static class ServerSideApply
{
    /// <returns>The new object, with <c>metadata.managedFields</c> set (server-set metadata such as uid is the caller's).</returns>
    /// <exception cref="ApplyException">The configuration is invalid (managedFields set, wrong apiVersion/kind, unidentifiable list items).</exception>
    /// <exception cref="ApplyConflictException">Fields owned by other managers would change and <see cref="ApplyOptions.Force"/> is false.</exception>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, ApplyOptions options, SchemaNode schema)
    {
        Validate(applied, options);
        var context = new FieldContext(ApplyType.Of(schema), options.Defaults ?? SchemaDefaults.None, options.ResetFields);
        var manager = FieldManagement.ManagerName(options.Manager);
        try
        {
            return ApplyOnce(live, applied, options, manager, options.Force, context);
        }
        catch (ApplyConflictException conflict) when (manager == LastAppliedConfiguration.KubectlManager && live is not null)
        {
            var allowed = LastAppliedConfiguration.AllowedConflicts(live, options.ApiVersion, context);
            if (allowed is null)
            {
                throw;
            }

            var remaining = conflict.Conflicts.Where(c => !allowed.Contains(c.Path)).ToList();
            if (remaining.Count > 0)
            {
                throw new ApplyConflictException(remaining);
            }

            return ApplyOnce(live, applied, options, manager, force: true, context);
        }
    }

    private static JsonObject ApplyOnce(JsonObject? live, JsonObject applied, ApplyOptions options, string manager, bool force, FieldContext context)
    {
        var managers = FieldManagement.Table(live is not null && ManagedFields.TryRead(live, out var entries) ? entries : []);
        var liveObject = live is null ? new JsonObject() : FieldManagement.WithoutManagedFields(live);
        if (managers.Count == 0 && live is not null)
        {
            // An object nobody tracked yet: whoever wrote it so far owns what is there.
            var zero = context.Type.Node is { } root ? context.Defaults.ZeroValue(root) : new JsonObject();
            FieldManagement.RecordChanges(managers, zero, liveObject,
                FieldManagement.BeforeFirstApply, options.ApiVersion, options.Subresource, context, options.Now);
        }

        var appliedFields = context.WithoutResetFields(FieldSetBuilder.FromObject(applied, context.Type, context.Defaults, rejectDuplicates: true));
        var merged = ObjectMerger.Merge(liveObject, applied, context.Type, context.Defaults) as JsonObject ?? new JsonObject();
        var identity = ManagedFieldsEntry.IdentityOf(manager, ManagedFieldsOperation.Apply, string.Empty, options.Subresource);
        var previous = managers.GetValueOrDefault(identity);
        managers[identity] = new ManagedFieldsEntry(manager, ManagedFieldsOperation.Apply, options.ApiVersion, previous?.Time, appliedFields, options.Subresource);

        var result = Prune(merged, managers, previous?.Fields, context);
        var comparison = context.Compare(liveObject, result);
        var changed = comparison.Changed;
        var conflicts = new List<ApplyConflict>();
        foreach (var (key, entry) in managers.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (key != identity)
            {
                conflicts.AddRange(entry.Fields.Intersection(changed).Paths.Select(path =>
                    new ApplyConflict(entry.Manager, entry.Operation, entry.ApiVersion, entry.Subresource, path)));
            }
        }

        if (!force && conflicts.Count > 0)
        {
            throw new ApplyConflictException(conflicts);
        }

        FieldManagement.TakeAway(managers, changed, comparison.Removed, except: identity);
        var own = FieldManagement.Strip(managers[identity].Fields);
        var objectChanged = !JsonValues.NodesEqual(liveObject, result) || live is null;
        if (own.IsEmpty)
        {
            managers.Remove(identity);
        }
        else
        {
            managers[identity] = managers[identity] with { Fields = own, Time = objectChanged ? options.Now : previous?.Time };
        }

        if (manager == LastAppliedConfiguration.KubectlManager)
        {
            LastAppliedConfiguration.Update(result, applied);
        }

        ManagedFields.Write(result, ManagedFields.Sort(managers.Values));
        return result;
    }

    /// <summary>
    /// Removes what the applier owned last time and no longer applies, unless another manager (or the new
    /// configuration) still owns it. Declared struct fields count as owned when something below them is, so an
    /// abandoned field is removed whole, including values nobody owns.
    /// </summary>
    private static JsonObject Prune(JsonObject merged, Dictionary<string, ManagedFieldsEntry> managers, FieldSet? lastApplied, FieldContext context)
    {
        if (lastApplied is null || lastApplied.IsEmpty)
        {
            return merged;
        }

        var type = context.Type;
        var last = NamedFieldMembers.Ensure(lastApplied, type);
        var owned = NamedFieldMembers.Ensure(managers.Values.Aggregate(FieldSet.Empty, (all, entry) => all.Union(entry.Fields)), type);
        var mergedFields = NamedFieldMembers.Ensure(context.FieldsOf(merged), type);

        var withoutLast = Remove(merged, last, context);
        var survivors = NamedFieldMembers.Ensure(context.FieldsOf(withoutLast), type);
        var ownedBack = Remove(merged, mergedFields.Difference(survivors.Union(owned)), context);
        var kept = NamedFieldMembers.Ensure(context.FieldsOf(ownedBack), type);
        return Remove(merged, mergedFields.Difference(kept).Intersection(last), context);
    }

    private static JsonObject Remove(JsonObject obj, FieldSet fields, FieldContext context) =>
        fields.IsEmpty ? obj : ItemRemover.Remove(obj, fields, context.Type, context.Defaults) as JsonObject ?? new JsonObject();

    private static void Validate(JsonObject applied, ApplyOptions options)
    {
        if (applied["metadata"] is JsonObject metadata && metadata["managedFields"] is not null)
        {
            throw new ApplyException("metadata.managedFields must be nil");
        }

        var apiVersion = Text(applied["apiVersion"]);
        var kind = Text(applied["kind"]);
        if (apiVersion != options.ApiVersion || (options.Kind is not null && kind != options.Kind))
        {
            throw new ApplyException($"invalid object type: {apiVersion}, Kind={kind}");
        }
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;
}
