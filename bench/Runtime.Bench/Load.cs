using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Bench;

/// <summary>The objects the runtime benchmark loads the server with.</summary>
internal static class Load
{
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
