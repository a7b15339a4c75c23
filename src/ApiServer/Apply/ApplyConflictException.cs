using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// An apply without force would change fields other managers own: the server answers 409 Conflict with
/// <see cref="ToStatus"/>. The message matches the API server's, e.g.
/// <c>Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas</c>, or
/// for several <c>Apply failed with 2 conflicts: conflicts with "m" using apps/v1:\n- .a\n- .b</c> grouped per
/// manager in the order of the managers' identities.
/// </summary>
public sealed class ApplyConflictException(IReadOnlyList<ApplyConflict> conflicts) : Exception(FormatMessage(conflicts))
{
    public IReadOnlyList<ApplyConflict> Conflicts { get; } = conflicts;

    public JsonArray ToStatusCauses() => [.. Conflicts.Select(conflict => (JsonNode)conflict.ToStatusCause())];

    /// <summary>The complete 409 Status object.</summary>
    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = "Conflict",
        ["details"] = new JsonObject { ["causes"] = ToStatusCauses() },
        ["code"] = 409,
    };

    private static string FormatMessage(IReadOnlyList<ApplyConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].ManagerDescription}: {conflicts[0].Field}";
        }

        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(Identity).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            lines.Add($"conflicts with {group.First().ManagerDescription}:");
            lines.AddRange(group.Select(conflict => "- " + conflict.Field));
        }

        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }

    internal static string Identity(ApplyConflict conflict) =>
        ManagedFieldsEntry.IdentityOf(conflict.Manager, conflict.Operation, conflict.ApiVersion, conflict.Subresource);
}
