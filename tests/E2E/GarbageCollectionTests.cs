using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>
/// The garbage collector and namespace controller that <c>cluster server</c> runs in-process, driven by the real
/// kubectl: <c>kubectl delete namespace</c> with content, and <c>--cascade=background|foreground|orphan</c> on owner and
/// dependent config maps the test links itself.
/// </summary>
public sealed class GarbageCollectionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const string ThingCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: things.gc.example.dev}
        spec:
          group: gc.example.dev
          scope: Namespaced
          names: {plural: things, singular: thing, kind: Thing}
          versions:
          - name: v1
            served: true
            storage: true
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """;

    private Kubectl K => fixture.Kubectl;

    /// <summary>Config maps owned by <paramref name="owner"/> (by name and uid), applied with kubectl.</summary>
    private async Task DependentsAsync(string ns, string owner, bool block, params string[] names)
    {
        var uid = (await K.RunAsync("get", "configmap", owner, "-n", ns, "-o", "jsonpath={.metadata.uid}")).Ok().Stdout.Trim();
        var docs = names.Select(name => $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{name}}
              ownerReferences:
              - {apiVersion: v1, kind: ConfigMap, name: {{owner}}, uid: {{uid}}, blockOwnerDeletion: {{(block ? "true" : "false")}}}
            data: {k: v}
            """);
        (await K.RunAsync(["apply", "-n", ns, "-f", "-"], string.Join("\n---\n", docs))).Ok();
    }

    private async Task<bool> ExistsAsync(string ns, string kind, string name) => (await K.RunAsync("get", kind, name, "-n", ns, "-o", "name")).ExitCode == 0;

    [Fact]
    public async Task Kubectl_delete_namespace_returns_once_its_content_custom_resources_included_and_the_namespace_are_gone()
    {
        (await K.RunAsync(["apply", "-f", "-"], ThingCrd)).Ok();
        (await K.RunAsync("wait", "--for=condition=Established", "crd/things.gc.example.dev", "--timeout=30s")).Ok();
        var ns = await fixture.NamespaceAsync("doomed");
        (await K.RunAsync("create", "configmap", "settings", "--from-literal=k=v", "-n", ns)).Ok();
        (await K.RunAsync("create", "secret", "generic", "password", "--from-literal=p=s3cret", "-n", ns)).Ok();
        (await K.RunAsync("create", "service", "clusterip", "web", "--tcp=80:8080", "-n", ns)).Ok();
        (await K.RunAsync("create", "deployment", "web", "--image=app:1", "--replicas=2", "-n", ns)).Ok();
        (await K.RunAsync(["apply", "-n", ns, "-f", "-"], "{\"apiVersion\":\"gc.example.dev/v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"one\"},\"spec\":{\"n\":1}}")).Ok();
        await Eventually.TrueAsync(async () => (await K.RunAsync("get", "pods", "-n", ns, "-o", "name")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2,
            Patience, "the deployment's pods exist");

        var deleted = (await K.RunAsync(["delete", "namespace", ns, "--timeout=60s"], null, timeout: TimeSpan.FromSeconds(90))).Ok();
        Assert.Contains($"namespace \"{ns}\" deleted", deleted.Stdout, StringComparison.Ordinal);
        var gone = await K.RunAsync("get", "namespace", ns);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
        Assert.Equal("", (await K.RunAsync("get", "things,configmaps,secrets,services,deployments,replicasets,pods", "-n", ns, "-o", "name")).Stdout.Trim());
    }

    [Fact]
    public async Task Kubectl_delete_with_cascade_orphan_leaves_the_dependents_without_the_reference()
    {
        var ns = await fixture.NamespaceAsync("orphan");
        (await K.RunAsync("create", "configmap", "owner", "-n", ns)).Ok();
        await DependentsAsync(ns, "owner", block: true, "child-1", "child-2");

        (await K.RunAsync("delete", "configmap", "owner", "--cascade=orphan", "-n", ns, "--timeout=60s")).Ok();
        Assert.False(await ExistsAsync(ns, "configmap", "owner")); // kubectl waited for it to go
        foreach (var child in new[] { "child-1", "child-2" })
        {
            Assert.Equal("", (await K.RunAsync("get", "configmap", child, "-n", ns, "-o", "jsonpath={.metadata.ownerReferences}")).Ok().Stdout.Trim());
            Assert.Equal("", (await K.RunAsync("get", "configmap", child, "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}")).Ok().Stdout.Trim());
        }
    }

    [Fact]
    public async Task Kubectl_delete_with_cascade_foreground_returns_after_the_blocking_dependents_are_gone()
    {
        var ns = await fixture.NamespaceAsync("foreground");
        (await K.RunAsync("create", "configmap", "owner", "-n", ns)).Ok();
        await DependentsAsync(ns, "owner", block: true, "child-1", "child-2");

        (await K.RunAsync("delete", "configmap", "owner", "--cascade=foreground", "-n", ns, "--timeout=60s")).Ok();
        // The owner only goes once no blocking dependent is left, and kubectl waited for the owner.
        Assert.False(await ExistsAsync(ns, "configmap", "owner"));
        Assert.False(await ExistsAsync(ns, "configmap", "child-1"));
        Assert.False(await ExistsAsync(ns, "configmap", "child-2"));
    }

    [Fact]
    public async Task Kubectl_delete_in_the_background_collects_the_dependents_afterwards()
    {
        var ns = await fixture.NamespaceAsync("background");
        (await K.RunAsync("create", "configmap", "owner", "-n", ns)).Ok();
        await DependentsAsync(ns, "owner", block: false, "child-1", "child-2");
        (await K.RunAsync("create", "configmap", "bystander", "-n", ns)).Ok();

        (await K.RunAsync("delete", "configmap", "owner", "-n", ns)).Ok();
        await Eventually.TrueAsync(async () => !await ExistsAsync(ns, "configmap", "child-1") && !await ExistsAsync(ns, "configmap", "child-2"),
            Patience, "the dependents are collected");
        Assert.True(await ExistsAsync(ns, "configmap", "bystander"));
    }
}
