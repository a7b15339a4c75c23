using System.Net;

namespace Cluster.ApiServer.Tests.Integration;

[Trait("tier", "integration")]
public sealed class PodPriorityAdmissionIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private static string Pod(string name, string? className = null, long? priority = null, string? preemption = null) =>
        $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{
          {{{(className is null ? "" : $"\"priorityClassName\":\"{className}\",")}}}
          {{{(priority is null ? "" : $"\"priority\":{priority},")}}}
          {{{(preemption is null ? "" : $"\"preemptionPolicy\":\"{preemption}\",")}}}
          "containers":[{"name":"c","image":"i"}]}}
        """;

    private static string Class(string name, long value, bool globalDefault = false, string? preemption = null) =>
        $$$"""{"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"{{{name}}}"},"value":{{{value}}},"globalDefault":{{{(globalDefault ? "true" : "false")}}}{{{(preemption is null ? "" : $",\"preemptionPolicy\":\"{preemption}\"")}}}}""";

    [Fact]
    public async Task A_priority_class_name_resolves_to_its_value_and_preemption_policy()
    {
        var ns = await server.NamespaceAsync();
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, "/apis/scheduling.k8s.io/v1/priorityclasses", Class("high-a", 1000, preemption: "Never"))).Code);
        var (code, pod, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("a", "high-a"));
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal((1000L, "Never"), ((long)pod!["spec"]!["priority"]!, (string?)pod["spec"]!["preemptionPolicy"]));

        var (_, critical, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("b", "system-node-critical"));
        Assert.Equal(2_000_001_000L, (long)critical!["spec"]!["priority"]!);
        Assert.Equal("PreemptLowerPriority", (string?)critical["spec"]!["preemptionPolicy"]);
    }

    [Fact]
    public async Task An_unknown_class_or_a_priority_the_class_does_not_give_is_forbidden()
    {
        var ns = await server.NamespaceAsync();
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("a", "no-such-class"));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"a\" is forbidden: no PriorityClass with name no-such-class was found", (string?)status!["message"]);

        (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("b", priority: 7));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Contains("the integer value of priority (7) must not be provided in pod spec", (string?)status!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pod_naming_no_class_gets_the_global_default()
    {
        var ns = await server.NamespaceAsync();
        var (_, plain, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("before"));
        Assert.Equal(0L, (long)plain!["spec"]!["priority"]!);

        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, "/apis/scheduling.k8s.io/v1/priorityclasses", Class("everyone", 50, globalDefault: true))).Code);
        await Cluster.TestKit.Eventually.TrueAsync(async () =>
        {
            var (_, pod, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod($"p{Guid.NewGuid():N}"[..20]));
            return (long?)pod?["spec"]?["priority"] == 50 && (string?)pod?["spec"]?["priorityClassName"] == "everyone";
        }, TimeSpan.FromSeconds(10), "the default class reaches the admission cache");
    }
}
