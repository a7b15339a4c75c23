using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

public class PodUpdateTests
{
    private static JsonObject CreatedPod() => Harness.Created("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          activeDeadlineSeconds: 600
          tolerations:
          - key: dedicated
            operator: Equal
            value: web
            effect: NoSchedule
          containers:
          - name: web
            image: nginx:1.26
        """);

    private static List<string> Update(Action<JsonObject> change)
    {
        var old = CreatedPod();
        var updated = (JsonObject)old.DeepClone();
        change(updated["spec"]!.AsObject());
        return Harness.Lines(Harness.Update(updated, old));
    }

    [Fact]
    public void Changing_a_container_image_is_allowed()
    {
        Assert.Empty(Update(spec => spec["containers"]![0]!["image"] = "nginx:1.27"));
    }

    [Fact]
    public void Adding_a_toleration_is_allowed()
    {
        Assert.Empty(Update(spec => spec["tolerations"]!.AsArray().Add(new JsonObject { ["key"] = "gpu", ["operator"] = "Exists" })));
    }

    [Fact]
    public void Lowering_active_deadline_seconds_is_allowed_but_raising_it_is_not()
    {
        Assert.Empty(Update(spec => spec["activeDeadlineSeconds"] = 300));
        Assert.Equal(["spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value"],
            Update(spec => spec["activeDeadlineSeconds"] = 900));
    }

    [Fact]
    public void Changing_other_spec_fields_is_forbidden_with_upstreams_message()
    {
        var causes = Update(spec => spec["containers"]![0]!["imagePullPolicy"] = "Always");
        var cause = Assert.Single(causes);
        Assert.StartsWith("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n", cause);
        Assert.Contains("spec.containers[0].imagePullPolicy", cause);
    }

    [Fact]
    public void Adding_a_container_is_forbidden()
    {
        Assert.Equal(["spec.containers: Forbidden: pod updates may not add or remove containers"],
            Update(spec => spec["containers"]!.AsArray().Add(new JsonObject { ["name"] = "sidecar", ["image"] = "busybox" })));
    }

    [Fact]
    public void Modifying_an_existing_toleration_is_forbidden()
    {
        Assert.Contains("spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds",
            Update(spec => spec["tolerations"]![0]!["value"] = "db"));
    }

    [Fact]
    public void A_reported_pod_ip_fills_the_pod_ips_list()
    {
        var old = CreatedPod();
        var updated = (JsonObject)old.DeepClone();
        updated["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = "10.244.0.7", ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "192.168.1.10" }) };
        Assert.Empty(Harness.Update(updated, old));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"ip":"10.244.0.7"}]"""), updated["status"]!["podIPs"]));
        Assert.Equal("192.168.1.10", updated["status"]!["hostIP"]!.GetValue<string>());
    }

    [Fact]
    public void A_status_only_change_passes_update_validation()
    {
        var old = CreatedPod();
        var updated = (JsonObject)old.DeepClone();
        updated["status"] = new JsonObject { ["phase"] = "Running", ["qosClass"] = "BestEffort" };
        Assert.Empty(Harness.Update(updated, old));
    }
}
