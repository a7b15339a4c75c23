using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

public class PodValidationTests
{
    private static JsonObject Pod(string containersYaml, string extraSpec = "") => Yaml.Object($"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
        {Indent(extraSpec)}
          containers:
        {Indent(containersYaml)}
        """);

    private static string Indent(string yaml) =>
        string.Join("\n", yaml.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));

    private static List<string> Causes(JsonObject pod) => Harness.Lines(Harness.Create(pod));

    [Fact]
    public void A_pod_without_containers_is_rejected_with_a_required_cause()
    {
        var pod = Yaml.Object("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec: {}
            """);
        var causes = Harness.Create(pod);
        var cause = Assert.Single(causes);
        Assert.Equal("FieldValueRequired", cause.Reason);
        Assert.Equal("spec.containers", cause.Field);
        Assert.Equal("Required value", cause.Message);
    }

    [Theory]
    [InlineData("- name: Web_1\n  image: nginx",
        "spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("- name: web\n  image: nginx\n- name: web\n  image: nginx", "spec.containers[1].name: Duplicate value: \"web\"")]
    [InlineData("- name: web", "spec.containers[0].image: Required value")]
    [InlineData("- name: web\n  image: nginx\n  ports:\n  - containerPort: 70000",
        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("- name: web\n  image: nginx\n  ports:\n  - containerPort: 80\n    protocol: HTTP",
        "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("- name: web\n  image: nginx\n  env:\n  - name: 1BAD\n    value: x",
        "spec.containers[0].env[0].name: Invalid value: \"1BAD\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")]
    [InlineData("- name: web\n  image: nginx\n  volumeMounts:\n  - name: data\n    mountPath: /data",
        "spec.containers[0].volumeMounts[0].name: Not found: \"data\"")]
    [InlineData("- name: web\n  image: nginx\n  resources:\n    requests:\n      cpu: 500m\n    limits:\n      cpu: 250m",
        "spec.containers[0].resources.requests: Invalid value: \"500m\": must be less than or equal to cpu limit of 250m")]
    [InlineData("- name: web\n  image: nginx\n  resources:\n    limits:\n      memory: lots",
        "spec.containers[0].resources.limits[memory]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("- name: web\n  image: nginx\n  resources:\n    limits:\n      gpu: 1",
        "spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified")]
    [InlineData("- name: web\n  image: nginx\n  livenessProbe:\n    periodSeconds: 5",
        "spec.containers[0].livenessProbe: Required value: must specify a handler type")]
    [InlineData("- name: web\n  image: nginx\n  imagePullPolicy: Sometimes",
        "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"")]
    public void Invalid_containers_get_upstreams_cause(string containers, string expected)
    {
        Assert.Contains(expected, Causes(Pod(containers)));
    }

    [Theory]
    [InlineData("restartPolicy: Sometimes",
        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"")]
    [InlineData("volumes:\n- name: a\n- name: a", "spec.volumes[1].name: Duplicate value: \"a\"")]
    [InlineData("volumes:\n- name: Bad_Name\n  emptyDir: {}",
        "spec.volumes[0].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("volumes:\n- name: a\n  emptyDir: {}\n  hostPath:\n    path: /x", "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type")]
    [InlineData("volumes:\n- name: s\n  secret: {}", "spec.volumes[0].secret.secretName: Required value")]
    [InlineData("dnsPolicy: Weird",
        "spec.dnsPolicy: Unsupported value: \"Weird\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"")]
    [InlineData("dnsPolicy: None", "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None")]
    [InlineData("dnsPolicy: None\ndnsConfig:\n  searches: [a.example]",
        "spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None")]
    [InlineData("dnsConfig:\n  nameservers: [1.1.1.1, not-an-ip]", "spec.dnsConfig.nameservers[1]: Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    [InlineData("activeDeadlineSeconds: 0", "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive")]
    [InlineData("tolerations:\n- operator: Equal\n  value: x",
        "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"")]
    [InlineData("ephemeralContainers:\n- name: debug\n  image: busybox", "spec.ephemeralContainers: Forbidden: cannot be set on create")]
    public void Invalid_pod_specs_get_upstreams_cause(string spec, string expected)
    {
        Assert.Contains(expected, Causes(Pod("- name: web\n  image: nginx", spec)));
    }

    [Fact]
    public void Init_and_regular_containers_share_one_name_space()
    {
        var pod = Pod("- name: web\n  image: nginx", "initContainers:\n- name: web\n  image: busybox");
        Assert.Contains("spec.initContainers[0].name: Duplicate value: \"web\"", Causes(pod));
    }

    [Fact]
    public void Init_containers_may_not_have_probes_unless_they_restart_always()
    {
        var plain = Pod("- name: web\n  image: nginx", "initContainers:\n- name: init\n  image: busybox\n  readinessProbe:\n    exec:\n      command: [true]");
        Assert.Contains("spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always", Causes(plain));
        var sidecar = Pod("- name: web\n  image: nginx", "initContainers:\n- name: init\n  image: busybox\n  restartPolicy: Always\n  readinessProbe:\n    exec:\n      command: [true]");
        Assert.Empty(Causes(sidecar));
    }

    [Fact]
    public void A_valid_pod_with_volumes_probes_and_resources_has_no_causes()
    {
        var pod = Pod("""
            - name: web
              image: nginx:1.27
              ports:
              - name: http
                containerPort: 8080
              env:
              - name: POD_NAME
                valueFrom:
                  fieldRef:
                    fieldPath: metadata.name
              resources:
                requests: { cpu: 100m, memory: 64Mi }
                limits: { cpu: 200m, memory: 128Mi }
              readinessProbe:
                httpGet:
                  path: /healthz
                  port: http
              volumeMounts:
              - name: config
                mountPath: /etc/config
            """, "volumes:\n- name: config\n  configMap:\n    name: app-config");
        Assert.Empty(Causes(pod));
        var container = pod["spec"]!["containers"]![0]!;
        Assert.Equal("v1", container["env"]![0]!["valueFrom"]!["fieldRef"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal("HTTP", container["readinessProbe"]!["httpGet"]!["scheme"]!.GetValue<string>());
        Assert.Equal(1, container["readinessProbe"]!["timeoutSeconds"]!.GetValue<int>());
        Assert.Equal(3, container["readinessProbe"]!["failureThreshold"]!.GetValue<int>());
        Assert.Equal(420, pod["spec"]!["volumes"]![0]!["configMap"]!["defaultMode"]!.GetValue<int>());
        Assert.Equal("Burstable", pod["status"]!["qosClass"]!.GetValue<string>());
    }
}
