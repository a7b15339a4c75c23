using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

public class SmallKindTests
{
    [Fact]
    public void A_disruption_budget_may_not_set_both_min_available_and_max_unavailable()
    {
        var pdb = Yaml.Object("""
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: zk
            spec:
              minAvailable: 2
              maxUnavailable: 1
              selector:
                matchLabels: { app: zk }
            """);
        var cause = Assert.Single(Harness.Create(pdb));
        Assert.Equal("spec", cause.Field);
        Assert.EndsWith(": minAvailable and maxUnavailable cannot be both set", cause.Message);
        Assert.Equal(0, pdb["status"]!["expectedPods"]!.GetValue<int>());
    }

    [Fact]
    public void An_hpa_needs_a_target_and_gets_the_default_cpu_metric()
    {
        var hpa = Harness.Created("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: web
            spec:
              scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
              maxReplicas: 5
            """);
        Assert.Equal(1, hpa["spec"]!["minReplicas"]!.GetValue<int>());
        Assert.Equal(80, hpa["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]!.GetValue<int>());
        var invalid = Yaml.Object("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: x\nspec:\n  maxReplicas: 0");
        Assert.Equal(
            [
                "spec.maxReplicas: Invalid value: 0: must be greater than 0",
                "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`",
                "spec.scaleTargetRef.kind: Required value",
                "spec.scaleTargetRef.name: Required value",
            ],
            Harness.Lines(Harness.Create(invalid)));
    }

    [Fact]
    public void An_hpa_behavior_is_filled_with_the_default_rules()
    {
        var hpa = Harness.Created("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: web
            spec:
              scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
              maxReplicas: 5
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 60
            """);
        var behavior = hpa["spec"]!["behavior"]!;
        Assert.Equal(60, behavior["scaleDown"]!["stabilizationWindowSeconds"]!.GetValue<int>());
        Assert.Equal("Max", behavior["scaleDown"]!["selectPolicy"]!.GetValue<string>());
        Assert.Equal(2, behavior["scaleUp"]!["policies"]!.AsArray().Count);
        Assert.Equal(0, behavior["scaleUp"]!["stabilizationWindowSeconds"]!.GetValue<int>());
    }

    [Fact]
    public void Rbac_rules_need_verbs_and_bindings_get_api_groups()
    {
        var role = Yaml.Object("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: reader
            rules:
            - apiGroups: [""]
              resources: [pods]
            """);
        Assert.Equal(["rules[0].verbs: Required value: verbs must contain at least one value"], Harness.Lines(Harness.Create(role)));
        var binding = Harness.Created("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: read-pods
            subjects:
            - kind: User
              name: jane
            - kind: ServiceAccount
              name: robot
            roleRef:
              kind: Role
              name: reader
            """);
        Assert.Equal("rbac.authorization.k8s.io", binding["roleRef"]!["apiGroup"]!.GetValue<string>());
        Assert.Equal("rbac.authorization.k8s.io", binding["subjects"]![0]!["apiGroup"]!.GetValue<string>());
        Assert.Equal(string.Empty, binding["subjects"]![1]!["apiGroup"]!.GetValue<string>());
        var changed = (JsonObject)binding.DeepClone();
        changed["roleRef"]!["name"] = "writer";
        Assert.Contains(Harness.Lines(Harness.Update(changed, binding)), c => c.StartsWith("roleRef: Invalid value: rbac.RoleRef{", StringComparison.Ordinal) && c.EndsWith("cannot change roleRef", StringComparison.Ordinal));
    }

