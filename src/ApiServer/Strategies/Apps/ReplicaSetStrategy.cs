using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Apps;

/// <summary>
/// ReplicaSets (apps/v1): replicas default 1 with pod template defaults, status reset to <c>replicas: 0</c> on
/// create, ValidateReplicaSetSpec and the immutable selector of apps/v1.
/// </summary>
public sealed class ReplicaSetStrategy : ResourceStrategy
{
    public ReplicaSetStrategy() => TracksGeneration = true;

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["replicas"] = 0 };
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Node.Default(WorkloadDefaults.SpecWithTemplate(obj), "replicas", 1);
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidateSpec(obj));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = ValidateSpec(obj);
        WorkloadValidation.SelectorImmutable(obj, old, errs);
        return Causes.Of(errs);
    }

    private static List<FieldError> ValidateSpec(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        WorkloadValidation.NonNegative(spec, "replicas", path, errs);
        WorkloadValidation.NonNegative(spec, "minReadySeconds", path, errs);
        // Upstream's ReplicaSet message says "deployment" too.
        var selector = WorkloadValidation.RequiredSelector(spec, path, "empty selector is invalid for deployment", "invalid label selector", errs);
        if (selector is not null)
        {
            WorkloadValidation.TemplateForReplicaSet(selector, Node.Obj(spec, "template"), path.Child("template"), "ReplicaSet", errs);
        }

        return errs;
    }
}
