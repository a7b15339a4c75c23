using System.Net;
using Cluster.Kubelet.Network;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Network;

public sealed class HostLocalIpamTests
{
    private static readonly Ipv4Cidr Small = Ipv4Cidr.Parse("10.244.0.0/29");   // pods get .2 to .6

    private static string[] Allocate(HostLocalIpam ipam, params string[] sandboxes) =>
        [.. sandboxes.Select(s => ipam.Allocate(s).ToString())];

    [Fact]
    public void Addresses_are_handed_out_in_order_skipping_network_gateway_and_broadcast_then_run_out_clearly()
    {
        using var dir = new TempDirectory("ipam");
        var ipam = new HostLocalIpam(Small, dir.Path);

        Assert.Equal(["10.244.0.2", "10.244.0.3", "10.244.0.4", "10.244.0.5", "10.244.0.6"], Allocate(ipam, "a", "b", "c", "d", "e"));
        var error = Assert.Throws<PodAddressesExhaustedException>(() => ipam.Allocate("f"));
        Assert.Contains("10.244.0.0/29", error.Message, StringComparison.Ordinal);
        Assert.Contains("all 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sandbox_asking_again_gets_the_address_it_holds()
    {
        using var dir = new TempDirectory("ipam");
        var ipam = new HostLocalIpam(Small, dir.Path);

        var first = ipam.Allocate("a");
        ipam.Allocate("b");

        Assert.Equal(first, ipam.Allocate("a"));
        Assert.Equal(first, ipam.AddressOf("a"));
        Assert.Null(ipam.AddressOf("nobody"));
    }

    [Fact]
    public void A_released_address_is_reused_only_after_the_others_wrapping_around()
    {
        using var dir = new TempDirectory("ipam");
        var ipam = new HostLocalIpam(Small, dir.Path);
        Allocate(ipam, "a", "b");

        Assert.True(ipam.Release("a"));
        Assert.Equal(["10.244.0.4", "10.244.0.5", "10.244.0.6", "10.244.0.2"], Allocate(ipam, "c", "d", "e", "f"));
        Assert.True(ipam.Release("d"));
        Assert.Equal(["10.244.0.5"], Allocate(ipam, "g"));
    }

    [Fact]
    public void Release_is_idempotent_and_removes_the_file()
    {
        using var dir = new TempDirectory("ipam");
        var ipam = new HostLocalIpam(Small, dir.Path);
        var address = ipam.Allocate("a");
        Assert.Equal("a", File.ReadAllText(Path.Combine(dir.Path, address.ToString())));

        Assert.True(ipam.Release("a"));
        Assert.False(ipam.Release("a"));
        Assert.False(File.Exists(Path.Combine(dir.Path, address.ToString())));
    }

    [Fact]
    public void Allocations_and_the_cursor_survive_a_restart()
    {
        using var dir = new TempDirectory("ipam");
        var before = new HostLocalIpam(Small, dir.Path);
        Allocate(before, "a", "b", "c");
        before.Release("b");

        var after = new HostLocalIpam(Small, dir.Path);

        Assert.Equal(IPAddress.Parse("10.244.0.2"), after.AddressOf("a"));
        Assert.Null(after.AddressOf("b"));
        Assert.Equal(IPAddress.Parse("10.244.0.4"), after.AddressOf("c"));
        Assert.Equal(["10.244.0.5", "10.244.0.6", "10.244.0.3"], Allocate(after, "d", "e", "f"));
        Assert.Throws<PodAddressesExhaustedException>(() => after.Allocate("g"));
    }

    [Fact]
    public void Two_allocators_on_one_directory_never_hand_out_one_address_twice()
    {
        using var dir = new TempDirectory("ipam");
        var cidr = Ipv4Cidr.Parse("10.244.0.0/24");
        var (one, two) = (new HostLocalIpam(cidr, dir.Path), new HostLocalIpam(cidr, dir.Path));

        var addresses = Enumerable.Range(0, 100)
            .AsParallel()
            .Select(i => (i % 2 == 0 ? one : two).Allocate($"sandbox-{i}"))
            .ToList();

        Assert.Equal(100, addresses.Distinct().Count());
        Assert.Equal(100, Directory.EnumerateFiles(dir.Path).Count(f => IPAddress.TryParse(Path.GetFileName(f), out _)));
    }

    [Fact]
    public void An_address_file_without_an_owner_is_not_handed_out_and_files_outside_the_range_are_ignored()
    {
        using var dir = new TempDirectory("ipam");
        File.WriteAllText(Path.Combine(dir.Path, "10.244.0.2"), "");
        File.WriteAllText(Path.Combine(dir.Path, "10.99.0.2"), "elsewhere");
        File.WriteAllText(Path.Combine(dir.Path, "notes.txt"), "x");

        var ipam = new HostLocalIpam(Small, dir.Path);

        Assert.Equal(IPAddress.Parse("10.244.0.3"), ipam.Allocate("a"));
        Assert.Null(ipam.AddressOf("elsewhere"));
        Assert.Single(ipam.Allocations);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("line\nbreak")]
    public void Sandbox_ids_that_are_no_file_names_are_refused(string sandboxId)
    {
        using var dir = new TempDirectory("ipam");
        Assert.Throws<ArgumentException>(() => new HostLocalIpam(Small, dir.Path).Allocate(sandboxId));
    }
}
