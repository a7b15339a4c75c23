using System.Text.Json.Nodes;

namespace Cluster.E2E;

/// <summary>What kubectl prints for built-in kinds, and namespaces coming and going.</summary>
public sealed class ResourceViewsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Pods_print_with_the_upstream_columns_and_defaults()
    {
        var ns = await fixture.NamespaceAsync("pods");
        var k = fixture.Kubectl;
        (await k.RunAsync("run", "web", "-n", ns, "--image=nginx:1.27", "--port=80", "--labels=app=web")).Ok();
        var table = (await k.RunAsync("get", "pods", "-n", ns)).Ok().Stdout;
        Assert.Matches(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n", table);
        Assert.Matches(@"(?m)^web\s+0/1\s+Pending\s+0\s+\d+s$", table);
        var wide = (await k.RunAsync("get", "pods", "-n", ns, "-o", "wide")).Ok().Stdout;
        Assert.Matches(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n", wide);

        var pod = JsonNode.Parse((await k.RunAsync("get", "pod", "web", "-n", ns, "-o", "json")).Ok().Stdout)!;
        var spec = pod["spec"]!;
        Assert.Equal("Always", (string?)spec["restartPolicy"]);
        Assert.Equal("ClusterFirst", (string?)spec["dnsPolicy"]);
        Assert.Equal("default-scheduler", (string?)spec["schedulerName"]);
        Assert.Equal("TCP", (string?)spec["containers"]![0]!["ports"]![0]!["protocol"]);
        Assert.Equal("IfNotPresent", (string?)spec["containers"]![0]!["imagePullPolicy"]);
        Assert.Equal("BestEffort", (string?)pod["status"]!["qosClass"]);

        var described = (await k.RunAsync("describe", "pod", "web", "-n", ns)).Ok().Stdout;
        Assert.Matches(@"Port:\s+80/TCP", described);
    }

    [Fact]
    public async Task Get_all_lists_the_workload_kinds()
    {
        var ns = await fixture.NamespaceAsync("all");
        var k = fixture.Kubectl;
        (await k.RunAsync("create", "deployment", "api", "-n", ns, "--image=nginx")).Ok();
        (await k.RunAsync("create", "service", "clusterip", "api", "-n", ns, "--tcp=80:80")).Ok();
        var all = (await k.RunAsync("get", "all", "-n", ns)).Ok().Stdout;
        Assert.Contains("deployment.apps/api", all, StringComparison.Ordinal);
        Assert.Contains("service/api", all, StringComparison.Ordinal);
        Assert.Matches(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE", all);
    }

    [Fact]
    public async Task Deleting_a_namespace_marks_it_terminating_and_refuses_new_content()
    {
        var k = fixture.Kubectl;
        var ns = await fixture.NamespaceAsync("gone");
        // A finalizer on its content holds the namespace in Terminating while the namespace controller waits.
        (await k.RunAsync(["apply", "-n", ns, "-f", "-"], "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"held\",\"finalizers\":[\"example.dev/hold\"]}}")).Ok();
        (await k.RunAsync("delete", "namespace", ns, "--wait=false")).Ok();
        Assert.Equal("Terminating", (await k.RunAsync("get", "namespace", ns, "-o", "jsonpath={.status.phase}")).Ok().Stdout);
        var refused = await k.RunAsync("create", "configmap", "late", "-n", ns);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("because it is being terminated", refused.Stderr, StringComparison.Ordinal);

        (await k.RunAsync("patch", "configmap", "held", "-n", ns, "--type", "merge", "-p", "{\"metadata\":{\"finalizers\":null}}")).Ok();
        (await k.RunAsync("wait", "--for=delete", $"namespace/{ns}", "--timeout=60s")).Ok();
    }

    [Fact]
    public async Task Pod_logs_of_a_pod_on_no_node_say_it_has_no_host()
    {
        var ns = await fixture.NamespaceAsync("logs");
        var k = fixture.Kubectl;
        (await k.RunAsync("run", "web", "-n", ns, "--image=nginx")).Ok();
        var logs = await k.RunAsync("logs", "web", "-n", ns);
        Assert.NotEqual(0, logs.ExitCode);
        Assert.Contains("does not have a host assigned", logs.Stderr, StringComparison.Ordinal);
    }
}
