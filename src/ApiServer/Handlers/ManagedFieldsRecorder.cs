using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// Keeps <c>metadata.managedFields</c> on every non-apply write: the writer's Update entry owns what it changed.
/// The fields an endpoint resets (status for the main resource, spec for /status) are never owned through it.
/// </summary>
public sealed class ManagedFieldsRecorder(ApiServices api)
{
    private static readonly FieldSet StatusFields = FieldSet.Of(FieldPath.Of("status"));
    private static readonly FieldSet SpecFields = FieldSet.Of(FieldPath.Of("spec"));

    public JsonObject Record(ApiRequest req, JsonObject? old, JsonObject updated, string subresource)
    {
        var r = req.Resource;
        var schema = api.SchemaFor(r) ?? SchemaNode.Unknown;
        return ManagedFieldsTracker.RecordUpdate(old, updated, req.FieldManager, r.ApiVersion, subresource, schema, api.Now,
            ResetFields(r, subresource), api.Schemas.Defaults);
    }

    public static FieldSet? ResetFields(ResourceDefinition r, string subresource) =>
        !r.HasStatus ? null : subresource == "status" ? SpecFields : subresource.Length == 0 ? StatusFields : null;
}
