using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Apps;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Batch;

/// <summary>
/// CronJobs (batch/v1): SetDefaults_CronJob (concurrencyPolicy Allow, suspend false, history limits 3 and 1)
/// with job template defaults, and ValidateCronJobCreate/Update: a valid five-field schedule, time zone,
/// concurrency policy, job template (no selector) and the 52-character name limit on create.
/// </summary>
public sealed class CronJobStrategy : ResourceStrategy
{
    public CronJobStrategy() => TracksGeneration = true;

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject();
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = Node.Ensure(obj, "spec");
        Node.DefaultString(spec, "concurrencyPolicy", "Allow");
        Node.Default(spec, "suspend", false);
        Node.Default(spec, "successfulJobsHistoryLimit", 3);
        Node.Default(spec, "failedJobsHistoryLimit", 1);
        var jobTemplate = Node.Ensure(spec, "jobTemplate");
        PodSpecDefaults.TemplateMetadata(jobTemplate);
        var jobSpec = Node.Ensure(jobTemplate, "spec");
        PodSpecDefaults.ApplyTemplate(Node.Ensure(jobSpec, "template"));
        JobStrategy.DefaultPodFailurePolicy(jobSpec);
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = ValidateSpec(obj, allowTzInSchedule: false, oldSpec: null);
        var name = Node.S(Node.Obj(obj, "metadata"), "name");
        if (name.Length > 52)
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("metadata", "name"), name, "must be no more than 52 characters"));
        }

        return Causes.Of(errs);
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var oldSpec = Node.Obj(old, "spec");
        var allowTz = Node.S(oldSpec, "schedule").Contains("TZ", StringComparison.Ordinal);
        return Causes.Of(ValidateSpec(obj, allowTz, oldSpec ?? []));
    }

    private static List<FieldError> ValidateSpec(JsonObject obj, bool allowTzInSchedule, JsonObject? oldSpec)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        var schedule = Node.S(spec, "schedule");
        var timeZone = Node.Str(spec, "timeZone");
        if (schedule.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("schedule"), string.Empty));
        }
        else
        {
            if (CronSchedule.Validate(schedule) is { } error)
            {
                errs.Add(FieldError.Invalid(path.Child("schedule"), schedule, error));
            }

            var hasTz = schedule.Contains("TZ", StringComparison.Ordinal);
            if (allowTzInSchedule && hasTz && timeZone is not null)
            {
                errs.Add(FieldError.Invalid(path.Child("schedule"), schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
            }
            else if (!allowTzInSchedule && hasTz)
            {
                errs.Add(FieldError.Invalid(path.Child("schedule"), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }

        WorkloadValidation.NonNegative(spec, "startingDeadlineSeconds", path, errs);
        if (oldSpec is null || Node.Str(oldSpec, "timeZone") != timeZone)
        {
            ValidateTimeZone(timeZone, path.Child("timeZone"), errs);
        }

        var policy = Node.S(spec, "concurrencyPolicy");
        if (policy.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("concurrencyPolicy"), string.Empty));
        }
        else if (policy is not ("Allow" or "Forbid" or "Replace"))
        {
            errs.Add(FieldError.NotSupported(path.Child("concurrencyPolicy"), policy, ["Allow", "Forbid", "Replace"]));
        }

        var jobSpec = Node.Obj(Node.Obj(spec, "jobTemplate"), "spec");
        var jobSpecPath = path.Child("jobTemplate", "spec");
        JobSpecValidation.Validate(jobSpec, jobSpecPath, errs);
        if (Node.Obj(jobSpec, "selector") is { } selector)
        {
            errs.Add(FieldError.Invalid(jobSpecPath.Child("selector"), GoValue.LabelSelector(selector), "`selector` will be auto-generated"));
        }

        if (Node.Bool(jobSpec, "manualSelector") == true)
        {
            errs.Add(FieldError.NotSupported(jobSpecPath.Child("manualSelector"), true, ["nil", "false"]));
        }

        WorkloadValidation.NonNegative(spec, "successfulJobsHistoryLimit", path, errs);
        WorkloadValidation.NonNegative(spec, "failedJobsHistoryLimit", path, errs);
        return errs;
    }

    private static void ValidateTimeZone(string? timeZone, FieldPath path, List<FieldError> errs)
    {
        if (timeZone is null)
        {
            return;
        }

        if (timeZone.Length == 0)
        {
            errs.Add(FieldError.Invalid(path, timeZone, "timeZone must be nil or non-empty string"));
            return;
        }

        if (timeZone.Equals("Local", StringComparison.OrdinalIgnoreCase))
        {
            errs.Add(FieldError.Invalid(path, timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }

        if (!IsKnownZone(timeZone))
        {
            errs.Add(FieldError.Invalid(path, timeZone, "unknown time zone " + timeZone));
        }
    }

    // Go's time.LoadLocation: "UTC" and the IANA database; without a database on this machine any name is accepted.
    private static bool IsKnownZone(string name)
    {
        if (name is "UTC" or "Local")
        {
            return true;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name) is not null;
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.GetSystemTimeZones().Count == 0;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
