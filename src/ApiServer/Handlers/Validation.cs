using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>Runs metadata and strategy validation and turns any problem into one 422 Invalid.</summary>
public static class Validation
{
    public static void ValidateCreate(ResourceDefinition r, JsonObject obj)
    {
        var causes = new List<StatusCause>();
        causes.AddRange(MetadataRules.Validate(obj, r));
        causes.AddRange(r.Strategy.Validate(obj));
        ThrowIfAny(r, obj, causes);
    }

    public static void ValidateUpdate(ResourceDefinition r, JsonObject obj, JsonObject old, string subresource = "")
    {
        var causes = new List<StatusCause>();
        causes.AddRange(MetadataRules.Validate(obj, r));
        causes.AddRange(subresource == "status" ? r.Strategy.ValidateStatusUpdate(obj, old) : r.Strategy.ValidateUpdate(obj, old));
        ThrowIfAny(r, obj, causes);
    }

    public static void ValidateMetadata(ResourceDefinition r, JsonObject obj) => ThrowIfAny(r, obj, [.. MetadataRules.Validate(obj, r)]);

    private static void ThrowIfAny(ResourceDefinition r, JsonObject obj, List<StatusCause> causes)
    {
        if (causes.Count > 0) throw ApiErrors.Invalid(r.Group, r.Kind, ObjectMeta.Name(obj), causes);
    }
}
