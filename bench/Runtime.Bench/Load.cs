using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Bench;

/// <summary>Request loads: N calls spread over a fixed number of concurrent callers.</summary>
internal static class Load
{
    public static async Task<T[]> RunAsync<T>(int count, int concurrency, Func<int, Task<T>> call)
    {
        var results = new T[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) results[i] = await call(i);
        }));
        return results;
    }

    /// <summary>A small pod as a Deployment would make it: two labels, one container with a port and requests.</summary>
    public static Pod SmallPod(string ns, string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = "bench", ["tier"] = "web" } },
        Spec = new PodSpec
        {
            Containers =
            [
                new Container
                {
                    Name = "app",
                    Image = "registry.local/app:1.0",
                    Ports = [new ContainerPort { ContainerPortValue = 8080 }],
                    Resources = new ResourceRequirements { Requests = new Dictionary<string, Api.Serialization.ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") } },
                },
            ],
        },
    };
}
