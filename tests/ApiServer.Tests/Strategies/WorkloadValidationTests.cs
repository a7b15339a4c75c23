using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

public class WorkloadValidationTests
{
    private static JsonObject Deployment(string specExtra = "", string selector = "matchLabels:\n      app: web", string templateLabels = "app: web") =>
        Yaml.Object($"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              {specExtra}
              selector:
                {selector}
              template:
                metadata:
                  labels:
                    {templateLabels}
                spec:
                  containers:
                  - name: web
                    image: nginx
            """);

    [Fact]
    public void A_template_that_does_not_match_the_selector_is_rejected()
    {
        var causes = Harness.Create(Deployment(templateLabels: "app: other"));
        var cause = Assert.Single(causes);
        Assert.Equal("FieldValueInvalid", cause.Reason);
        Assert.Equal("spec.template.metadata.labels", cause.Field);
        Assert.Equal("Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`", cause.Message);
    }

    [Fact]
    public void A_missing_selector_is_required_and_matches_nothing()
    {
        var obj = Deployment();
        obj["spec"]!.AsObject().Remove("selector");
        Assert.Equal(
            [
                "spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
            ],
            Harness.Lines(Harness.Create(obj)));
    }

    [Fact]
    public void An_empty_selector_is_invalid_for_deployments()
    {
        Assert.Contains(
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
            Harness.Lines(Harness.Create(Deployment(selector: "{}"))));
    }

    [Fact]
    public void Negative_replicas_are_rejected()
    {
        Assert.Contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            Harness.Lines(Harness.Create(Deployment("replicas: -1"))));
    }

    [Fact]
    public void A_rolling_update_may_not_have_zero_surge_and_zero_unavailable()
    {
        var causes = Harness.Lines(Harness.Create(Deployment("strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0")));
        Assert.Equal(["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"], causes);
    }

    [Fact]
    public void An_unknown_strategy_type_is_not_supported()
    {
        Assert.Contains(
            "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Canary\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"",
            Harness.Lines(Harness.Create(Deployment("strategy:\n    type: Canary"))));
    }

    [Fact]
    public void Deployment_pods_must_restart_always()
    {
        var obj = Deployment();
        obj["spec"]!["template"]!["spec"]!["restartPolicy"] = "Never";
        Assert.Contains("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"", Harness.Lines(Harness.Create(obj)));
    }

    [Fact]
    public void The_selector_of_an_apps_v1_object_is_immutable()
    {
        var old = Harness.Created(Deployment().ToJsonString());
        var updated = (JsonObject)old.DeepClone();
        updated["spec"]!["selector"]!["matchLabels"]!["tier"] = "front";
        updated["spec"]!["template"]!["metadata"]!["labels"]!["tier"] = "front";
        Assert.Equal(
            ["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"front\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"],
            Harness.Lines(Harness.Update(updated, old)));
    }

    [Fact]
    public void Scaling_and_changing_the_template_image_are_valid_updates()
    {
        var old = Harness.Created(Deployment().ToJsonString());
        var updated = (JsonObject)old.DeepClone();
        updated["spec"]!["replicas"] = 5;
        updated["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.27";
        Assert.Empty(Harness.Update(updated, old));
    }

    [Fact]
    public void A_daemonset_may_not_have_both_surge_and_unavailable()
    {
        var ds = Yaml.Object("""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: agent
            spec:
              updateStrategy:
                rollingUpdate:
                  maxSurge: 1
              selector:
                matchLabels: { app: agent }
              template:
                metadata:
                  labels: { app: agent }
                spec:
                  containers:
                  - name: agent
                    image: busybox
            """);
        Assert.Equal(
            ["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero"],
            Harness.Lines(Harness.Create(ds)));
    }

    [Fact]
    public void A_statefulset_only_allows_updates_to_its_mutable_fields()
    {
        var old = Harness.Created("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              serviceName: db
              selector:
                matchLabels: { app: db }
              template:
                metadata:
                  labels: { app: db }
                spec:
                  containers:
                  - name: db
                    image: postgres:16
            """);
        var scaled = (JsonObject)old.DeepClone();
        scaled["spec"]!["replicas"] = 3;
        Assert.Empty(Harness.Update(scaled, old));
        var renamed = (JsonObject)old.DeepClone();
        renamed["spec"]!["serviceName"] = "other";
        Assert.Equal(
            ["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"],
            Harness.Lines(Harness.Update(renamed, old)));
    }

    [Fact]
    public void A_statefulset_name_must_be_a_dns_label()
    {
        var sts = Yaml.Object("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db.primary
            spec:
              selector:
                matchLabels: { app: db }
              template:
                metadata:
                  labels: { app: db }
                spec:
                  containers:
                  - name: db
                    image: postgres:16
            """);
        Assert.Contains("metadata.name: Invalid value: \"db.primary\": must not contain dots", Harness.Lines(Harness.Create(sts)));
    }
}
