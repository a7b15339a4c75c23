using Cluster.Api.Core.V1;
using Cluster.Api.Serialization;
using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class QosClassesTests
{
    private static Container C(string? cpuReq = null, string? memReq = null, string? cpuLim = null, string? memLim = null) => new()
    {
        Name = "c",
        Resources = new ResourceRequirements
        {
            Requests = Map(("cpu", cpuReq), ("memory", memReq)),
            Limits = Map(("cpu", cpuLim), ("memory", memLim)),
        },
    };

    private static Dictionary<string, ResourceQuantity>? Map(params (string Key, string? Value)[] entries)
    {
        var map = entries.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => new ResourceQuantity(e.Value!));
        return map.Count == 0 ? null : map;
    }

    public static TheoryData<string, Container[], Container[], string> Cases => new()
    {
        { "nothing set", [C()], [], "BestEffort" },
        { "limits only: requests default to them", [C(cpuLim: "1", memLim: "1Gi")], [], "Guaranteed" },
        { "requests equal limits", [C("500m", "256Mi", "0.5", "256Mi")], [], "Guaranteed" },
        { "request below limit", [C("250m", "256Mi", "500m", "256Mi")], [], "Burstable" },
        { "memory limit missing", [C("1", "1Gi", "1")], [], "Burstable" },
        { "one container of two unset", [C(cpuLim: "1", memLim: "1Gi"), C()], [], "Burstable" },
        { "requests only", [C("100m")], [], "Burstable" },
        { "init container counts", [C(cpuLim: "1", memLim: "1Gi")], [C("100m")], "Burstable" },
        { "zero requests are unset", [C("0", "0")], [], "BestEffort" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_class_follows_upstreams_rules(string why, Container[] containers, Container[] inits, string expected)
    {
        Assert.NotEmpty(why);
        Assert.Equal(expected, QosClasses.Of(new PodSpec { Containers = containers, InitContainers = inits }));
    }
}
