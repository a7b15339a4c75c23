using System.Globalization;
using Cluster.Api.Core.V1;
using Cluster.Runtime.Client;

namespace Cluster.Bench;

internal static class Hollow
{
    public static async Task WaitForNodesAsync(ClusterClient client, string prefix, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var nodes = (await client.ListAsync<Node>(options: new ListOptions { LabelSelector = "node.cluster.io/hollow=true" })).Items;
            var registered = nodes.Count(n => n.Metadata!.Name!.StartsWith(prefix, StringComparison.Ordinal));
            if (registered >= count) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{registered} of {count} hollow nodes registered within {timeout}");
            await Task.Delay(500);
        }
    }

    /// <summary>VmRSS of a process, from /proc.</summary>
    public static double ResidentMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }

    /// <summary>User plus system CPU time a process has used so far, from /proc (clock ticks of 10 ms).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
