using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>
/// ValidatePodUpdate (v1.32): only container images, activeDeadlineSeconds (lowered), added tolerations,
/// removed scheduling gates and a negative grace period raised to 1 may change in a pod's spec.
/// </summary>
internal static class PodUpdateValidation
{
    public const string UpdatableFields =
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
        + "`spec.tolerations` (only additions to existing tolerations),"
        + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static void Validate(JsonObject? spec, JsonObject? oldSpec, List<FieldError> errs)
    {
        var specPath = FieldPath.Root("spec");
        if (ContainerUpdates(Node.Arr(spec, "containers"), Node.Arr(oldSpec, "containers"), specPath.Child("containers"), errs)
            || ContainerUpdates(Node.Arr(spec, "initContainers"), Node.Arr(oldSpec, "initContainers"), specPath.Child("initContainers"), errs))
        {
            return;
        }

        var deadlinePath = specPath.Child("activeDeadlineSeconds");
        var newDeadline = Node.Int(spec, "activeDeadlineSeconds");
        var oldDeadline = Node.Int(oldSpec, "activeDeadlineSeconds");
        if (newDeadline is { } nd)
        {
            if (nd is < 0 or > int.MaxValue)
            {
                errs.Add(FieldError.Invalid(deadlinePath, nd, Formats.InclusiveRange(0, int.MaxValue)));
                return;
            }

            if (oldDeadline is { } od && od < nd)
            {
                errs.Add(FieldError.Invalid(deadlinePath, nd, "must be less than or equal to previous value"));
                return;
            }
        }
        else if (oldDeadline is not null)
        {
            errs.Add(FieldError.Invalid(deadlinePath, null, "must not update from a positive integer to nil value"));
        }

        OnlyAddedTolerations(Node.Arr(spec, "tolerations"), Node.Arr(oldSpec, "tolerations"), specPath.Child("tolerations"), errs);
        OnlyDeletedGates(Node.Arr(spec, "schedulingGates"), Node.Arr(oldSpec, "schedulingGates"), specPath.Child("schedulingGates"), errs);
        if (Semantic.Equal(spec, oldSpec))
        {
            return;
        }

        var munged = (JsonObject?)spec?.DeepClone() ?? [];
        CopyImages(Node.Arr(munged, "containers"), Node.Arr(oldSpec, "containers"));
        CopyImages(Node.Arr(munged, "initContainers"), Node.Arr(oldSpec, "initContainers"));
        foreach (var field in new[] { "activeDeadlineSeconds", "schedulingGates", "tolerations" })
        {
            munged[field] = oldSpec?[field]?.DeepClone();
        }

        if (Node.Int(oldSpec, "terminationGracePeriodSeconds") < 0 && Node.Int(munged, "terminationGracePeriodSeconds") == 1)
        {
            munged["terminationGracePeriodSeconds"] = oldSpec!["terminationGracePeriodSeconds"]!.DeepClone();
        }

        if (!Semantic.Equal(munged, oldSpec))
        {
            errs.Add(FieldError.Forbidden(specPath, "pod updates may not change fields other than " + UpdatableFields + "\n"
                + Semantic.Diff(oldSpec, munged, "spec")));
        }
    }

    private static bool ContainerUpdates(JsonArray? containers, JsonArray? old, FieldPath path, List<FieldError> errs)
    {
        if (Node.Count(containers) != Node.Count(old))
        {
            errs.Add(FieldError.Forbidden(path, "pod updates may not add or remove containers"));
            return true;
        }

        foreach (var (c, i) in Node.Objects(containers))
        {
            var image = Node.S(c, "image");
            if (image.Length == 0)
            {
                errs.Add(FieldError.Required(path.Index(i).Child("image"), string.Empty));
            }

            if (image.Trim().Length != image.Length)
            {
                errs.Add(FieldError.Invalid(path.Index(i).Child("image"), image, "must not have leading or trailing whitespace"));
            }
        }

        return false;
    }

    private static void CopyImages(JsonArray? target, JsonArray? old)
    {
        foreach (var (c, i) in Node.Objects(target))
        {
            c["image"] = (old?[i] as JsonObject)?["image"]?.DeepClone();
        }
    }

    private static void OnlyAddedTolerations(JsonArray? tolerations, JsonArray? old, FieldPath path, List<FieldError> errs)
    {
        foreach (var (oldToleration, _) in Node.Objects(old))
        {
            var found = Node.Objects(tolerations).Any(n =>
            {
                var clone = (JsonObject)oldToleration.DeepClone();
                clone["tolerationSeconds"] = n.Item["tolerationSeconds"]?.DeepClone();
                return Semantic.Equal(clone, n.Item);
            });
            if (!found)
            {
                errs.Add(FieldError.Forbidden(path, "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
        }

        SchedulingValidation.ValidateTolerations(tolerations, path, errs);
    }

    private static void OnlyDeletedGates(JsonArray? gates, JsonArray? old, FieldPath path, List<FieldError> errs)
    {
        var oldNames = Node.Objects(old).Select(g => Node.S(g.Item, "name")).ToHashSet(StringComparer.Ordinal);
        foreach (var (gate, i) in Node.Objects(gates))
        {
            var name = Node.S(gate, "name");
            if (!oldNames.Contains(name))
            {
                errs.Add(FieldError.Forbidden(path.Index(i).Child("name"), $"only deletion is allowed, but found new scheduling gate '{name}'"));
            }
        }
    }
}
