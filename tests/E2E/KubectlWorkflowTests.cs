using System.Text.Json.Nodes;

namespace Cluster.E2E;

/// <summary>Everyday kubectl work against the real server: create, apply, get, label, patch, scale, delete.</summary>
public sealed class KubectlWorkflowTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static string Deployment(string ns, string image, string mode) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{{ns}}}
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: {{{image}}}
                env:
                - name: MODE
                  value: "{{{mode}}}"
                ports:
                - containerPort: 80
        """;

    [Fact]
    public async Task Client_side_apply_creates_then_configures_then_is_unchanged()
    {
        var ns = await fixture.NamespaceAsync("apply");
        var k = fixture.Kubectl;
        Assert.Contains("deployment.apps/web created", (await k.RunAsync(["apply", "-f", "-"], Deployment(ns, "nginx:1.27", "one"))).Ok().Stdout, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web configured", (await k.RunAsync(["apply", "-f", "-"], Deployment(ns, "nginx:1.28", "two"))).Ok().Stdout, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web unchanged", (await k.RunAsync(["apply", "-f", "-"], Deployment(ns, "nginx:1.28", "two"))).Ok().Stdout, StringComparison.Ordinal);

        var live = JsonNode.Parse((await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "json")).Ok().Stdout)!;
        var container = live["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("nginx:1.28", (string?)container["image"]);
        Assert.Equal("two", (string?)container["env"]![0]!["value"]);
        Assert.Equal(2, (long?)live["metadata"]!["generation"]);
        Assert.Contains("nginx:1.28", (string?)live["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generators_send_protobuf_and_the_objects_come_back()
    {
        var ns = await fixture.NamespaceAsync("gen");
        var k = fixture.Kubectl;
        (await k.RunAsync("create", "configmap", "settings", "-n", ns, "--from-literal=color=blue")).Ok();
        (await k.RunAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=password=s3cret")).Ok();
        (await k.RunAsync("create", "deployment", "api", "-n", ns, "--image=nginx", "--replicas=3", "--port=8080")).Ok();
        (await k.RunAsync("create", "service", "clusterip", "api", "-n", ns, "--tcp=80:8080")).Ok();
        (await k.RunAsync("create", "job", "once", "-n", ns, "--image=busybox", "--", "echo", "hi")).Ok();

        Assert.Equal("blue", (await k.RunAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.color}")).Ok().Stdout);
        Assert.Equal("czNjcmV0", (await k.RunAsync("get", "secret", "creds", "-n", ns, "-o", "jsonpath={.data.password}")).Ok().Stdout);
        Assert.Equal("3", (await k.RunAsync("get", "deployment", "api", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Ok().Stdout);
        var names = (await k.RunAsync("get", "deployments,services,jobs", "-n", ns, "-o", "name")).Ok().Stdout;
        Assert.Contains("deployment.apps/api", names, StringComparison.Ordinal);
        Assert.Contains("service/api", names, StringComparison.Ordinal);
        Assert.Contains("job.batch/once", names, StringComparison.Ordinal);

        var again = await k.RunAsync("create", "configmap", "settings", "-n", ns);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("configmaps \"settings\" already exists", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_prints_tables_and_filters_by_label_and_field()
    {
        var ns = await fixture.NamespaceAsync("get");
        var k = fixture.Kubectl;
        (await k.RunAsync("create", "configmap", "a", "-n", ns, "--from-literal=x=1")).Ok();
        (await k.RunAsync("create", "configmap", "b", "-n", ns)).Ok();
        (await k.RunAsync("label", "configmap", "a", "-n", ns, "tier=front")).Ok();

        var table = (await k.RunAsync("get", "configmaps", "-n", ns)).Ok().Stdout;
        Assert.Matches(@"^NAME\s+DATA\s+AGE", table);
        Assert.Matches(@"(?m)^a\s+1\s+\d+s", table);
        Assert.Equal("configmap/a\n", (await k.RunAsync("get", "cm", "-n", ns, "-l", "tier=front", "-o", "name")).Ok().Stdout);
        Assert.Equal("configmap/b\n", (await k.RunAsync("get", "cm", "-n", ns, "--field-selector", "metadata.name=b", "-o", "name")).Ok().Stdout);
        Assert.Contains(ns, (await k.RunAsync("get", "cm", "-A", "-l", "tier=front")).Ok().Stdout, StringComparison.Ordinal);
        var yaml = (await k.RunAsync("get", "cm", "a", "-n", ns, "-o", "yaml")).Ok().Stdout;
        Assert.Contains("tier: front", yaml, StringComparison.Ordinal);
        Assert.Contains("No resources found", (await k.RunAsync("get", "pods", "-n", ns)).Ok().Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_annotate_and_every_patch_type_change_the_object()
    {
        var ns = await fixture.NamespaceAsync("patch");
        var k = fixture.Kubectl;
        (await k.RunAsync(["apply", "-f", "-"], Deployment(ns, "nginx:1.27", "one"))).Ok();
        (await k.RunAsync("annotate", "deployment", "web", "-n", ns, "owner=team-a")).Ok();
        (await k.RunAsync("patch", "deployment", "web", "-n", ns, "--type=merge", "-p", """{"spec":{"minReadySeconds":5}}""")).Ok();
        (await k.RunAsync("patch", "deployment", "web", "-n", ns, "--type=json", "-p", """[{"op":"replace","path":"/spec/replicas","value":4}]""")).Ok();
        (await k.RunAsync("patch", "deployment", "web", "-n", ns, "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.29"}]}}}}""")).Ok();
        (await k.RunAsync("set", "image", "deployment/web", "-n", ns, "nginx=nginx:1.30")).Ok();

        var live = JsonNode.Parse((await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "json")).Ok().Stdout)!;
        Assert.Equal("team-a", (string?)live["metadata"]!["annotations"]!["owner"]);
        Assert.Equal(5, (int?)live["spec"]!["minReadySeconds"]);
        Assert.Equal(4, (int?)live["spec"]!["replicas"]);
        var containers = live["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Single(containers);
        Assert.Equal("nginx:1.30", (string?)containers[0]!["image"]);
        Assert.Equal("one", (string?)containers[0]!["env"]![0]!["value"]); // strategic merge kept the env list
    }

    [Fact]
    public async Task Scale_changes_replicas_through_the_scale_subresource()
    {
        var ns = await fixture.NamespaceAsync("scale");
        var k = fixture.Kubectl;
        (await k.RunAsync(["apply", "-f", "-"], Deployment(ns, "nginx:1.27", "one"))).Ok();
        Assert.Contains("scaled", (await k.RunAsync("scale", "deployment", "web", "-n", ns, "--replicas=5")).Ok().Stdout, StringComparison.Ordinal);
        Assert.Equal("5", (await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Ok().Stdout);
        (await k.RunAsync("scale", "deployment", "web", "-n", ns, "--current-replicas=5", "--replicas=1")).Ok();
        Assert.Equal("1", (await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Ok().Stdout);
        var stale = await k.RunAsync("scale", "deployment", "web", "-n", ns, "--current-replicas=7", "--replicas=2");
        Assert.NotEqual(0, stale.ExitCode);
    }

    [Fact]
    public async Task Delete_waits_for_the_object_to_go()
    {
        var ns = await fixture.NamespaceAsync("del");
        var k = fixture.Kubectl;
        (await k.RunAsync("create", "configmap", "doomed", "-n", ns)).Ok();
        Assert.Contains("configmap \"doomed\" deleted", (await k.RunAsync("delete", "configmap", "doomed", "-n", ns)).Ok().Stdout, StringComparison.Ordinal);
        (await k.RunAsync("create", "configmap", "fg", "-n", ns)).Ok();
        (await k.RunAsync("delete", "configmap", "fg", "-n", ns, "--cascade=orphan", "--wait=false")).Ok();
        var gone = await k.RunAsync("get", "configmap", "doomed", "-n", ns);
        Assert.Contains("Error from server (NotFound): configmaps \"doomed\" not found", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_for_delete_returns_once_finalizers_are_cleared()
    {
        var ns = await fixture.NamespaceAsync("wait");
        var k = fixture.Kubectl;
        (await k.RunAsync(["apply", "-f", "-"], $$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: held, namespace: {{{ns}}}, finalizers: [example.com/hold]}
            """)).Ok();
        (await k.RunAsync("delete", "configmap", "held", "-n", ns, "--wait=false")).Ok();
        // -v=6 logs each response; once the watch's has come, removing the finalizer cannot be missed.
        await using var waiting = k.Start("wait", "--for=delete", "configmap/held", "-n", ns, "--timeout=30s", "-v=6");
        await waiting.WaitForAsync(o => o.Contains("watch=true", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "kubectl wait watching");
        (await k.RunAsync("patch", "configmap", "held", "-n", ns, "--type=merge", "-p", """{"metadata":{"finalizers":null}}""")).Ok();
        await waiting.WaitForAsync(o => o.Contains("condition met", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the wait to end");
        var result = new { Stdout = waiting.Output };
        Assert.Contains("condition met", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_with_an_editor_script_saves_the_change()
    {
        var ns = await fixture.NamespaceAsync("edit");
        var k = fixture.Kubectl;
        (await k.RunAsync("create", "configmap", "cfg", "-n", ns, "--from-literal=color=blue")).Ok();
        var editor = Path.Combine(Path.GetTempPath(), $"editor-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(editor, "#!/bin/sh\nsed -i 's/color: blue/color: green/' \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            (await k.RunAsync(["edit", "configmap", "cfg", "-n", ns], null, new Dictionary<string, string> { ["KUBE_EDITOR"] = editor })).Ok();
        }
        finally
        {
            File.Delete(editor);
        }
        Assert.Equal("green", (await k.RunAsync("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data.color}")).Ok().Stdout);
    }

    [Fact]
    public async Task Describe_and_explain_work()
    {
        var ns = await fixture.NamespaceAsync("desc");
        var k = fixture.Kubectl;
        (await k.RunAsync(["apply", "-f", "-"], Deployment(ns, "nginx:1.27", "one"))).Ok();
        var described = (await k.RunAsync("describe", "deployment", "web", "-n", ns)).Ok().Stdout;
        Assert.Matches(@"Name:\s+web", described);
        Assert.Contains("nginx:1.27", described, StringComparison.Ordinal);
        var explained = (await k.RunAsync("explain", "deployment.spec.strategy")).Ok().Stdout;
        Assert.Contains("rollingUpdate", explained, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_watch_prints_changes_as_they_happen()
    {
        var ns = await fixture.NamespaceAsync("watch");
        var k = fixture.Kubectl;
        (await k.RunAsync("create", "configmap", "w1", "-n", ns)).Ok();
        await using var watching = k.Start("get", "configmaps", "-n", ns, "-w");
        await watching.WaitForAsync(o => o.Contains("w1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the listed configmap");
        (await k.RunAsync("create", "configmap", "w2", "-n", ns)).Ok();
        await watching.WaitForAsync(o => o.Contains("w2", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the created configmap, from the watch");
        var result = new { Stdout = watching.Output };
        Assert.Matches(@"(?m)^w1\s+0\s+", result.Stdout);
        Assert.Matches(@"(?m)^w2\s+0\s+", result.Stdout);
    }

    [Fact]
    public async Task Server_side_apply_creates_updates_reports_conflicts_and_forces()
    {
        var ns = await fixture.NamespaceAsync("ssa");
        var k = fixture.Kubectl;
        Assert.Contains("serverside-applied", (await k.RunAsync(["apply", "--server-side", "-f", "-"], Deployment(ns, "nginx:1.27", "one"))).Ok().Stdout, StringComparison.Ordinal);
        (await k.RunAsync(["apply", "--server-side", "-f", "-"], Deployment(ns, "nginx:1.28", "one"))).Ok();
        Assert.Equal("nginx:1.28", (await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}")).Ok().Stdout);

        var conflict = await k.RunAsync(["apply", "--server-side", "--field-manager=ci-bot", "-f", "-"], Deployment(ns, "nginx:1.29", "one"));
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict", conflict.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(".spec.template.spec.containers[name=\"nginx\"].image", conflict.Stderr, StringComparison.Ordinal);

        (await k.RunAsync(["apply", "--server-side", "--field-manager=ci-bot", "--force-conflicts", "-f", "-"], Deployment(ns, "nginx:1.29", "one"))).Ok();
        var live = JsonNode.Parse((await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "json", "--show-managed-fields")).Ok().Stdout)!;
        Assert.Equal("nginx:1.29", (string?)live["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Contains(live["metadata"]!["managedFields"]!.AsArray(), e => (string?)e!["manager"] == "ci-bot" && (string?)e["operation"] == "Apply");
    }

    [Fact]
    public async Task A_client_side_applied_object_moves_to_server_side_apply()
    {
        var ns = await fixture.NamespaceAsync("migrate");
        var k = fixture.Kubectl;
        (await k.RunAsync(["apply", "-f", "-"], Deployment(ns, "nginx:1.27", "one"))).Ok();
        (await k.RunAsync(["apply", "--server-side", "-f", "-"], Deployment(ns, "nginx:1.28", "two"))).Ok();
        var live = JsonNode.Parse((await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "json", "--show-managed-fields")).Ok().Stdout)!;
        Assert.Equal("two", (string?)live["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]![0]!["value"]);
        Assert.Contains(live["metadata"]!["managedFields"]!.AsArray(), e => (string?)e!["manager"] == "kubectl" && (string?)e["operation"] == "Apply");
    }
}
