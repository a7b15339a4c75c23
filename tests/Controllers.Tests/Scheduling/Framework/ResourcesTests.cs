using Cluster.Api.Serialization;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Tests.Scheduling.Framework;

public sealed class ResourcesTests
{
    [Fact]
    public void A_resource_list_is_read_in_the_schedulers_units_the_same_every_time()
    {
        var list = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = "1500m", ["memory"] = "128Mi", ["ephemeral-storage"] = "1G", ["pods"] = "110", ["nvidia.com/gpu"] = "2",
        };
        for (var i = 0; i < 3; i++) // later reads come from the remembered spellings
        {
            var r = Resources.From(list);
            Assert.Equal((1500L, 128L * 1024 * 1024, 1_000_000_000L, 110L, 2L), (r.MilliCpu, r.Memory, r.EphemeralStorage, r.Pods, r.Get("nvidia.com/gpu")));
        }
    }

    [Fact]
    public void A_spelling_reads_differently_as_cpu_and_as_another_resource()
    {
        var r = Resources.From(new Dictionary<string, ResourceQuantity> { ["cpu"] = "2", ["memory"] = "2" });
        Assert.Equal((2000L, 2L), (r.MilliCpu, r.Memory));
    }
}
