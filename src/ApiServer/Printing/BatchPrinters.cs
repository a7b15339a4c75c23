using System.Globalization;
using System.Text.Json.Nodes;
using static Cluster.ApiServer.Printing.PrinterCells;
using static Cluster.ApiServer.Printing.StandardColumns;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Printers for batch/v1 jobs (Status Complete/Failed/Terminating/Suspended/FailureTarget/Running, Completions
/// "1/3" or "0/1 of 4" for work queues, Duration from start to completion or to now) and cronjobs.
/// </summary>
internal static class BatchPrinters
{
    public static ITablePrinter Job { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Status", "Status of the job."),
            Text("Completions", ColumnDescriptions.JobStatusSucceeded),
            Text("Duration", "Time required to complete the job."),
            AgeColumn,
            ContainersColumn,
            ImagesColumn,
            Text("Selector", ColumnDescriptions.JobSpecSelector, 1),
        ],
        JobCells);

    public static ITablePrinter CronJob { get; } = new FuncTablePrinter(
        [
            NameColumn,
            Text("Schedule", ColumnDescriptions.CronJobSpecSchedule),
            Text("Timezone", ColumnDescriptions.CronJobSpecTimeZone),
            Boolean("Suspend", ColumnDescriptions.CronJobSpecSuspend),
            Integer("Active", ColumnDescriptions.CronJobStatusActive),
            Text("Last Schedule", ColumnDescriptions.CronJobStatusLastScheduleTime),
            AgeColumn,
            ContainersColumn,
            ImagesColumn,
            Text("Selector", ColumnDescriptions.JobSpecSelector, 1),
        ],
        (o, now) =>
        {
            var jobSpec = JsonRead.At(o, "spec", "jobTemplate", "spec");
            var (names, images) = PrinterCells.Containers(JsonRead.At(jobSpec, "template", "spec"));
            var lastSchedule = JsonRead.At(o, "status", "lastScheduleTime") is JsonValue
                ? Since(JsonRead.Time(o, "status", "lastScheduleTime"), now)
                : "<none>";
            var suspend = JsonRead.Bool(o, "spec", "suspend") switch
            {
                true => "True",
                false => "False",
                null => "<unset>",
            };
            return Row(
                PrinterCells.Name(o),
                JsonRead.Text(o, "spec", "schedule"),
                JsonRead.Str(o, "spec", "timeZone") ?? "<none>",
                suspend,
                (long)JsonRead.Count(o, "status", "active"),
                lastSchedule,
                PrinterCells.Age(o, now),
                names,
                images,
                FormatLabelSelector(JsonRead.At(jobSpec, "selector")));
        });

    private static JsonArray JobCells(JsonObject job, DateTimeOffset now)
    {
        var succeeded = JsonRead.Long(job, "status", "succeeded") ?? 0;
        string completions;
        if (JsonRead.Long(job, "spec", "completions") is { } wanted)
        {
            completions = Str(succeeded) + "/" + Str(wanted);
        }
        else
        {
            var parallelism = JsonRead.Long(job, "spec", "parallelism") ?? 0;
            completions = parallelism > 1 ? Str(succeeded) + "/1 of " + Str(parallelism) : Str(succeeded) + "/1";
        }

        var duration = "";
        if (JsonRead.Time(job, "status", "startTime") is { } start)
        {
            var end = JsonRead.Time(job, "status", "completionTime") ?? now;
            duration = HumanDuration.Format(end - start);
        }

        var conditions = JsonRead.Objects(job, "status", "conditions").ToList();
        string status;
        if (HasCondition(conditions, "Complete"))
        {
            status = "Complete";
        }
        else if (HasCondition(conditions, "Failed"))
        {
            status = "Failed";
        }
        else if (IsDeleting(job))
        {
            status = "Terminating";
        }
        else if (HasCondition(conditions, "Suspended"))
        {
            status = "Suspended";
        }
        else if (HasCondition(conditions, "FailureTarget"))
        {
            status = "FailureTarget";
        }
        else
        {
            status = "Running";
        }

        var (names, images) = PrinterCells.Containers(JsonRead.At(job, "spec", "template", "spec"));
        return Row(PrinterCells.Name(job), status, completions, duration, PrinterCells.Age(job, now), names, images,
            FormatLabelSelector(JsonRead.At(job, "spec", "selector")));
    }

    /// <summary>Whether the first condition of the type is True (later duplicates are ignored, as upstream).</summary>
    private static bool HasCondition(List<JsonObject> conditions, string type) =>
        conditions.FirstOrDefault(c => JsonRead.Text(c, "type") == type) is { } c && JsonRead.Text(c, "status") == "True";

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
