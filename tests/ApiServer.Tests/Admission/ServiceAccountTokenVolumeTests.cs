using System.Text.Json.Nodes;
using Cluster.ApiServer.Admission;

namespace Cluster.ApiServer.Tests.Admission;

public sealed class ServiceAccountTokenVolumeTests
{
    [Fact]
    public void An_existing_api_access_volume_is_reused_and_not_added_again()
    {
        var spec = JsonNode.Parse("""
            {"volumes":[{"name":"kube-api-access-abcde","projected":{"sources":[]}}],
             "containers":[{"name":"a","image":"i"}],
             "ephemeralContainers":[{"name":"debug","image":"i"}]}
            """)!.AsObject();
        ServiceAccountTokenVolume.Mount(spec);
        Assert.Single(spec["volumes"]!.AsArray());
        Assert.Equal("kube-api-access-abcde", (string?)spec["containers"]![0]!["volumeMounts"]![0]!["name"]);
        Assert.Null(spec["ephemeralContainers"]![0]!["volumeMounts"]); // upstream mounts into init and regular containers only
    }

    [Fact]
    public void Names_are_random_per_pod_and_mounts_append_to_existing_ones()
    {
        var names = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var spec = JsonNode.Parse("""{"containers":[{"name":"a","image":"i","volumeMounts":[{"name":"data","mountPath":"/data"}]}]}""")!.AsObject();
            ServiceAccountTokenVolume.Mount(spec);
            var mounts = spec["containers"]![0]!["volumeMounts"]!.AsArray();
            Assert.Equal(["/data", ServiceAccountTokenVolume.MountPath], mounts.Select(m => (string)m!["mountPath"]!));
            names.Add((string)spec["volumes"]![0]!["name"]!);
        }
        Assert.True(names.Count > 1);
    }

    [Theory]
    [InlineData("""{"automountServiceAccountToken":false}""", """{}""", false)]
    [InlineData("""{}""", """{"automountServiceAccountToken":false}""", false)]
    [InlineData("""{"automountServiceAccountToken":false}""", """{"automountServiceAccountToken":true}""", true)]
    [InlineData("""{"automountServiceAccountToken":true}""", """{"automountServiceAccountToken":false}""", false)]
    [InlineData("""{}""", """{}""", true)]
    public void The_pods_automount_setting_wins_over_the_accounts(string account, string spec, bool mounts) =>
        Assert.Equal(mounts, ServiceAccountAdmission.ShouldAutomount(JsonNode.Parse(account)!.AsObject(), JsonNode.Parse(spec)!.AsObject()));
}
