using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

public class PodDefaultingTests
{
    private static JsonObject Created(string container, string extraSpec = "") => Harness.Created($"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          {extraSpec}
          containers:
          - name: c
        {string.Join("\n", container.Split('\n').Select(l => "    " + l))}
        """);

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("registry.example.com:5000/team/app", "Always")]
    [InlineData("registry.example.com:5000/team/app:v2", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    public void Image_pull_policy_is_always_for_latest_or_untagged_images(string image, string policy)
    {
        var pod = Created("image: " + image);
        Assert.Equal(policy, pod["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Requests_default_to_limits_and_quantities_print_canonically()
    {
        var pod = Created("image: nginx\nresources:\n  limits:\n    cpu: 0.5\n    memory: 1024Mi");
        var resources = pod["spec"]!["containers"]![0]!["resources"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"cpu":"500m","memory":"1Gi"}"""), resources["limits"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"cpu":"500m","memory":"1Gi"}"""), resources["requests"]));
        Assert.Equal("Guaranteed", pod["status"]!["qosClass"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("requests:\n    cpu: 100m", "Burstable")]
    [InlineData("limits:\n    cpu: 1\n    memory: 1Gi", "Guaranteed")]
    [InlineData("limits:\n    cpu: 1", "Burstable")]
    [InlineData("requests:\n    cpu: 0", "BestEffort")]
    public void The_qos_class_follows_requests_and_limits(string resources, string qos)
    {
        var pod = Created("image: nginx\nresources:\n  " + resources);
        Assert.Equal(qos, pod["status"]!["qosClass"]!.GetValue<string>());
    }

    [Fact]
    public void Volume_sources_get_their_defaults()
    {
        var pod = Created("image: nginx", """
            volumes:
              - name: empty
              - name: host
                hostPath:
                  path: /var/log
              - name: secret
                secret:
                  secretName: s
              - name: projected
                projected:
                  sources:
                  - serviceAccountToken:
                      path: token
              - name: downward
                downwardAPI:
                  items:
                  - path: labels
                    fieldRef:
                      fieldPath: metadata.labels
              serviceAccountName: robot
            """);
        var volumes = pod["spec"]!["volumes"]!;
        Assert.True(JsonNode.DeepEquals(new JsonObject(), volumes[0]!["emptyDir"]));
        Assert.Equal(string.Empty, volumes[1]!["hostPath"]!["type"]!.GetValue<string>());
        Assert.Equal(420, volumes[2]!["secret"]!["defaultMode"]!.GetValue<int>());
        Assert.Equal(3600, volumes[3]!["projected"]!["sources"]![0]!["serviceAccountToken"]!["expirationSeconds"]!.GetValue<int>());
        Assert.Equal("v1", volumes[4]!["downwardAPI"]!["items"]![0]!["fieldRef"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal("robot", pod["spec"]!["serviceAccount"]!.GetValue<string>());
    }

    [Fact]
    public void Host_network_pods_get_host_ports_equal_to_container_ports()
    {
        var pod = Created("image: nginx\nports:\n- containerPort: 8080", "hostNetwork: true");
        Assert.Equal(8080, pod["spec"]!["containers"]![0]!["ports"]![0]!["hostPort"]!.GetValue<int>());
    }

    [Fact]
    public void Scheduling_gated_pods_start_with_a_scheduling_gated_condition()
    {
        var pod = Created("image: nginx", "schedulingGates:\n  - name: example.com/wait");
        var condition = pod["status"]!["conditions"]![0]!;
        Assert.Equal("SchedulingGated", condition["reason"]!.GetValue<string>());
        Assert.Equal(Harness.CreationTimestamp, condition["lastTransitionTime"]!.GetValue<string>());
    }
}
