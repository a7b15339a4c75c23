using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

public sealed class PodStatusUpdateTests
{
    private static JsonObject CreatedPod(string restartPolicy = "Always") => Harness.Created($"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          restartPolicy: {restartPolicy}
          containers:
          - name: web
            image: nginx:1.26
        """);

    private static List<string> UpdateStatus(JsonObject old, string statusJson)
    {
        var updated = (JsonObject)old.DeepClone();
        updated["status"] = JsonNode.Parse(statusJson);
        return Harness.Lines(Harness.UpdateStatus(updated, old));
    }

    private static JsonObject WithStatus(JsonObject pod, string statusJson)
    {
        pod["status"] = JsonNode.Parse(statusJson);
        return pod;
    }

    [Fact]
    public void A_running_status_as_a_kubelet_posts_it_is_valid()
    {
        Assert.Empty(UpdateStatus(CreatedPod(), """
            {"phase":"Running","podIP":"10.244.1.7","podIPs":[{"ip":"10.244.1.7"},{"ip":"fd00::7"}],"hostIP":"192.168.1.2","hostIPs":[{"ip":"192.168.1.2"}],
             "containerStatuses":[{"name":"web","ready":true,"restartCount":0,"image":"nginx:1.26","imageID":"","state":{"running":{"startedAt":"2024-05-01T10:00:00Z"}}}]}
            """));
    }

    [Fact]
    public void The_spec_rules_of_an_update_are_not_checked_again_for_a_status_write()
    {
        // A stored spec the pod rules would now refuse (stored by an older server, say): the status write keeps it as it is.
        var old = CreatedPod();
        old["spec"]!["containers"]![0]!["image"] = "";
        var updated = (JsonObject)old.DeepClone();
        updated["status"] = new JsonObject { ["phase"] = "Running" };
        Assert.NotEmpty(Harness.Update((JsonObject)updated.DeepClone(), old));
        Assert.Empty(Harness.UpdateStatus(updated, old));
    }

    [Theory]
    [InlineData("""{"podIPs":[{"ip":"10.0.0.300"}]}""", "status.podIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP address")]
    [InlineData("""{"hostIPs":[{"ip":"nonsense"}]}""", "status.hostIPs[0]: Invalid value: \"nonsense\": must be a valid IP address")]
    [InlineData("""{"podIPs":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}]}""", "status.podIPs: Invalid value: ")]
    [InlineData("""{"nominatedNodeName":"Not_A_Node"}""", "status.nominatedNodeName: Invalid value: \"Not_A_Node\": a lowercase RFC 1123 subdomain")]
    public void Malformed_status_fields_are_invalid_with_field_causes(string status, string expected)
    {
        var cause = Assert.Single(UpdateStatus(CreatedPod(), status));
        Assert.StartsWith(expected, cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Never", 0, true)]
    [InlineData("Never", 1, true)]
    [InlineData("OnFailure", 0, true)]
    [InlineData("OnFailure", 1, false)] // a failed container of an OnFailure pod is restarted
    [InlineData("Always", 0, false)]
    public void A_terminated_container_of_a_pod_that_does_not_restart_it_may_not_run_again(string restartPolicy, int exitCode, bool refused)
    {
        var old = WithStatus(CreatedPod(restartPolicy), """{"containerStatuses":[{"name":"web","restartCount":0,"image":"i","imageID":"","ready":false,"state":{"terminated":{"exitCode":CODE}}}]}""".Replace("CODE", $"{exitCode}", StringComparison.Ordinal));
        var causes = UpdateStatus(old, """{"containerStatuses":[{"name":"web","restartCount":1,"image":"i","imageID":"","ready":true,"state":{"running":{}}}]}""");
        if (refused) Assert.Equal(["status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"], causes);
        else Assert.Empty(causes);
    }

    [Fact]
    public void A_stored_status_that_names_a_container_twice_is_no_crash()
    {
        var old = WithStatus(CreatedPod("Never"), """
            {"containerStatuses":[{"name":"web","restartCount":0,"image":"i","imageID":"","ready":false,"state":{"terminated":{"exitCode":0}}},
                                  {"name":"web","restartCount":0,"image":"i","imageID":"","ready":false,"state":{"running":{}}}]}
            """);
        var causes = UpdateStatus(old, """{"containerStatuses":[{"name":"web","restartCount":1,"image":"i","imageID":"","ready":true,"state":{"running":{}}}]}""");
        Assert.Equal(["status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"], causes);
    }
}
