using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;
using Cluster.ApiServer.Strategies.Storage;

namespace Cluster.ApiServer.Strategies.Apps;

/// <summary>
/// StatefulSets (apps/v1): SetDefaults_StatefulSet (OrderedReady, RollingUpdate partition 0, Retain/Retain claim
/// retention, replicas 1, revisionHistoryLimit 10), template and claim template defaults, ValidateStatefulSetSpec
/// (like upstream, the pod spec itself is not validated) and the update rule that only replicas, ordinals,
/// template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds may change.
/// </summary>
public sealed class StatefulSetStrategy : ResourceStrategy
{
    public StatefulSetStrategy()
    {
        TracksGeneration = true;
        Names = NameRule.Label;
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["replicas"] = 0, ["availableReplicas"] = 0 };
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = WorkloadDefaults.SpecWithTemplate(obj);
        Node.DefaultString(spec, "podManagementPolicy", "OrderedReady");
        var strategy = Node.Ensure(spec, "updateStrategy");
        if (Node.S(strategy, "type").Length == 0)
        {
            strategy["type"] = "RollingUpdate";
            Node.Default(strategy, "rollingUpdate", new JsonObject());
        }

        if (Node.S(strategy, "type") == "RollingUpdate" && Node.Obj(strategy, "rollingUpdate") is { } rolling)
        {
            Node.Default(rolling, "partition", 0);
        }

        var retention = Node.Ensure(spec, "persistentVolumeClaimRetentionPolicy");
        Node.DefaultString(retention, "whenDeleted", "Retain");
        Node.DefaultString(retention, "whenScaled", "Retain");
        Node.Default(spec, "replicas", 1);
        Node.Default(spec, "revisionHistoryLimit", 10);
        foreach (var (claim, _) in Node.Objects(Node.Arr(spec, "volumeClaimTemplates")))
        {
            Node.DefaultString(claim, "apiVersion", "v1");
            Node.DefaultString(claim, "kind", "PersistentVolumeClaim");
            PodSpecDefaults.TemplateMetadata(claim);
            PersistentVolumeClaimDefaults.ApplySpec(Node.Ensure(claim, "spec"));
            Node.DefaultString(Node.Ensure(claim, "status"), "phase", "Pending");
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidateSpec(obj));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = ValidateSpec(obj);
        var spec = (JsonObject?)Node.Obj(obj, "spec")?.DeepClone() ?? [];
        var oldSpec = Node.Obj(old, "spec");
        foreach (var field in new[] { "replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy" })
        {
            spec[field] = oldSpec?[field]?.DeepClone();
        }

        if (!Semantic.Equal(spec, oldSpec))
        {
            errs.Add(FieldError.Forbidden(FieldPath.Root("spec"),
                "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }

        return Causes.Of(errs);
    }

    private static List<FieldError> ValidateSpec(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        var policy = Node.S(spec, "podManagementPolicy");
        if (policy.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("podManagementPolicy"), string.Empty));
        }
        else if (policy is not ("OrderedReady" or "Parallel"))
        {
            errs.Add(FieldError.Invalid(path.Child("podManagementPolicy"), policy, "must be 'OrderedReady' or 'Parallel'"));
        }

        ValidateUpdateStrategy(Node.Obj(spec, "updateStrategy"), path.Child("updateStrategy"), errs);
        var retention = Node.Obj(spec, "persistentVolumeClaimRetentionPolicy");
        if (retention is not null)
        {
            foreach (var field in new[] { "whenDeleted", "whenScaled" })
            {
                var value = Node.S(retention, field);
                if (value is not ("Retain" or "Delete"))
                {
                    errs.Add(FieldError.NotSupported(path.Child("persistentVolumeClaimRetentionPolicy", field), value, ["Retain", "Delete"]));
                }
            }
        }

        WorkloadValidation.NonNegative(spec, "replicas", path, errs);
        WorkloadValidation.NonNegative(spec, "minReadySeconds", path, errs);
        WorkloadValidation.NonNegative(Node.Obj(spec, "ordinals"), "start", path.Child("ordinals"), errs);
        var selector = WorkloadValidation.RequiredSelector(spec, path, "empty selector is invalid for statefulset", string.Empty, errs);
        var template = Node.Obj(spec, "template");
        var templatePath = path.Child("template");
        if (selector is not null)
        {
            WorkloadValidation.TemplateMatches(selector, template, templatePath, errs);
            var meta = Node.Obj(template, "metadata");
            MetadataValidation.ValidateLabels(meta?["labels"], templatePath.Child("labels"), errs);
            MetadataValidation.ValidateAnnotations(meta?["annotations"], templatePath.Child("annotations"), errs);
            PodSpecValidation.ValidateSpecificAnnotations(Node.Obj(meta, "annotations"), Node.Obj(template, "spec"), templatePath.Child("annotations"), errs);
        }

        var restart = Node.S(Node.Obj(template, "spec"), "restartPolicy");
        if (restart != "Always")
        {
            errs.Add(FieldError.NotSupported(templatePath.Child("spec", "restartPolicy"), restart, ["Always"]));
        }

        if (Node.Has(Node.Obj(template, "spec"), "activeDeadlineSeconds"))
        {
            errs.Add(FieldError.Forbidden(templatePath.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in StatefulSet is not Supported"));
        }

        return errs;
    }

    private static void ValidateUpdateStrategy(JsonObject? strategy, FieldPath path, List<FieldError> errs)
    {
        var rolling = Node.Obj(strategy, "rollingUpdate");
        switch (Node.S(strategy, "type"))
        {
            case "":
                errs.Add(FieldError.Required(path, string.Empty));
                break;
            case "OnDelete":
                if (rolling is not null)
                {
                    errs.Add(FieldError.Invalid(path.Child("rollingUpdate"), GoValue.Json(rolling), "only allowed for updateStrategy 'RollingUpdate'"));
                }

                break;
            case "RollingUpdate":
                if (rolling is not null)
                {
                    var rp = path.Child("rollingUpdate");
                    WorkloadValidation.NonNegative(rolling, "partition", rp, errs);
                    if (rolling["maxUnavailable"] is { } maxUnavailable)
                    {
                        IntOrPercent.ValidatePositive(maxUnavailable, rp.Child("maxUnavailable"), errs);
                        if (IntOrPercent.Value(maxUnavailable) == 0)
                        {
                            errs.Add(FieldError.Invalid(rp.Child("maxUnavailable"), GoValue.IntOrString(maxUnavailable), "cannot be 0"));
                        }

                        IntOrPercent.NotMoreThan100Percent(maxUnavailable, rp.Child("maxUnavailable"), errs);
                    }
                }

                break;
            default:
                errs.Add(FieldError.Invalid(path, GoValue.Json(strategy), "must be 'RollingUpdate' or 'OnDelete'"));
                break;
        }
    }
}
