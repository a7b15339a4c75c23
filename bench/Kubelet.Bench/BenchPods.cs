using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;

namespace Cluster.Kubelet.Bench;

internal static class BenchPods
{
    /// <summary>A busybox pod sleeping for an hour, from the node's own store, placed by the scheduler.</summary>
    public static Pod Sleeper(string ns, string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["bench"] = "kubelet" } },
        Spec = new PodSpec
        {
            // sleep as PID 1 ignores SIGTERM: without this every deletion would wait out the default 30 s.
            TerminationGracePeriodSeconds = 0,
            Containers = [new Container { Name = "sleep", Image = "busybox:latest", ImagePullPolicy = "IfNotPresent", Command = ["sleep", "3600"] }],
        },
    };

    /// <summary>A namespace whose default service account exists (pods are admitted only then).</summary>
    public static async Task CreateNamespaceAsync(ClusterClient client, string ns)
    {
        await client.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await client.FindAsync<ServiceAccount>(new(ns, "default")) is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no default service account in {ns}");
            await Task.Delay(50);
        }
    }

    /// <summary>Deletes the pods at once and waits until the node has removed their sandboxes, so the next round starts idle.</summary>
    public static async Task DeleteAllAsync(ClusterClient client, string ns, IReadOnlyList<string> names, BenchNode node)
    {
        await Cluster.Bench.ConcurrentLoad.RunAsync(names.Count, 8, i => client.DeleteAsync<Pod>(new(ns, names[i]), new DeleteOptions { GracePeriodSeconds = 0 }));
        await node.WaitNoSandboxesAsync(TimeSpan.FromMinutes(2));
    }
}
