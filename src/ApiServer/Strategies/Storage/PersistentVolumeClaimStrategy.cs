using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Storage;

/// <summary>
/// PersistentVolumeClaims (core/v1): volumeMode Filesystem and status phase Pending by default,
/// ValidatePersistentVolumeClaimSpec, and on update an immutable spec except volumeName (set once) and, for
/// bound claims, a storage request that may only grow.
/// </summary>
public sealed class PersistentVolumeClaimStrategy : ResourceStrategy
{
    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject();
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        PersistentVolumeClaimDefaults.ApplySpec(Node.Ensure(obj, "spec"));
        var status = Node.Ensure(obj, "status");
        Node.DefaultString(status, "phase", "Pending");
        ResourceQuantities.Canonicalize(Node.Obj(status, "capacity"));
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        PersistentVolumeClaimValidation.ValidateSpec(Node.Obj(obj, "spec"), FieldPath.Root("spec"), errs);
        return Causes.Of(errs);
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var oldSpec = Node.Obj(old, "spec");
        PersistentVolumeClaimValidation.ValidateSpec(spec, FieldPath.Root("spec"), errs);
        var newClone = (JsonObject?)spec?.DeepClone() ?? [];
        var oldClone = (JsonObject?)oldSpec?.DeepClone() ?? [];
        if (Node.S(oldSpec, "volumeName").Length == 0)
        {
            oldClone["volumeName"] = newClone["volumeName"]?.DeepClone();
        }

        var bound = Node.S(Node.Obj(obj, "status"), "phase") == "Bound";
        if (bound && Node.Obj(Node.Obj(newClone, "resources"), "requests") is { } requests)
        {
            requests["storage"] = Node.Obj(Node.Obj(oldSpec, "resources"), "requests")?["storage"]?.DeepClone();
            newClone["volumeAttributesClassName"] = oldClone["volumeAttributesClassName"]?.DeepClone();
        }

        if (!Semantic.Equal(newClone, oldClone))
        {
            errs.Add(FieldError.Forbidden(FieldPath.Root("spec"),
                "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n" + Semantic.Diff(oldClone, newClone, "spec")));
        }

        if (Storage(spec) is { } size && Storage(oldSpec) is { } oldSize && size < oldSize)
        {
            errs.Add(FieldError.Forbidden(FieldPath.Root("spec", "resources", "requests", "storage"), "field can not be less than previous value"));
        }

        return Causes.Of(errs);
    }

    private static Cluster.Api.Quantities.Quantity? Storage(JsonObject? spec) =>
        ResourceQuantities.TryParse(Node.Obj(Node.Obj(spec, "resources"), "requests")?["storage"], out var q, out _) ? q : null;
}
