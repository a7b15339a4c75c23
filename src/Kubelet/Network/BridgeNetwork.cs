using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Kubelet.Network;

/// <summary>
/// Pod networking on a Linux bridge in the current network namespace, programmed with iproute2 (<c>ip -batch</c>) and
/// iptables (<c>iptables-restore --noflush</c>): a SetUp is two <c>ip</c> runs, plus one iptables-restore run concurrently
/// when the pod publishes hostPorts. Addresses come from <see cref="HostLocalIpam"/>; hostPort mappings are recorded in
/// <see cref="HostPortRecords"/> so the NAT chain can be rebuilt after a restart. Thread-safe.
/// </summary>
public sealed partial class BridgeNetwork : IPodNetwork, IDisposable
{
    private const string Ip = "ip";
    private const string Iptables = "iptables";
    private const string IptablesRestore = "iptables-restore";

    private readonly BridgeNetworkOptions _options;
    private readonly Ipv4Cidr _cidr;
    private readonly HostLocalIpam _ipam;
    private readonly NatRules _rules;
    private readonly HostPortRecords _hostPorts;                            // guarded by _rulesLock
    private readonly SemaphoreSlim _rulesLock = new(1, 1);                  // serialises every change to our iptables chains
    private readonly ILogger _logger;
    private int _mtu;                                                       // the bridge's; 0 until read

    public BridgeNetwork(BridgeNetworkOptions options, ILogger<BridgeNetwork>? logger = null)
    {
        options.Validate();
        _options = options;
        _cidr = Ipv4Cidr.Parse(options.PodCidr);
        _ipam = new HostLocalIpam(_cidr, Path.Combine(options.StateDirectory, "ipam"));
        _hostPorts = new HostPortRecords(Path.Combine(options.StateDirectory, "hostports"));
        _rules = new NatRules(options.ChainPrefix, options.BridgeName, _cidr, options.MasqueradeMarkBit,
            options.ClusterCidr is null ? null : Ipv4Cidr.Parse(options.ClusterCidr));
        _logger = logger ?? NullLogger<BridgeNetwork>.Instance;
    }

    public Ipv4Cidr PodCidr => _cidr;

    public IPAddress Gateway => _cidr.Gateway;

    /// <summary>The names of our iptables chains, for tests and diagnostics.</summary>
    public NatRules Rules => _rules;

    public async Task EnsureNodeNetworkAsync(CancellationToken ct)
    {
        var existingMtu = await LinkMtuAsync(_options.BridgeName, ct);
        var mtu = _options.Mtu ?? existingMtu ?? await DefaultRouteMtuAsync(ct) ?? 1500;
        var script = existingMtu is null ? $"link add name {_options.BridgeName} mtu {mtu} type bridge\n" : "";
        if (existingMtu is not null && existingMtu != mtu) script += $"link set {_options.BridgeName} mtu {mtu}\n";
        script += $"addr replace {_cidr.Gateway}/{_cidr.PrefixLength} dev {_options.BridgeName}\nlink set {_options.BridgeName} up\n";
        await HostCommand.RunAsync(Ip, ["-batch", "-"], script, ct);
        _mtu = mtu;

        // /proc/sys/net is the caller's network namespace, like everything else here. Written only when needed, so a
        // node whose /proc/sys is read-only but already forwarding works too.
        const string ipForward = "/proc/sys/net/ipv4/ip_forward";
        if ((await File.ReadAllTextAsync(ipForward, ct)).Trim() != "1") await File.WriteAllTextAsync(ipForward, "1", ct);

        var present = await Task.WhenAll(_rules.Jumps.Select(j => RuleExistsAsync(j, ct)));
        var missing = _rules.Jumps.Where((_, i) => !present[i]);
        await _rulesLock.WaitAsync(ct);
        try
        {
            await RestoreAsync(_rules.NodeRestore(_hostPorts.All, missing), ct);
        }
        finally
        {
            _rulesLock.Release();
        }
        LogNodeReady(_logger, _options.BridgeName, _cidr.ToString(), mtu);
    }

