using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Apps;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Batch;

/// <summary>
/// Jobs (batch/v1): the generated controller-uid selector and template labels on create (unless
/// manualSelector), SetDefaults_Job (completions and parallelism 1, backoffLimit 6, NonIndexed, suspend false,
/// manualSelector false, podReplacementPolicy) with template defaults, ValidateJob and the update rules
/// (template, selector, completions, completionMode and podFailurePolicy are immutable).
/// </summary>
public sealed class JobStrategy : ResourceStrategy
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string LegacyJobNameLabel = "job-name";

    public JobStrategy() => TracksGeneration = true;

    /// <summary>Resets status and, unless spec.manualSelector is true, generates the selector from metadata.uid.</summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject();
        var spec = Node.Ensure(obj, "spec");
        if (Node.Bool(spec, "manualSelector") == true)
        {
            return;
        }

        var meta = Node.Obj(obj, "metadata");
        var name = Node.S(meta, "name");
        var uid = Node.S(meta, "uid");
        var labels = Node.Ensure(Node.Ensure(Node.Ensure(spec, "template"), "metadata"), "labels");
        foreach (var (key, value) in new[] { (LegacyJobNameLabel, name), (JobNameLabel, name), (LegacyControllerUidLabel, uid), (ControllerUidLabel, uid) })
        {
            if (!labels.ContainsKey(key))
            {
                labels[key] = value;
            }
        }

        var matchLabels = Node.Ensure(Node.Ensure(spec, "selector"), "matchLabels");
        if (!matchLabels.ContainsKey(ControllerUidLabel))
        {
            matchLabels[ControllerUidLabel] = uid;
        }
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = Node.Ensure(obj, "spec");
        PodSpecDefaults.ApplyTemplate(Node.Ensure(spec, "template"));
        ApplyJobDefaults(obj, spec);
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = ValidateJob(obj);
        var spec = Node.Obj(obj, "spec");
        var name = Node.S(Node.Obj(obj, "metadata"), "name");
        if (Node.S(spec, "completionMode") == "Indexed" && Node.Int(spec, "completions") is > 0 and var completions)
        {
            var hostname = $"{name}-{completions - 1}";
            if (NameValidation.IsDns1123Label(hostname).Count > 0)
            {
                errs.Add(FieldError.Invalid(FieldPath.Root("metadata", "name"), name, "will not able to create pod with invalid DNS label: " + hostname));
            }
        }

        return Causes.Of(errs);
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = ValidateJob(obj);
        var spec = Node.Obj(obj, "spec");
        var oldSpec = Node.Obj(old, "spec");
        var path = FieldPath.Root("spec");
        var indexed = Node.S(spec, "completionMode") == "Indexed" && Node.S(oldSpec, "completionMode") == "Indexed";
        if (!indexed || Node.Int(spec, "completions") != Node.Int(spec, "parallelism"))
        {
            Immutable(spec, oldSpec, "completions", path, errs);
        }

        Immutable(spec, oldSpec, "selector", path, errs);
        var template = (JsonObject?)Node.Obj(spec, "template")?.DeepClone();
        var oldTemplate = (JsonObject?)Node.Obj(oldSpec, "template")?.DeepClone();
        if (Node.Bool(oldSpec, "suspend") == true && !Node.Has(Node.Obj(old, "status"), "startTime") && template is not null && oldTemplate is not null)
        {
            // A suspended job that never started may change its scheduling directives.
            MutableSchedulingDirectives(template, oldTemplate);
        }

        if (!Semantic.Equal(template, oldTemplate))
        {
            errs.Add(FieldError.Invalid(path.Child("template"), GoValue.Json(Node.Obj(spec, "template")), "field is immutable"));
        }

        Immutable(spec, oldSpec, "completionMode", path, errs);
        Immutable(spec, oldSpec, "podFailurePolicy", path, errs);
        return Causes.Of(errs);
    }

    /// <summary>SetDefaults_Job on a job (the template is already defaulted).</summary>
    internal static void ApplyJobDefaults(JsonObject obj, JsonObject spec)
    {
        if (!Node.Has(spec, "completions") && !Node.Has(spec, "parallelism"))
        {
            spec["completions"] = 1;
        }

        Node.Default(spec, "parallelism", 1);
        Node.Default(spec, "backoffLimit", Node.Has(spec, "backoffLimitPerIndex") ? int.MaxValue : 6);
        var templateLabels = Node.Obj(Node.Obj(Node.Obj(spec, "template"), "metadata"), "labels");
        var meta = Node.Ensure(obj, "metadata");
        if (templateLabels is not null && Node.Count(meta["labels"]) == 0)
        {
            meta["labels"] = templateLabels.DeepClone();
        }

        Node.Default(spec, "completionMode", "NonIndexed");
        Node.Default(spec, "suspend", false);
        Node.Default(spec, "podReplacementPolicy", Node.Has(spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
        Node.Default(spec, "manualSelector", false);
        DefaultPodFailurePolicy(spec);
    }

    /// <summary>onPodConditions patterns default to status True.</summary>
    internal static void DefaultPodFailurePolicy(JsonObject? spec)
    {
        foreach (var (rule, _) in Node.Objects(Node.Arr(Node.Obj(spec, "podFailurePolicy"), "rules")))
        {
            foreach (var (pattern, _) in Node.Objects(Node.Arr(rule, "onPodConditions")))
            {
                Node.DefaultString(pattern, "status", "True");
            }
        }
    }

    private static List<FieldError> ValidateJob(JsonObject obj)
    {
        var errs = new List<FieldError>();
        ValidateGeneratedSelector(obj, errs);
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        JobSpecValidation.Validate(spec, path, errs);
        var selector = Node.Obj(spec, "selector");
        if (selector is null)
        {
            errs.Add(FieldError.Required(path.Child("selector"), string.Empty));
        }
        else
        {
            SelectorValidation.Validate(selector, path.Child("selector"), errs);
        }

        var labels = Node.Obj(Node.Obj(Node.Obj(spec, "template"), "metadata"), "labels");
        if (SelectorValidation.TryParse(selector, out var parsed) && !parsed.Matches(labels))
        {
            errs.Add(FieldError.Invalid(path.Child("template", "metadata", "labels"), GoValue.StringMap(labels), WorkloadValidation.SelectorMismatch));
        }

        return errs;
    }

    private static void ValidateGeneratedSelector(JsonObject obj, List<FieldError> errs)
    {
        var spec = Node.Obj(obj, "spec");
        if (Node.Bool(spec, "manualSelector") == true || Node.Obj(spec, "selector") is not { } selector)
        {
            return;
        }

        var meta = Node.Obj(obj, "metadata");
        var uid = Node.S(meta, "uid");
        var name = Node.S(meta, "name");
        if (uid.Length == 0)
        {
            errs.Add(FieldError.Required(FieldPath.Root("metadata", "uid"), string.Empty));
        }

        var templateMeta = FieldPath.Root("spec", "template", "metadata");
        var labels = Node.Obj(Node.Obj(Node.Obj(spec, "template"), "metadata"), "labels");
        foreach (var (key, expected) in new[] { (LegacyControllerUidLabel, uid), (LegacyJobNameLabel, name), (ControllerUidLabel, uid), (JobNameLabel, name) })
        {
            if (Node.Str(labels, key) is not { } actual)
            {
                errs.Add(FieldError.Required(templateMeta.Child("labels").Key(key), $"must be '{expected}'"));
            }
            else if (actual != expected)
            {
                errs.Add(FieldError.Invalid(templateMeta.Child("labels").Key(key), GoValue.StringMap(labels), $"must be '{expected}'"));
            }
        }

        var expectedLabels = new JsonObject { [ControllerUidLabel] = uid, [JobNameLabel] = name };
        if (SelectorValidation.TryParse(selector, out var parsed) && !parsed.Matches(expectedLabels))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("spec", "selector"), GoValue.LabelSelector(selector), "`selector` not auto-generated"));
        }
    }

    private static void Immutable(JsonObject? spec, JsonObject? oldSpec, string field, FieldPath path, List<FieldError> errs)
    {
        if (!Semantic.Equal(spec?[field], oldSpec?[field]))
        {
            var value = spec?[field];
            object? bad = field == "selector" ? GoValue.LabelSelector(value as JsonObject) : Node.AsString(value) ?? (object?)Node.AsLong(value) ?? GoValue.Json(value);
            errs.Add(FieldError.Invalid(path.Child(field), bad, "field is immutable"));
        }
    }

    private static void MutableSchedulingDirectives(JsonObject template, JsonObject oldTemplate)
    {
        var spec = Node.Ensure(template, "spec");
        var oldSpec = Node.Ensure(oldTemplate, "spec");
        foreach (var field in new[] { "nodeSelector", "tolerations" })
        {
            oldSpec[field] = spec[field]?.DeepClone();
        }

        var meta = Node.Ensure(template, "metadata");
        var oldMeta = Node.Ensure(oldTemplate, "metadata");
        oldMeta["labels"] = meta["labels"]?.DeepClone();
        oldMeta["annotations"] = meta["annotations"]?.DeepClone();
        var nodeAffinity = Node.Obj(Node.Obj(spec, "affinity"), "nodeAffinity");
        if (Node.Obj(oldSpec, "affinity") is { } oldAffinity)
        {
            oldAffinity["nodeAffinity"] = nodeAffinity?.DeepClone();
            if (oldAffinity.All(kv => kv.Value is null) && Node.Obj(spec, "affinity") is null)
            {
                oldSpec.Remove("affinity");
            }
        }
        else if (nodeAffinity is not null)
        {
            oldSpec["affinity"] = new JsonObject { ["nodeAffinity"] = nodeAffinity.DeepClone() };
        }
    }
}
