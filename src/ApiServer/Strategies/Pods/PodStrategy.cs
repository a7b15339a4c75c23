using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>
/// Pods (core/v1): v1.32 defaulting (SetDefaults_Pod and SetDefaults_PodSpec with volumes, containers and
/// probes), a Pending status with the computed QoS class on create, ValidatePodCreate's checks and the
/// pod update rules (only images, activeDeadlineSeconds, added tolerations, removed scheduling gates).
/// </summary>
public sealed class PodStrategy : ResourceStrategy
{
    /// <summary>
    /// Adds the default not-ready/unreachable tolerations (<see cref="DefaultTolerations"/>) and sets status to phase
    /// Pending with the QoS class of the defaulted spec (and the gated condition).
    /// </summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        DefaultTolerations.Apply(Node.Obj(obj, "spec"));
        var defaulted = (JsonObject)obj.DeepClone();
        Default(defaulted);
        var spec = Node.Obj(defaulted, "spec");
        var status = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Compute(spec) };
        if (Node.Count(spec?["schedulingGates"]) > 0)
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "False",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = Node.Obj(obj, "metadata")?["creationTimestamp"]?.DeepClone(),
                ["reason"] = "SchedulingGated",
                ["message"] = "Scheduling is blocked due to non-empty scheduling gates",
            });
        }

        obj["status"] = status;
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        PodSpecDefaults.ApplyPod(Node.Ensure(obj, "spec"));
        if (Node.Obj(obj, "status") is { } status)
        {
            SyncIps(status, "podIP", "podIPs");
            SyncIps(status, "hostIP", "hostIPs");
        }
    }

    // The v1 conversion keeps the single-IP fields equal to the first entry of their lists.
    private static void SyncIps(JsonObject status, string single, string list)
    {
        if (Node.Count(status[list]) == 0 && Node.S(status, single) is { Length: > 0 } ip)
        {
            status[list] = new JsonArray(new JsonObject { ["ip"] = ip });
        }
        else if (Node.Arr(status, list) is { Count: > 0 } ips && ips[0] is JsonObject first && Node.S(first, "ip").Length > 0)
        {
            status[single] = Node.S(first, "ip");
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidatePod(obj, create: true));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = ValidatePod(obj, create: false);
        ValidateAnnotationUpdates(Annotations(obj), Annotations(old), errs);
        PodUpdateValidation.Validate(Node.Obj(obj, "spec"), Node.Obj(old, "spec"), errs);
        return Causes.Of(errs);
    }

    /// <summary>Upstream's pod status strategy: the status rules only, the spec and metadata being the stored ones.</summary>
    public override IEnumerable<StatusCause> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errs = new List<FieldError>();
        PodStatusValidation.Validate(Node.Obj(obj, "status"), Node.Obj(old, "status"), Node.Obj(obj, "spec"), errs);
        return Causes.Of(errs);
    }

    private static List<FieldError> ValidatePod(JsonObject obj, bool create)
    {
        var spec = Node.Obj(obj, "spec");
        var errs = new List<FieldError>();
        PodSpecValidation.ValidateSpecificAnnotations(Annotations(obj), spec, FieldPath.Root("metadata", "annotations"), errs);
        errs.AddRange(PodSpecValidation.ValidatePod(spec, Node.S(Node.Obj(obj, "metadata"), "name")));
        if (create)
        {
            var specPath = FieldPath.Root("spec");
            if (Node.Count(spec?["ephemeralContainers"]) > 0)
            {
                errs.Add(FieldError.Forbidden(specPath.Child("ephemeralContainers"), "cannot be set on create"));
            }

            if (Node.S(spec, "nodeName").Length > 0 && Node.Count(spec?["schedulingGates"]) > 0)
            {
                errs.Add(FieldError.Forbidden(specPath.Child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
            }
        }

        return errs;
    }

    private static JsonObject? Annotations(JsonObject obj) => Node.Obj(Node.Obj(obj, "metadata"), "annotations");

    private static void ValidateAnnotationUpdates(JsonObject? annotations, JsonObject? old, List<FieldError> errs)
    {
        const string mirror = "kubernetes.io/config.mirror";
        var path = FieldPath.Root("metadata", "annotations").Key(mirror);
        var had = Node.Str(old, mirror);
        var has = Node.Str(annotations, mirror);
        if (had is not null && had != has)
        {
            errs.Add(FieldError.Forbidden(path, "may not remove or update mirror pod annotation"));
        }
        else if (had is null && has is not null)
        {
            errs.Add(FieldError.Forbidden(path, "may not add mirror pod annotation"));
        }
    }
}