    public async Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest request, CancellationToken ct)
    {
        SandboxIds.Validate(request.SandboxId, "sandbox id");
        SandboxIds.Validate(request.NetnsName, "netns name");
        foreach (var mapping in request.PortMappings) NatRules.Validate(mapping);

        var mtu = _mtu != 0 ? _mtu : _mtu = await LinkMtuAsync(_options.BridgeName, ct)
            ?? throw new InvalidOperationException($"the bridge {_options.BridgeName} does not exist: EnsureNodeNetworkAsync first");
        var podIp = _ipam.Allocate(request.SandboxId);
        var record = new HostPortRecord(request.SandboxId, request.PodNamespace, request.PodName, podIp.ToString(), [.. request.PortMappings]);
        await Task.WhenAll(WireAsync(request, podIp, mtu, ct), PublishHostPortsAsync(record, ct));
        return new PodNetworkStatus(podIp, _cidr.Gateway, PodLinks.PodInterface);
    }

    public async Task TearDownAsync(string sandboxId, string netnsName, CancellationToken ct)
    {
        SandboxIds.Validate(sandboxId, "sandbox id");
        SandboxIds.Validate(netnsName, "netns name");
        await Task.WhenAll(DeleteHostVethAsync(sandboxId, ct), WithdrawHostPortsAsync(sandboxId, ct));
        _ipam.Release(sandboxId);
    }

    public IPAddress? AddressOf(string sandboxId) => _ipam.AddressOf(sandboxId);

    /// <summary>Leaves the bridge, the rules and the pods as they are (they outlive the agent); frees only the lock.</summary>
    public void Dispose() => _rulesLock.Dispose();

    private async Task WireAsync(PodNetworkRequest request, IPAddress podIp, int mtu, CancellationToken ct)
    {
        try
        {
            await WireOnceAsync(request, podIp, mtu, ct);
        }
        catch (HostCommandException first)
        {
            // Left over from an earlier attempt (or a repeated call): start the pair again from nothing.
            LogRewiring(_logger, request.SandboxId, first.Message);
            await DeleteHostVethAsync(request.SandboxId, ct);
            await IgnoreNotFoundAsync(HostCommand.RunAsync(Ip, ["-n", request.NetnsName, "link", "del", PodLinks.PodInterface], null, ct));
            await WireOnceAsync(request, podIp, mtu, ct);
        }
    }

    private async Task WireOnceAsync(PodNetworkRequest request, IPAddress podIp, int mtu, CancellationToken ct)
    {
        var hostVeth = PodLinks.HostVethName(request.SandboxId);
        await HostCommand.RunAsync(Ip, ["-batch", "-"], PodLinks.HostSide(hostVeth, request.NetnsName, _options.BridgeName, mtu), ct);
        await HostCommand.RunAsync(Ip, ["-n", request.NetnsName, "-batch", "-"], PodLinks.PodSide(podIp, _cidr.PrefixLength, _cidr.Gateway), ct);
    }

    private Task DeleteHostVethAsync(string sandboxId, CancellationToken ct) =>
        IgnoreNotFoundAsync(HostCommand.RunAsync(Ip, ["link", "del", PodLinks.HostVethName(sandboxId)], null, ct));

    private async Task PublishHostPortsAsync(HostPortRecord record, CancellationToken ct)
    {
        await _rulesLock.WaitAsync(ct);
        try
        {
            var earlier = _hostPorts.Find(record.SandboxId);
            if (record.Mappings.Count == 0 && earlier is null) return;
            if (record.Mappings.Count == 0) _hostPorts.Remove(record.SandboxId);
            else _hostPorts.Put(record);                                    // first, so a crash before the rules are in is repaired by Ensure
            // A sandbox seen before may have rules in the chain already: rebuild the chain instead of appending twice.
            await RestoreAsync(earlier is null ? _rules.HostPortAppend(record) : _rules.HostPortRestore(_hostPorts.All), ct);
        }
        finally
        {
            _rulesLock.Release();
        }
    }

    private async Task WithdrawHostPortsAsync(string sandboxId, CancellationToken ct)
    {
        await _rulesLock.WaitAsync(ct);
        try
        {
            if (_hostPorts.Find(sandboxId) is null) return;
            await RestoreAsync(_rules.HostPortRestore(_hostPorts.All.Where(r => r.SandboxId != sandboxId)), ct);
            _hostPorts.Remove(sandboxId);                                   // after the rules, so a failure leaves it to retry
        }
        finally
        {
            _rulesLock.Release();
        }
    }

    /// <summary>
    /// Removes what <see cref="EnsureNodeNetworkAsync"/> made: the jumps into our chains, the chains, and the bridge (with
    /// any veths left on it). For a node reset; pods' addresses stay recorded until their sandboxes are torn down.
    /// </summary>
    public async Task RemoveNodeNetworkAsync(CancellationToken ct)
    {
        foreach (var jump in _rules.Jumps)
            while (await RuleExistsAsync(jump, ct))
                await HostCommand.RunAsync(Iptables, ["-w", "5", "-t", jump.Table, "-D", jump.Chain, .. jump.Arguments], null, ct);
        foreach (var (table, chain) in new[] { ("nat", _rules.Postrouting), ("nat", _rules.HostPorts), ("filter", _rules.Forward) })
        {
            await IgnoreFailureAsync(HostCommand.RunAsync(Iptables, ["-w", "5", "-t", table, "-F", chain], null, ct));
            await IgnoreFailureAsync(HostCommand.RunAsync(Iptables, ["-w", "5", "-t", table, "-X", chain], null, ct));
        }

        await IgnoreFailureAsync(HostCommand.RunAsync(Ip, ["link", "del", _options.BridgeName], null, ct));
    }

    private static async Task IgnoreFailureAsync(Task command)
    {
        try
        {
            await command;
        }
        catch (HostCommandException)
        {
            // already gone
        }
    }

    private static Task RestoreAsync(string rules, CancellationToken ct) =>
        HostCommand.RunAsync(IptablesRestore, ["--noflush", "-w", "5"], rules, ct);

    private static async Task<bool> RuleExistsAsync(IptablesRule rule, CancellationToken ct)
    {
        try
        {
            await HostCommand.RunAsync(Iptables, ["-w", "5", "-t", rule.Table, "-C", rule.Chain, .. rule.Arguments], null, ct);
            return true;
        }
        catch (HostCommandException e) when (e.ExitCode == 1 || e.StandardError.Contains("does not exist", StringComparison.Ordinal)
                                             || e.StandardError.Contains("Couldn't load target", StringComparison.Ordinal))
        {
            return false;                                                   // no such rule, or its target chain is not there yet
        }
    }

    private static async Task<int?> LinkMtuAsync(string name, CancellationToken ct)
    {
        try
        {
            var json = await HostCommand.RunAsync(Ip, ["-j", "link", "show", "dev", name], null, ct);
            using var links = JsonDocument.Parse(json);
            return links.RootElement.EnumerateArray().Select(l => l.GetProperty("mtu").GetInt32()).FirstOrDefault() is var mtu and > 0 ? mtu : null;
        }
        catch (HostCommandException e) when (PodLinks.IsNotFound(e))
        {
            return null;
        }
    }

    private static async Task<int?> DefaultRouteMtuAsync(CancellationToken ct)
    {
        var json = await HostCommand.RunAsync(Ip, ["-j", "-4", "route", "show", "default"], null, ct);
        using var routes = JsonDocument.Parse(json);
        foreach (var route in routes.RootElement.EnumerateArray())
            if (route.TryGetProperty("dev", out var dev) && dev.GetString() is { Length: > 0 } name) return await LinkMtuAsync(name, ct);
        return null;
    }

    private static async Task IgnoreNotFoundAsync(Task command)
    {
        try
        {
            await command;
        }
        catch (HostCommandException e) when (PodLinks.IsNotFound(e))
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod network ready: bridge {Bridge} on {PodCidr}, MTU {Mtu}")]
    private static partial void LogNodeReady(ILogger logger, string bridge, string podCidr, int mtu);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewiring sandbox {SandboxId} from scratch: {Reason}")]
    private static partial void LogRewiring(ILogger logger, string sandboxId, string reason);
}
