using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Framework;

public sealed class PodResourcesTests
{
    private static Pod WithInit(Pod pod, params Container[] init) => pod.WithSpec(s => s with { InitContainers = init });

    public static TheoryData<string, Pod, long, long> RequestCases => new()
    {
        { "app containers are summed", Pod("p", Container("100m", "100Mi"), Container("200m", "200Mi", "d")), 300, 300 * Mi },
        { "nothing requested is zero", Pod("p"), 0, 0 },
        { "a larger init container sets the floor", WithInit(Pod("p", Container("100m", "100Mi")), Container("500m", "50Mi", "i")), 500, 100 * Mi },
        { "init containers are not summed with each other", WithInit(Pod("p", Container("100m")), Container("300m", name: "i1"), Container("400m", name: "i2")), 400, 0 },
        { "a sidecar runs beside the app containers", WithInit(Pod("p", Container("100m", "100Mi")), Sidecar("200m", "50Mi")), 300, 150 * Mi },
        { "an init container after a sidecar runs with it", WithInit(Pod("p", Container("100m")), Sidecar("200m"), Container("500m", name: "i")), 700, 0 },
        { "an init container before a sidecar runs alone", WithInit(Pod("p", Container("100m")), Container("500m", name: "i"), Sidecar("200m")), 500, 0 },
        { "sidecars accumulate for later init containers", WithInit(Pod("p", Container("50m")), Sidecar("100m", name: "s1"), Sidecar("100m", name: "s2"), Container("300m", name: "i")), 500, 0 },
        { "overhead is added after the maximum", WithInit(Pod("p", Container("100m", "100Mi")), Container("500m", name: "i")).WithSpec(s => s with { Overhead = List(("cpu", "50m"), ("memory", "10Mi")) }), 550, 110 * Mi },
    };

    [Theory]
    [MemberData(nameof(RequestCases))]
    public void Requests_follow_upstreams_sidecar_aware_formula(string name, Pod pod, long milliCpu, long memory)
    {
        var requests = PodResources.Requests(pod);
        Assert.True(milliCpu == requests.MilliCpu, $"{name}: cpu {requests.MilliCpu}m, expected {milliCpu}m");
        Assert.True(memory == requests.Memory, $"{name}: memory {requests.Memory}, expected {memory}");
        Assert.Equal(1, requests.Pods);
    }

    public static TheoryData<string, Pod, long, long> NonZeroCases => new()
    {
        { "a container without requests counts the defaults", Pod("p"), 100, 200 * Mi },
        { "each container without requests counts them", Pod("p", Container(), Container(name: "d")), 200, 400 * Mi },
        { "only the missing resource is defaulted", Pod("p", Container("250m")), 250, 200 * Mi },
        { "an explicit zero is kept", Pod("p", Container("0", "0")), 0, 0 },
        { "a sidecar without requests counts the defaults", WithInit(Pod("p", Container("100m", "100Mi")), Sidecar()), 200, 300 * Mi },
        { "an init container counts the sidecars started before it", WithInit(Pod("p"), Sidecar(), Container("500m", "1Gi", "i")), 600, Gi + 200 * Mi },
        { "an init container without requests counts the defaults", WithInit(Pod("p", Container("10m", "10Mi")), Container(name: "i")), 100, 200 * Mi },
        { "overhead is added", Pod("p").WithSpec(s => s with { Overhead = List(("cpu", "20m"), ("memory", "1Mi")) }), 120, 201 * Mi },
    };

    [Theory]
    [MemberData(nameof(NonZeroCases))]
    public void Non_zero_requests_default_missing_cpu_and_memory_per_container(string name, Pod pod, long milliCpu, long memory)
    {
        var (cpu, mem) = PodResources.NonZeroRequests(pod);
        Assert.True(milliCpu == cpu, $"{name}: cpu {cpu}m, expected {milliCpu}m");
        Assert.True(memory == mem, $"{name}: memory {mem}, expected {memory}");
    }

    [Fact]
    public void Extended_resources_and_hugepages_follow_the_same_formula()
    {
        var pod = WithInit(
            Pod("p", Container("1", other: [("nvidia.com/gpu", "1"), ("hugepages-2Mi", "4Mi")]), Container(name: "d", other: [("nvidia.com/gpu", "1")])),
            Container(name: "i", other: [("nvidia.com/gpu", "3"), ("ephemeral-storage", "1Gi")]));

        var requests = PodResources.Requests(pod);

        Assert.Equal(3, requests.Get("nvidia.com/gpu"));
        Assert.Equal(4 * Mi, requests.Get("hugepages-2Mi"));
        Assert.Equal(Gi, requests.EphemeralStorage);
        Assert.Equal(1000, requests.MilliCpu);
        Assert.Equal(0, requests.Get("example.com/unknown"));
    }

    [Fact]
    public void Pod_info_carries_requests_non_zero_requests_and_host_ports()
    {
        var pod = Pod("p", Container("1") with { Ports = [new ContainerPort { ContainerPortValue = 80, HostPort = 8080 }, new ContainerPort { ContainerPortValue = 81 }] });

        var info = PodInfo.Of(pod);

        Assert.Equal(1000, info.Requests.MilliCpu);
        Assert.Equal(200 * Mi, info.NonZeroMemory);
        Assert.Equal([new HostPort("0.0.0.0", "TCP", 8080)], info.HostPorts);
    }
}
