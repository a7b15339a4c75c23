using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// A field an apply would change that another manager owns. <see cref="Field"/> prints the path as the API server
/// does (<c>.spec.containers[name="nginx"].image</c>); <see cref="ManagerDescription"/> names the manager as its
/// conflict messages do (<c>"kubectl-client-side-apply" using apps/v1</c> for an Update manager,
/// <c>"kubectl"</c> for an Apply manager).
/// </summary>
public sealed record ApplyConflict(
    string Manager,
    ManagedFieldsOperation Operation,
    string ApiVersion,
    string Subresource,
    FieldPath Path)
{
    public string Field => Path.ToString();

    public string ManagerDescription =>
        new ManagedFieldsEntry(Manager, Operation, ApiVersion, null, FieldSet.Empty, Subresource).Description;

    /// <summary>The Status cause the API server reports: <c>{"reason":"FieldManagerConflict","message":"conflict with ...","field":".spec.replicas"}</c>.</summary>
    public JsonObject ToStatusCause() => new()
    {
        ["reason"] = "FieldManagerConflict",
        ["message"] = "conflict with " + ManagerDescription,
        ["field"] = Field,
    };
}
