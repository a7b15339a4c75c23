using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

/// <summary>Defaults compared with what a v1.32 API server returns after create (admission plugins aside).</summary>
public class DefaultingTests
{
    private static void AssertJson(string expected, JsonNode? actual)
    {
        var want = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(want, actual), $"expected:\n{want}\nactual:\n{actual}");
    }

    [Fact]
    public void A_minimal_pod_gets_the_spec_and_status_a_real_server_returns()
    {
        var pod = Harness.Created("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: nginx
            spec:
              containers:
              - name: nginx
                image: nginx:1.14.2
                ports:
                - containerPort: 80
            """);
        AssertJson("""
            {
              "containers": [{
                "name": "nginx", "image": "nginx:1.14.2", "imagePullPolicy": "IfNotPresent",
                "ports": [{ "containerPort": 80, "protocol": "TCP" }],
                "resources": {},
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"
              }],
              "dnsPolicy": "ClusterFirst", "enableServiceLinks": true, "restartPolicy": "Always",
              "schedulerName": "default-scheduler", "securityContext": {}, "terminationGracePeriodSeconds": 30,
              "tolerations": [
                { "key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300 },
                { "key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300 }
              ]
            }
            """, pod["spec"]);
        AssertJson("""{ "phase": "Pending", "qosClass": "BestEffort" }""", pod["status"]);
    }

    [Fact]
    public void A_minimal_deployment_gets_strategy_limits_and_template_defaults()
    {
        var deployment = Harness.Created("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx-deployment
              labels:
                app: nginx
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: nginx
              template:
                metadata:
                  labels:
                    app: nginx
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.14.2
                    ports:
                    - containerPort: 80
            """);
        AssertJson("""
            {
              "progressDeadlineSeconds": 600, "replicas": 3, "revisionHistoryLimit": 10,
              "selector": { "matchLabels": { "app": "nginx" } },
              "strategy": { "rollingUpdate": { "maxSurge": "25%", "maxUnavailable": "25%" }, "type": "RollingUpdate" },
              "template": {
                "metadata": { "creationTimestamp": null, "labels": { "app": "nginx" } },
                "spec": {
                  "containers": [{
                    "image": "nginx:1.14.2", "imagePullPolicy": "IfNotPresent", "name": "nginx",
                    "ports": [{ "containerPort": 80, "protocol": "TCP" }], "resources": {},
                    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"
                  }],
                  "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
                  "securityContext": {}, "terminationGracePeriodSeconds": 30
                }
              }
            }
            """, deployment["spec"]);
        AssertJson("{}", deployment["status"]);
    }

    [Fact]
    public void A_minimal_service_gets_traffic_policies_ip_families_and_target_port()
    {
        var service = Harness.Created("""
            apiVersion: v1
            kind: Service
            metadata:
              name: my-service
            spec:
              selector:
                app.kubernetes.io/name: MyApp
              ports:
              - port: 80
                targetPort: 9376
            """);
        AssertJson("""
            {
              "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
              "ports": [{ "port": 80, "protocol": "TCP", "targetPort": 9376 }],
              "selector": { "app.kubernetes.io/name": "MyApp" },
              "sessionAffinity": "None", "type": "ClusterIP"
            }
            """, service["spec"]);
        AssertJson("""{ "loadBalancer": {} }""", service["status"]);
    }

    [Fact]
    public void A_minimal_job_gets_a_generated_selector_labels_and_job_defaults()
    {
        var job = Harness.Created("""
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
                    command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
                  restartPolicy: Never
              backoffLimit: 4
            """);
        const string uid = Harness.Uid;
        AssertJson($$"""
            {
              "backoffLimit": 4, "completionMode": "NonIndexed", "completions": 1, "manualSelector": false,
              "parallelism": 1, "podReplacementPolicy": "TerminatingOrFailed",
              "selector": { "matchLabels": { "batch.kubernetes.io/controller-uid": "{{uid}}" } },
              "suspend": false,
              "template": {
                "metadata": {
                  "creationTimestamp": null,
                  "labels": {
                    "batch.kubernetes.io/controller-uid": "{{uid}}", "batch.kubernetes.io/job-name": "pi",
                    "controller-uid": "{{uid}}", "job-name": "pi"
                  }
                },
                "spec": {
                  "containers": [{
                    "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
                    "image": "perl:5.34.0", "imagePullPolicy": "IfNotPresent", "name": "pi", "resources": {},
                    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"
                  }],
                  "dnsPolicy": "ClusterFirst", "restartPolicy": "Never", "schedulerName": "default-scheduler",
                  "securityContext": {}, "terminationGracePeriodSeconds": 30
                }
              }
            }
            """, job["spec"]);
        AssertJson($$"""
            {
              "batch.kubernetes.io/controller-uid": "{{uid}}", "batch.kubernetes.io/job-name": "pi",
              "controller-uid": "{{uid}}", "job-name": "pi"
            }
            """, job["metadata"]!["labels"]);
        AssertJson("{}", job["status"]);
    }

    [Fact]
    public void A_statefulset_gets_policies_and_claim_template_defaults()
    {
        var sts = Harness.Created("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: web
            spec:
              selector:
                matchLabels:
                  app: nginx
              serviceName: nginx
              template:
                metadata:
                  labels:
                    app: nginx
                spec:
                  containers:
                  - name: nginx
                    image: registry.k8s.io/nginx-slim:0.8
              volumeClaimTemplates:
              - metadata:
                  name: www
                spec:
                  accessModes: [ "ReadWriteOnce" ]
                  resources:
                    requests:
                      storage: 1Gi
            """);
        var spec = sts["spec"]!;
        Assert.Equal("OrderedReady", spec["podManagementPolicy"]!.GetValue<string>());
        AssertJson("""{ "rollingUpdate": { "partition": 0 }, "type": "RollingUpdate" }""", spec["updateStrategy"]);
        AssertJson("""{ "whenDeleted": "Retain", "whenScaled": "Retain" }""", spec["persistentVolumeClaimRetentionPolicy"]);
        Assert.Equal(1, spec["replicas"]!.GetValue<int>());
        Assert.Equal(10, spec["revisionHistoryLimit"]!.GetValue<int>());
        AssertJson("""
            [{
              "apiVersion": "v1", "kind": "PersistentVolumeClaim",
              "metadata": { "creationTimestamp": null, "name": "www" },
              "spec": { "accessModes": ["ReadWriteOnce"], "resources": { "requests": { "storage": "1Gi" } }, "volumeMode": "Filesystem" },
              "status": { "phase": "Pending" }
            }]
            """, spec["volumeClaimTemplates"]);
        AssertJson("""{ "availableReplicas": 0, "replicas": 0 }""", sts["status"]);
    }

    [Fact]
    public void A_daemonset_rolls_one_pod_at_a_time_without_surge()
    {
        var ds = Harness.Created("""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: agent
            spec:
              selector:
                matchLabels:
                  name: agent
              template:
                metadata:
                  labels:
                    name: agent
                spec:
                  containers:
                  - name: agent
                    image: busybox
            """);
        AssertJson("""{ "rollingUpdate": { "maxSurge": 0, "maxUnavailable": 1 }, "type": "RollingUpdate" }""", ds["spec"]!["updateStrategy"]);
        Assert.Equal(10, ds["spec"]!["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal("Always", ds["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void A_cronjob_gets_its_policies_and_template_defaults_but_not_job_defaults()
    {
        var cronJob = Harness.Created("""
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: hello
            spec:
              schedule: "* * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: hello
                        image: busybox:1.28
                      restartPolicy: OnFailure
            """);
        var spec = cronJob["spec"]!;
        Assert.Equal("Allow", spec["concurrencyPolicy"]!.GetValue<string>());
        Assert.False(spec["suspend"]!.GetValue<bool>());
        Assert.Equal(3, spec["successfulJobsHistoryLimit"]!.GetValue<int>());
        Assert.Equal(1, spec["failedJobsHistoryLimit"]!.GetValue<int>());
        AssertJson("""{ "creationTimestamp": null }""", spec["jobTemplate"]!["metadata"]);
        Assert.Null(spec["jobTemplate"]!["spec"]!["backoffLimit"]);
        Assert.Equal("default-scheduler", spec["jobTemplate"]!["spec"]!["template"]!["spec"]!["schedulerName"]!.GetValue<string>());
    }
}
