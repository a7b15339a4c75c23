using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Pods;

namespace Cluster.ApiServer.Tests.Strategies;

public sealed class DefaultTolerationsTests
{
    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "none yet", "[]", ["node.kubernetes.io/not-ready:300", "node.kubernetes.io/unreachable:300"] },
        { "its own not-ready toleration", """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}]""",
            ["node.kubernetes.io/not-ready:5", "node.kubernetes.io/unreachable:300"] },
        { "tolerates everything", """[{"operator":"Exists"}]""", [":"] },
        { "a NoSchedule toleration does not count", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoSchedule"}]""",
            ["node.kubernetes.io/unreachable:", "node.kubernetes.io/not-ready:300", "node.kubernetes.io/unreachable:300"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void New_pods_tolerate_node_loss_for_five_minutes_unless_they_say_otherwise(string _, string tolerations, string[] expected)
    {
        var spec = new JsonObject { ["tolerations"] = JsonNode.Parse(tolerations) };
        DefaultTolerations.Apply(spec);
        Assert.Equal(expected, spec["tolerations"]!.AsArray().Select(t => $"{(string?)t!["key"]}:{(long?)t["tolerationSeconds"]}"));
    }

    [Fact]
    public void A_pod_without_tolerations_gets_the_list()
    {
        var spec = new JsonObject();
        DefaultTolerations.Apply(spec);
        Assert.Equal(2, spec["tolerations"]!.AsArray().Count);
    }
}
