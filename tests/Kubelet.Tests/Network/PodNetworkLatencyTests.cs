using System.Diagnostics;
using Cluster.Kubelet.Network;
using Xunit.Abstractions;
using static Cluster.Kubelet.Tests.Network.PodNetworkTestBed;

namespace Cluster.Kubelet.Tests.Network;

/// <summary>Prints how long SetUp and TearDown take on this machine. A report, not an assertion: timings never decide a test.</summary>
[Trait("tier", "integration")]
[Collection(PodNetworkTestBed.Collection)]
public sealed class PodNetworkLatencyTests(ITestOutputHelper output)
{
    private const int Sandboxes = 20;

    [Fact]
    public async Task Setup_and_teardown_latency_is_reported()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var namespaces = new List<string>();
        for (var i = 0; i < Sandboxes; i++) namespaces.Add(await bed.NewNetnsAsync());
        var sandboxes = namespaces.Select(_ => NewSandboxId()).ToList();

        var setUp = new List<double>();
        var setUpWithPorts = new List<double>();
        for (var i = 0; i < Sandboxes; i++)
        {
            HostPortMapping[] ports = i % 2 == 0 ? [] : [new HostPortMapping(31000 + i, 80, "TCP", null)];
            var clock = Stopwatch.StartNew();
            await network.SetUpAsync(Request(sandboxes[i], namespaces[i], ports), CancellationToken.None);
            (ports.Length == 0 ? setUp : setUpWithPorts).Add(clock.Elapsed.TotalMilliseconds);
        }
        var tearDown = new List<double>();
        var tearDownWithPorts = new List<double>();
        for (var i = 0; i < Sandboxes; i++)
        {
            var clock = Stopwatch.StartNew();
            await network.TearDownAsync(sandboxes[i], namespaces[i], CancellationToken.None);
            (i % 2 == 0 ? tearDown : tearDownWithPorts).Add(clock.Elapsed.TotalMilliseconds);
        }

        var spawn = new List<double>();
        for (var i = 0; i < Sandboxes; i++)
        {
            var clock = Stopwatch.StartNew();
            await HostCommand.RunAsync("ip", ["-batch", "-"], "link show lo\n", CancellationToken.None);
            spawn.Add(clock.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"One ip run (the floor):   {Summary(spawn)}");
        output.WriteLine($"SetUp each: {string.Join(", ", setUp.Zip(setUpWithPorts).Select(p => $"{p.First:F1}/{p.Second:F1}"))}");
        output.WriteLine($"SetUp:                    {Summary(setUp)}");
        output.WriteLine($"SetUp with a hostPort:    {Summary(setUpWithPorts)}");
        output.WriteLine($"TearDown:                 {Summary(tearDown)}");
        output.WriteLine($"TearDown with a hostPort: {Summary(tearDownWithPorts)}");
        Assert.All(sandboxes, s => Assert.Null(network.AddressOf(s)));
    }

    private static string Summary(List<double> ms)
    {
        var sorted = ms.Order().ToList();
        return $"median {sorted[sorted.Count / 2]:F1} ms, min {sorted[0]:F1} ms, max {sorted[^1]:F1} ms (n={sorted.Count})";
    }
}
