using System.Text.Json.Nodes;
using Cluster.ApiServer.Patching;

namespace Cluster.ApiServer.Tests.Patching;

/// <summary>Patch bodies as kubectl sends them, applied with the vendored Kubernetes v1.32 schemas.</summary>
public sealed class StrategicMergePatchKubectlTests
{
    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"default","labels":{"app":"web"},"finalizers":["example.com/a","example.com/b"],
           "annotations":{"deployment.kubernetes.io/revision":"2","kubectl.kubernetes.io/last-applied-configuration":"{}\n"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
           "template":{"metadata":{"labels":{"app":"web","tier":"front"},"annotations":{"team":"a"}},
             "spec":{"nodeSelector":{"disk":"ssd"},
               "tolerations":[{"key":"a","operator":"Exists"},{"key":"b","operator":"Exists"}],
               "containers":[
                 {"name":"nginx","image":"nginx:1.27","env":[{"name":"MODE","value":"one"},{"name":"INJECTED","value":"yes"}],
                  "ports":[{"containerPort":80,"protocol":"TCP","name":"http"}],
                  "volumeMounts":[{"name":"data","mountPath":"/data"}]},
                 {"name":"sidecar","image":"busybox:1.36","command":["sleep","infinity"]}],
               "volumes":[{"name":"data","emptyDir":{}},{"name":"cache","emptyDir":{"medium":"Memory"}}]}}}}
        """;

    private static JsonObject ApplyToDeployment(string patch) =>
        StrategicMergePatch.Apply(JsonNode.Parse(Deployment)!.AsObject(), JsonNode.Parse(patch)!.AsObject(),
            RepositorySchemas.Kind("apps", "v1", "Deployment"));

    private static JsonNode PodSpec(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!;

    [Fact]
    public void Client_side_apply_update_merges_containers_and_env_in_set_order()
    {
        const string lastApplied = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"web\"}}\n";
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = lastApplied } },
            ["spec"] = JsonNode.Parse("""
                {"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],
                  "containers":[{"$setElementOrder/env":[{"name":"MODE"}],"env":[{"name":"MODE","value":"two"}],"image":"nginx:1.28","name":"nginx"}]}}}
                """),
        };

        var result = StrategicMergePatch.Apply(JsonNode.Parse(Deployment)!.AsObject(), patch, RepositorySchemas.Kind("apps", "v1", "Deployment"));

        JsonAssert.Equal("""
            [{"name":"nginx","image":"nginx:1.28","env":[{"name":"MODE","value":"two"},{"name":"INJECTED","value":"yes"}],
              "ports":[{"containerPort":80,"protocol":"TCP","name":"http"}],"volumeMounts":[{"name":"data","mountPath":"/data"}]},
             {"name":"sidecar","image":"busybox:1.36","command":["sleep","infinity"]}]
            """, PodSpec(result)["containers"]);
        Assert.Equal(lastApplied, (string?)result["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal("2", (string?)result["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);
        Assert.DoesNotContain("$setElementOrder", result.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Set_image_changes_one_container_and_keeps_the_order()
    {
        var result = ApplyToDeployment("""{"spec":{"template":{"spec":{"containers":[{"image":"busybox:1.37","name":"sidecar"}]}}}}""");

        var containers = PodSpec(result)["containers"]!.AsArray();
        Assert.Equal(["nginx", "sidecar"], containers.Select(container => (string?)container!["name"]));
        Assert.Equal("busybox:1.37", (string?)containers[1]!["image"]);
        JsonAssert.Equal("""["sleep","infinity"]""", containers[1]!["command"]);
        Assert.Equal("nginx:1.27", (string?)containers[0]!["image"]);
    }

    [Fact]
    public void Rollout_restart_adds_a_template_annotation()
    {
        var result = ApplyToDeployment("""{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-01-02T03:04:05Z"}}}}}""");

        JsonAssert.Equal("""{"team":"a","kubectl.kubernetes.io/restartedAt":"2025-01-02T03:04:05Z"}""", result["spec"]!["template"]!["metadata"]!["annotations"]);
    }

    [Fact]
    public void Pause_sets_and_resume_removes_the_paused_field()
    {
        var schema = RepositorySchemas.Kind("apps", "v1", "Deployment");
        var paused = ApplyToDeployment("""{"spec":{"paused":true}}""");
        var resumed = StrategicMergePatch.Apply(paused, JsonNode.Parse("""{"spec":{"paused":null}}""")!.AsObject(), schema);

        Assert.True((bool?)paused["spec"]!["paused"]);
        Assert.False(resumed["spec"]!.AsObject().ContainsKey("paused"));
        Assert.Equal(2, (int?)resumed["spec"]!["replicas"]);
    }

    [Theory]
    [InlineData("""{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}""")]
    [InlineData("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""")]
    public void Switching_to_recreate_with_retain_keys_drops_rolling_update(string patch) =>
        JsonAssert.Equal("""{"type":"Recreate"}""", ApplyToDeployment(patch)["spec"]!["strategy"]);

    [Fact]
    public void Without_retain_keys_the_strategy_merges()
    {
        var result = ApplyToDeployment("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1}}}}""");

        JsonAssert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}}""", result["spec"]!["strategy"]);
    }

    [Fact]
    public void Changing_a_volume_source_with_retain_keys_drops_the_old_source()
    {
        var result = ApplyToDeployment("""
            {"spec":{"template":{"spec":{"$setElementOrder/volumes":[{"name":"data"},{"name":"cache"}],
              "volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"cfg"},"emptyDir":null,"name":"data"}]}}}}
            """);

        JsonAssert.Equal("""[{"name":"data","configMap":{"name":"cfg"}},{"name":"cache","emptyDir":{"medium":"Memory"}}]""", PodSpec(result)["volumes"]);
    }

    [Fact]
    public void Ports_merge_by_container_port()
    {
        var result = ApplyToDeployment("""
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
              "containers":[{"$setElementOrder/ports":[{"containerPort":80},{"containerPort":443}],"name":"nginx",
                "ports":[{"containerPort":80,"name":"web"},{"containerPort":443,"protocol":"TCP"}]}]}}}}
            """);

        JsonAssert.Equal("""[{"containerPort":80,"protocol":"TCP","name":"web"},{"containerPort":443,"protocol":"TCP"}]""", PodSpec(result)["containers"]![0]!["ports"]);
    }

    [Fact]
    public void Finalizers_are_unioned_and_deleted_by_value()
    {
        var added = ApplyToDeployment("""{"metadata":{"finalizers":["example.com/b","example.com/c"]}}""");
        var removed = ApplyToDeployment("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"]}}""");
        var ordered = ApplyToDeployment("""{"metadata":{"$setElementOrder/finalizers":["example.com/b","example.com/c","example.com/a"],"finalizers":["example.com/c"]}}""");

        JsonAssert.Equal("""["example.com/a","example.com/b","example.com/c"]""", added["metadata"]!["finalizers"]);
        JsonAssert.Equal("""["example.com/b"]""", removed["metadata"]!["finalizers"]);
        JsonAssert.Equal("""["example.com/b","example.com/c","example.com/a"]""", ordered["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Patch_delete_removes_a_container()
    {
        var result = ApplyToDeployment("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""");

        Assert.Equal(["nginx"], PodSpec(result)["containers"]!.AsArray().Select(container => (string?)container!["name"]));
    }

    [Fact]
    public void Patch_replace_on_a_map_replaces_the_labels()
    {
        var result = ApplyToDeployment("""{"spec":{"template":{"metadata":{"labels":{"$patch":"replace","app":"web2"}}}}}""");

        JsonAssert.Equal("""{"app":"web2"}""", result["spec"]!["template"]!["metadata"]!["labels"]);
    }

    [Fact]
    public void Lists_without_a_patch_strategy_are_replaced()
    {
        var result = ApplyToDeployment("""{"spec":{"template":{"spec":{"tolerations":[{"key":"c","operator":"Exists"}],"containers":[{"name":"sidecar","command":["true"]}]}}}}""");

        JsonAssert.Equal("""[{"key":"c","operator":"Exists"}]""", PodSpec(result)["tolerations"]);
        JsonAssert.Equal("""["true"]""", PodSpec(result)["containers"]![1]!["command"]);
    }

    [Fact]
    public void Node_selector_merges_like_any_map_without_a_patch_strategy()
    {
        var result = ApplyToDeployment("""{"spec":{"template":{"spec":{"nodeSelector":{"zone":"a"}}}}}""");

        JsonAssert.Equal("""{"disk":"ssd","zone":"a"}""", PodSpec(result)["nodeSelector"]);
    }

    [Fact]
    public void An_env_value_from_is_replaced_by_a_value()
    {
        var result = ApplyToDeployment("""
            {"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"INJECTED","value":null,"valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}}}}
            """);

        JsonAssert.Equal("""[{"name":"MODE","value":"one"},{"name":"INJECTED","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]""", PodSpec(result)["containers"]![0]!["env"]);
    }

    [Fact]
    public void Service_ports_merge_by_port()
    {
        var service = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
             "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},{"name":"https","port":443,"protocol":"TCP"}]}}
            """)!.AsObject();
        var patch = JsonNode.Parse("""
            {"spec":{"$setElementOrder/ports":[{"port":80},{"port":443}],"ports":[{"port":80,"targetPort":"http-alt"}]}}
            """)!.AsObject();

        var result = StrategicMergePatch.Apply(service, patch, RepositorySchemas.Kind("", "v1", "Service"));

        JsonAssert.Equal("""[{"name":"http","port":80,"targetPort":"http-alt","protocol":"TCP"},{"name":"https","port":443,"protocol":"TCP"}]""", result["spec"]!["ports"]);
    }

    [Fact]
    public void Owner_references_merge_by_uid()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"p","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u1","controller":true}]}}
            """)!.AsObject();
        var patch = JsonNode.Parse("""
            {"metadata":{"ownerReferences":[{"uid":"u1","blockOwnerDeletion":true},{"apiVersion":"v1","kind":"ConfigMap","name":"c","uid":"u2"}]}}
            """)!.AsObject();

        var result = StrategicMergePatch.Apply(pod, patch, RepositorySchemas.Kind("", "v1", "Pod"));

        JsonAssert.Equal("""
            [{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u1","controller":true,"blockOwnerDeletion":true},
             {"apiVersion":"v1","kind":"ConfigMap","name":"c","uid":"u2"}]
            """, result["metadata"]!["ownerReferences"]);
    }
}
