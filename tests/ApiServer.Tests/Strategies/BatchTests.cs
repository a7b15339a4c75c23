using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Batch;

namespace Cluster.ApiServer.Tests.Strategies;

public class BatchTests
{
    private const string JobYaml = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: pi
        spec:
          template:
            spec:
              containers:
              - name: pi
                image: perl:5.34.0
              restartPolicy: Never
        """;

    [Fact]
    public void A_job_pod_may_not_restart_always()
    {
        var job = Yaml.Object(JobYaml);
        job["spec"]!["template"]!["spec"]!.AsObject().Remove("restartPolicy");
        Assert.Equal(["spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""], Harness.Lines(Harness.Create(job)));
    }

    [Fact]
    public void A_manual_selector_is_kept_and_must_match_the_template()
    {
        var job = Yaml.Object(JobYaml);
        job["spec"]!["manualSelector"] = true;
        job["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "pi" } };
        Assert.Equal(["spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`"],
            Harness.Lines(Harness.Create(job)));
    }

    [Fact]
    public void A_generated_selector_cannot_be_replaced_by_a_foreign_one()
    {
        var job = Yaml.Object(JobYaml);
        job["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = "someone-else" } };
        var causes = Harness.Lines(Harness.Create(job));
        Assert.Contains(causes, c => c.EndsWith("`selector` not auto-generated", StringComparison.Ordinal));
    }

    [Fact]
    public void The_job_template_is_immutable_but_parallelism_may_change()
    {
        var old = Harness.Created(JobYaml);
        var scaled = (JsonObject)old.DeepClone();
        scaled["spec"]!["parallelism"] = 3;
        Assert.Empty(Harness.Update(scaled, old));
        var changed = (JsonObject)old.DeepClone();
        changed["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "perl:5.36";
        var cause = Assert.Single(Harness.Update(changed, old));
        Assert.Equal("spec.template", cause.Field);
        Assert.EndsWith(": field is immutable", cause.Message);
    }

    [Fact]
    public void A_suspended_job_that_never_started_may_change_its_node_selector()
    {
        var job = Yaml.Object(JobYaml);
        job["spec"]!["suspend"] = true;
        var old = Harness.Created(job.ToJsonString());
        var updated = (JsonObject)old.DeepClone();
        updated["spec"]!["template"]!["spec"]!["nodeSelector"] = new JsonObject { ["zone"] = "a" };
        Assert.Empty(Harness.Update(updated, old));
    }

    [Fact]
    public void Cronjob_names_are_limited_to_52_characters_on_create()
    {
        var cronJob = Yaml.Object($$"""
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: {{new string('a', 53)}}
            spec:
              schedule: "@hourly"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: c
                        image: busybox
                      restartPolicy: OnFailure
            """);
        Assert.Equal([$"metadata.name: Invalid value: \"{new string('a', 53)}\": must be no more than 52 characters"], Harness.Lines(Harness.Create(cronJob)));
    }

    [Fact]
    public void A_cronjob_needs_a_valid_schedule()
    {
        var cronJob = Yaml.Object("""
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: hello
            spec:
              schedule: "*/5 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: c
                        image: busybox
                      restartPolicy: OnFailure
            """);
        Assert.Equal(["spec.schedule: Invalid value: \"*/5 * * *\": expected exactly 5 fields, found 4: [*/5 * * *]"], Harness.Lines(Harness.Create(cronJob)));
    }

    [Theory]
    [InlineData("*/15 * * * *")]
    [InlineData("0 0 1 jan,jul *")]
    [InlineData("30 6 * * MON-FRI")]
    [InlineData("0 9-17/2 * * 1-5")]
    [InlineData("5 4 ? * sun")]
    [InlineData("@hourly")]
    [InlineData("@every 1h30m")]
    public void Valid_schedules_parse(string schedule)
    {
        Assert.Null(CronSchedule.Validate(schedule));
    }

    [Theory]
    [InlineData("", "empty spec string")]
    [InlineData("* * * * * *", "expected exactly 5 fields, found 6: [* * * * * *]")]
    [InlineData("60 * * * *", "end of range (60) above maximum (59): 60")]
    [InlineData("* 5-3 * * *", "beginning of range (5) beyond end of range (3): 5-3")]
    [InlineData("* * 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("1-2-3 * * * *", "too many hyphens: 1-2-3")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    [InlineData("@every soon", "failed to parse duration @every soon: time: invalid duration \"soon\"")]
    public void Invalid_schedules_report_the_parsers_error(string schedule, string error)
    {
        Assert.Equal(error, CronSchedule.Validate(schedule));
    }
}
