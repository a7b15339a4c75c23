using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Apps;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Batch;

/// <summary>validateJobSpec (v1.32), shared by Jobs and CronJob job templates: counts, modes, pod failure policy, template.</summary>
internal static class JobSpecValidation
{
    private const long MaxParallelismForIndexed = 100000;

    public static void Validate(JsonObject? spec, FieldPath path, List<FieldError> errs)
    {
        foreach (var field in new[] { "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes" })
        {
            WorkloadValidation.NonNegative(spec, field, path, errs);
        }

        var indexed = Node.S(spec, "completionMode") == "Indexed";
        if (Node.Str(spec, "completionMode") is { } mode)
        {
            if (mode is not ("NonIndexed" or "Indexed"))
            {
                errs.Add(FieldError.NotSupported(path.Child("completionMode"), mode, ["NonIndexed", "Indexed"]));
            }

            if (indexed)
            {
                if (!Node.Has(spec, "completions"))
                {
                    errs.Add(FieldError.Required(path.Child("completions"), "when completion mode is Indexed"));
                }

                if (Node.Int(spec, "parallelism") is > MaxParallelismForIndexed and var parallelism)
                {
                    errs.Add(FieldError.Invalid(path.Child("parallelism"), parallelism,
                        $"must be less than or equal to {MaxParallelismForIndexed} when completion mode is Indexed"));
                }
            }
        }

        if (Node.Has(spec, "backoffLimitPerIndex") && !indexed)
        {
            errs.Add(FieldError.Forbidden(path.Child("backoffLimitPerIndex"), "requires indexed completion mode"));
        }

        if (Node.Has(spec, "maxFailedIndexes") && !Node.Has(spec, "backoffLimitPerIndex"))
        {
            errs.Add(FieldError.Required(path.Child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
        }

        var failurePolicy = Node.Obj(spec, "podFailurePolicy");
        if (failurePolicy is not null)
        {
            PodFailurePolicyValidation.Validate(failurePolicy, Node.Obj(Node.Obj(spec, "template"), "spec"), path.Child("podFailurePolicy"), errs);
        }

        if (Node.Str(spec, "podReplacementPolicy") is { } replacement)
        {
            if (failurePolicy is not null)
            {
                if (replacement != "Failed")
                {
                    errs.Add(FieldError.NotSupported(path.Child("podReplacementPolicy"), replacement, ["Failed"]));
                }
            }
            else if (replacement is not ("Failed" or "TerminatingOrFailed"))
            {
                errs.Add(FieldError.NotSupported(path.Child("podReplacementPolicy"), replacement, ["Failed", "TerminatingOrFailed"]));
            }
        }

        var template = Node.Obj(spec, "template");
        PodSpecValidation.ValidateTemplate(template, path.Child("template"), errs);
        var restartPath = path.Child("template", "spec", "restartPolicy");
        var restart = Node.S(Node.Obj(template, "spec"), "restartPolicy");
        if (restart is "Always" or "")
        {
            errs.Add(FieldError.Required(restartPath, "valid values: \"OnFailure\", \"Never\""));
        }
        else if (restart is not ("OnFailure" or "Never"))
        {
            errs.Add(FieldError.NotSupported(restartPath, restart, ["OnFailure", "Never"]));
        }
        else if (failurePolicy is not null && restart != "Never")
        {
            errs.Add(FieldError.Invalid(restartPath, restart, "only \"Never\" is supported when podFailurePolicy is specified"));
        }
    }
}