    [Fact]
    public void A_priority_class_needs_a_value_within_the_user_range()
    {
        Assert.Equal(["value: Required value"],
            Harness.Lines(Harness.Create(Yaml.Object("apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high"))));
        Assert.Equal(["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"],
            Harness.Lines(Harness.Create(Yaml.Object("apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 2000000000"))));
        var pc = Harness.Created("apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: system-cluster-critical\nvalue: 2000000000");
        Assert.Equal("PreemptLowerPriority", pc["preemptionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void A_claim_needs_access_modes_and_a_storage_request()
    {
        var pvc = Yaml.Object("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec: {}");
        Assert.Equal(["spec.accessModes: Required value: at least 1 access mode is required", "spec.resources[storage]: Required value"],
            Harness.Lines(Harness.Create(pvc)));
        var valid = Harness.Created("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi");
        Assert.Equal("Filesystem", valid["spec"]!["volumeMode"]!.GetValue<string>());
        Assert.Equal("Pending", valid["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public void A_claims_spec_is_immutable_except_its_volume_name_once()
    {
        var old = Harness.Created("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi");
        var bound = (JsonObject)old.DeepClone();
        bound["spec"]!["volumeName"] = "pv-1";
        Assert.Empty(Harness.Update(bound, old));
        var changed = (JsonObject)old.DeepClone();
        changed["spec"]!["accessModes"] = new JsonArray("ReadWriteMany");
        Assert.Contains(Harness.Lines(Harness.Update(changed, old)),
            c => c.StartsWith("spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims", StringComparison.Ordinal));
    }

    [Fact]
    public void An_endpoint_slice_needs_an_address_type()
    {
        var slice = Yaml.Object("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: web-abc
            endpoints:
            - addresses: ["10.1.2.3"]
            ports:
            - port: 80
            """);
        Assert.Equal(["addressType: Required value"], Harness.Lines(Harness.Create(slice)));
        slice["addressType"] = "IPv4";
        Assert.Empty(Harness.Create(slice));
        Assert.Equal(string.Empty, slice["ports"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("TCP", slice["ports"]![0]!["protocol"]!.GetValue<string>());
    }

    [Fact]
    public void A_network_policy_defaults_its_policy_types()
    {
        var ingressOnly = Harness.Created("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}");
        Assert.True(JsonNode.DeepEquals(new JsonArray("Ingress"), ingressOnly["spec"]!["policyTypes"]));
        var both = Harness.Created("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: out\nspec:\n  podSelector: {}\n  egress:\n  - ports:\n    - port: 53");
        Assert.True(JsonNode.DeepEquals(new JsonArray("Ingress", "Egress"), both["spec"]!["policyTypes"]));
        Assert.Equal("TCP", both["spec"]!["egress"]![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
    }

    [Fact]
    public void Core_events_must_name_their_involved_objects_namespace()
    {
        var ev = Yaml.Object("""
            apiVersion: v1
            kind: Event
            metadata:
              name: web.17a
              namespace: apps
            involvedObject:
              kind: Pod
              name: web
              namespace: other
            reason: Started
            """);
        Assert.Equal(["involvedObject.namespace: Invalid value: \"other\": does not match event.namespace"], Harness.Lines(Harness.Create(ev)));
    }

    [Fact]
    public void Nodes_keep_the_status_a_kubelet_posts_and_default_allocatable()
    {
        var node = Harness.Created("""
            apiVersion: v1
            kind: Node
            metadata:
              name: worker-1
            spec:
              taints:
              - key: dedicated
                value: gpu
                effect: NoSchedule
            status:
              capacity:
                cpu: "4"
                memory: 8Gi
            """);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"cpu":"4","memory":"8Gi"}"""), node["status"]!["allocatable"]));
        var badTaint = Yaml.Object("apiVersion: v1\nkind: Node\nmetadata:\n  name: n\nspec:\n  taints:\n  - key: a\n    effect: Sometimes");
        Assert.Equal(["spec.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""],
            Harness.Lines(Harness.Create(badTaint)));
    }

    [Fact]
    public void An_ingress_path_needs_a_path_type_and_a_backend_port()
    {
        var ingress = Yaml.Object("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
            spec:
              rules:
              - host: example.com
                http:
                  paths:
                  - path: /
                    backend:
                      service:
                        name: web
                  - path: /api
                    pathType: Prefix
                    backend:
                      service:
                        name: api
            """);
        Assert.Equal(
            [
                "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
                "spec.rules[0].http.paths[1].backend: Required value: port name or number is required",
            ],
            Harness.Lines(Harness.Create(ingress)));
    }

    [Fact]
    public void A_lease_duration_must_be_positive()
    {
        var lease = Yaml.Object("apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: l\nspec:\n  leaseDurationSeconds: 0");
        Assert.Equal(["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"], Harness.Lines(Harness.Create(lease)));
    }

    [Fact]
    public void Container_limit_ranges_default_requests_from_limits_and_limits_from_max()
    {
        var lr = Harness.Created("""
            apiVersion: v1
            kind: LimitRange
            metadata:
              name: limits
            spec:
              limits:
              - type: Container
                max:
                  cpu: "2"
                default:
                  memory: 512Mi
            """);
        var item = lr["spec"]!["limits"]![0]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"memory":"512Mi","cpu":"2"}"""), item["default"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"memory":"512Mi","cpu":"2"}"""), item["defaultRequest"]));
    }
}
