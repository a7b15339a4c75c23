using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cluster.TestKit;

namespace Cluster.ApiServer.Tests.Integration;

[Trait("tier", "integration")]
public sealed partial class ServiceAccountAdmissionIntegrationTests(AdmittingServer server) : IClassFixture<AdmittingServer>
{
    private const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private static string Pod(string name, string spec = "", string containers = """[{"name":"c","image":"i"}]""", string annotations = "") =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"{{{annotations}}}},"spec":{{{{spec}}}"containers":{{{containers}}}}}""";

    private static string Account(string name, string extra = "") =>
        $$$"""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"{{{name}}}"}{{{extra}}}}""";

    private async Task<string> NamespaceWithAccountAsync(string account = "default", string extra = "")
    {
        var ns = await server.NamespaceAsync("sa");
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", Account(account, extra))).Code);
        return ns;
    }

    private async Task<JsonObject> CreatedAsync(string ns, string pod, string query = "")
    {
        var (code, body, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods{query}", pod);
        Assert.True(code == HttpStatusCode.Created, $"{code}: {body}");
        return body!.AsObject();
    }

    private static JsonArray Volumes(JsonObject pod) => pod["spec"]!["volumes"] as JsonArray ?? [];

    private static IEnumerable<JsonObject> Mounts(JsonObject pod, string list) =>
        (pod["spec"]![list] as JsonArray ?? []).Select(c => c!["volumeMounts"] as JsonArray ?? []).SelectMany(m => m).Select(m => m!.AsObject());

    [GeneratedRegex("^kube-api-access-[a-z0-9]{5}$")]
    private static partial Regex VolumeName();

    [Fact]
    public async Task A_pod_gets_the_default_account_and_the_api_access_volume_mounted_read_only_in_every_container()
    {
        var ns = await NamespaceWithAccountAsync();
        var pod = await CreatedAsync(ns, Pod("p", """ "initContainers":[{"name":"init","image":"i"}],""", """[{"name":"a","image":"i"},{"name":"b","image":"i"}]"""));

        Assert.Equal("default", (string?)pod["spec"]!["serviceAccountName"]);
        Assert.Equal("default", (string?)pod["spec"]!["serviceAccount"]);
        var volume = Assert.Single(Volumes(pod))!.AsObject();
        var name = (string)volume["name"]!;
        Assert.Matches(VolumeName(), name);
        var expected = JsonNode.Parse($$$"""
            {"name":"{{{name}}}","projected":{"sources":[
              {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
              {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
              {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],
              "defaultMode":420}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, volume), volume.ToJsonString());
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in pod["spec"]![list]!.AsArray())
            {
                var mount = Assert.Single(container!["volumeMounts"]!.AsArray())!;
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"name":"{{name}}","readOnly":true,"mountPath":"{{MountPath}}"}"""), mount), mount.ToJsonString());
            }
        }

        var (_, stored, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/p");
        Assert.Equal(name, (string?)stored!["spec"]!["volumes"]![0]!["name"]);
    }

    [Fact]
    public async Task A_named_account_is_kept_and_its_pull_secrets_go_to_a_pod_without_any()
    {
        var ns = await NamespaceWithAccountAsync("builder", ""","imagePullSecrets":[{"name":"registry"}]""");
        var pod = await CreatedAsync(ns, Pod("p", """ "serviceAccountName":"builder","""));
        Assert.Equal(("builder", "builder"), ((string?)pod["spec"]!["serviceAccountName"], (string?)pod["spec"]!["serviceAccount"]));
        Assert.Equal("registry", (string?)pod["spec"]!["imagePullSecrets"]![0]!["name"]);

        var own = await CreatedAsync(ns, Pod("q", """ "serviceAccount":"builder","imagePullSecrets":[{"name":"mine"}],"""));
        Assert.Equal("builder", (string?)own["spec"]!["serviceAccountName"]);
        Assert.Equal("mine", (string?)Assert.Single(own["spec"]!["imagePullSecrets"]!.AsArray())!["name"]);
    }

    [Fact]
    public async Task Automount_false_on_the_pod_or_else_on_the_account_leaves_the_pod_without_credentials()
    {
        var ns = await NamespaceWithAccountAsync();
        var optedOut = await CreatedAsync(ns, Pod("pod-false", """ "automountServiceAccountToken":false,"""));
        Assert.Empty(Volumes(optedOut));
        Assert.Empty(Mounts(optedOut, "containers"));

        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", Account("quiet", ""","automountServiceAccountToken":false"""))).Code);
        var quiet = await CreatedAsync(ns, Pod("account-false", """ "serviceAccountName":"quiet","""));
        Assert.Empty(Volumes(quiet));

        var podWins = await CreatedAsync(ns, Pod("pod-true", """ "serviceAccountName":"quiet","automountServiceAccountToken":true,"""));
        Assert.Matches(VolumeName(), (string)Assert.Single(Volumes(podWins))!["name"]!);
    }

    [Fact]
    public async Task A_container_that_mounts_something_at_the_token_path_is_left_alone()
    {
        var ns = await NamespaceWithAccountAsync();
        var own = """{"name":"mine","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}""";
        var pod = await CreatedAsync(ns, Pod("some", """ "volumes":[{"name":"mine","emptyDir":{}}],""",
            $$"""[{"name":"a","image":"i","volumeMounts":[{{own}}]},{"name":"b","image":"i"}]"""));
        Assert.Equal(2, Volumes(pod).Count);
        Assert.Equal("mine", (string?)Assert.Single(pod["spec"]!["containers"]![0]!["volumeMounts"]!.AsArray())!["name"]);
        Assert.Matches(VolumeName(), (string)Assert.Single(pod["spec"]!["containers"]![1]!["volumeMounts"]!.AsArray())!["name"]!);

        var all = await CreatedAsync(ns, Pod("all", """ "volumes":[{"name":"mine","emptyDir":{}}],""", $$"""[{"name":"a","image":"i","volumeMounts":[{{own}}]}]"""));
        Assert.Equal("mine", (string?)Assert.Single(Volumes(all))!["name"]);
    }

    [Fact]
    public async Task A_pod_naming_a_missing_account_is_forbidden_even_without_automount()
    {
        var ns = await NamespaceWithAccountAsync();
        foreach (var (name, spec) in new[] { ("a", """ "serviceAccountName":"ghost","""), ("b", """ "serviceAccountName":"ghost","automountServiceAccountToken":false,""") })
        {
            var (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod(name, spec));
            Assert.Equal(HttpStatusCode.Forbidden, code);
            Assert.Equal("Forbidden", (string?)status!["reason"]);
            Assert.Equal($"pods \"{name}\" is forbidden: error looking up service account {ns}/ghost: serviceaccount \"ghost\" not found", (string?)status["message"]);
        }
    }

    [Fact]
    public async Task A_pod_waits_for_the_default_account_and_is_forbidden_when_it_never_comes()
    {
        var ns = await server.NamespaceAsync("sa");
        var create = server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("p"));
        while (!create.IsCompleted)
        {
            server.Clock.Advance(TimeSpan.FromMilliseconds(200));
            await Task.WhenAny(create, Task.Delay(10));
        }
        var (code, status, _) = await create;
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal($"pods \"p\" is forbidden: error looking up service account {ns}/default: serviceaccount \"default\" not found", (string?)status!["message"]);
    }

    [Fact]
    public async Task A_pod_created_before_the_default_account_is_admitted_once_the_account_appears()
    {
        var ns = await server.NamespaceAsync("sa");
        await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/serviceaccounts"); // the accounts' cache exists
        var armed = server.Clock.ArmedTimers;
        var create = server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("p"));
        await Eventually.TrueAsync(() => server.Clock.ArmedTimers > armed || create.IsCompleted, TimeSpan.FromSeconds(30), "the admission waits for the account");
        Assert.False(create.IsCompleted, "the pod was decided before its account existed");

        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", Account("default"))).Code);
        while (!create.IsCompleted)
        {
            server.Clock.Advance(TimeSpan.FromMilliseconds(200));
            await Task.WhenAny(create, Task.Delay(10));
        }
        var (code, pod, _) = await create;
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("default", (string?)pod!["spec"]!["serviceAccountName"]);
    }

    [Fact]
    public async Task A_dry_run_is_admitted_the_same_way_and_stores_nothing()
    {
        var ns = await NamespaceWithAccountAsync();
        var pod = await CreatedAsync(ns, Pod("dry"), "?dryRun=All");
        Assert.Equal("default", (string?)pod["spec"]!["serviceAccountName"]);
        Assert.Matches(VolumeName(), (string)Assert.Single(Volumes(pod))!["name"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/dry")).Code);

        var (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods?dryRun=All", Pod("dry", """ "serviceAccountName":"ghost","""));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Contains("serviceaccount \"ghost\" not found", (string?)status!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_may_not_change_the_account_or_drop_the_credentials()
    {
        var ns = await NamespaceWithAccountAsync();
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", Account("other"))).Code);
        var pod = await CreatedAsync(ns, Pod("p"));
        var volumeName = (string)Volumes(pod)[0]!["name"]!;

        var renamed = pod.DeepClone().AsObject();
        renamed["spec"]!["serviceAccountName"] = "other";
        renamed["spec"]!["serviceAccount"] = "other";
        var (code, status, _) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/pods/p", renamed.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("pod updates may not change fields", (string?)status!["message"], StringComparison.Ordinal);

        var relabelled = pod.DeepClone().AsObject();
        relabelled["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };
        var (updated, after, _) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/pods/p", relabelled.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal(volumeName, (string?)Assert.Single(after!["spec"]!["volumes"]!.AsArray())!["name"]);
    }

    [Fact]
    public async Task A_mirror_pod_is_not_changed_and_may_not_name_an_account()
    {
        var ns = await server.NamespaceAsync("sa");
        const string mirror = ""","annotations":{"kubernetes.io/config.mirror":"hash"}""";
        var pod = await CreatedAsync(ns, Pod("static", """ "nodeName":"n1",""", annotations: mirror));
        Assert.Null(pod["spec"]!["serviceAccountName"]);
        Assert.Empty(Volumes(pod));

        var (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("named", """ "nodeName":"n1","serviceAccountName":"default",""", annotations: mirror));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"named\" is forbidden: a mirror pod may not reference service accounts", (string?)status!["message"]);
    }

    [Fact]
    public async Task An_account_enforcing_mountable_secrets_refuses_a_pod_using_another_secret()
    {
        var ns = await server.NamespaceAsync("sa");
        var strict = """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"strict","annotations":{"kubernetes.io/enforce-mountable-secrets":"true"}},"secrets":[{"name":"allowed"}]}""";
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", strict)).Code);
        await CreatedAsync(ns, Pod("ok", """ "serviceAccountName":"strict","volumes":[{"name":"s","secret":{"secretName":"allowed"}}],"""));
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            Pod("bad", """ "serviceAccountName":"strict","volumes":[{"name":"s","secret":{"secretName":"other"}}],"""));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"bad\" is forbidden: volume with secret.secretName=\"other\" is not allowed because service account strict does not reference that secret", (string?)status!["message"]);
    }
}
