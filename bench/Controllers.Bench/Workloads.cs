using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;

namespace Cluster.Controllers.Bench;

internal static class Workloads
{
    /// <summary>A Deployment whose pods the scheduler places, 25% surge and unavailability.</summary>
    public static Deployment Deployment(string ns, int replicas, string image) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = ns },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Strategy = new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = "25%" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new PodSpec
                {
                    TerminationGracePeriodSeconds = 0,
                    Containers = [new Container { Name = "app", Image = image }],
                },
            },
        },
    };

    public static async Task WaitRolledOutAsync(ClusterClient client, string ns, int replicas, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var d = await client.GetAsync<Deployment>(new(ns, "web"));
            if (d.Status is { } s && s.ObservedGeneration >= d.Metadata!.Generation && s.UpdatedReplicas == replicas && s.Replicas == replicas
                && s.AvailableReplicas == replicas && s.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not rolled out within {timeout}: {Describe(d)}");
            await Task.Delay(50);
        }

        static string Describe(Deployment d) => $"replicas {d.Status?.Replicas} updated {d.Status?.UpdatedReplicas} available {d.Status?.AvailableReplicas}";
    }

    public static async Task<bool> WaitGoneAsync(ClusterClient client, string ns, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await client.FindAsync<Namespace>(new("", ns)) is null) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
