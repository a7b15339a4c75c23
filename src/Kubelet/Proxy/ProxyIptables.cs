using Cluster.Kubelet.Network;

namespace Cluster.Kubelet.Proxy;

/// <summary>
/// The iptables programs the proxy runs, in the agent's network namespace or, for tests, in a named one
/// (<c>ip netns exec</c>): restore inputs, the chains of ours present in the kernel, and the jumps into them from the
/// built-in chains. Stateless and thread-safe.
/// </summary>
public sealed class ProxyIptables(ProxyChainNames names, string? networkNamespace = null)
{
    public ProxyChainNames Names => names;

    /// <summary>The jumps from built-in chains into ours: (table, built-in chain, rule), inserted at the top.</summary>
    public IReadOnlyList<IptablesRule> Jumps =>
    [
        new("nat", "PREROUTING", ["-j", names.Services]),
        new("nat", "OUTPUT", ["-j", names.Services]),
        new("nat", "POSTROUTING", ["-j", names.Postrouting]),
        new("filter", "INPUT", ["-m", "conntrack", "--ctstate", "NEW", "-j", names.External]),
        new("filter", "FORWARD", ["-m", "conntrack", "--ctstate", "NEW", "-j", names.FilterServices]),
        new("filter", "FORWARD", ["-m", "conntrack", "--ctstate", "NEW", "-j", names.External]),
        new("filter", "OUTPUT", ["-m", "conntrack", "--ctstate", "NEW", "-j", names.FilterServices]),
    ];

    public Task RestoreAsync(string payload, CancellationToken ct) => RunAsync("iptables-restore", ["--noflush", "-w", "5"], payload, ct);

    /// <summary>The chains of ours in the nat and filter tables (iptables-save; costs about a second per 100,000 rules).</summary>
    public async Task<IReadOnlyList<ChainKey>> ChainsAsync(CancellationToken ct)
    {
        var chains = new List<ChainKey>();
        foreach (var table in new[] { "nat", "filter" })
        {
            var saved = await RunAsync("iptables-save", ["-t", table], null, ct);
            foreach (var line in saved.AsSpan().EnumerateLines())
            {
                if (line.Length < 2 || line[0] != ':') continue;
                var name = line[1..line.IndexOf(' ')].ToString();
                if (names.IsOurs(name)) chains.Add(new ChainKey(table, name));
            }
        }
        return chains;
    }

    /// <summary>The jumps that are not in place, as iptables-restore lines inserting them at the top of their chains.</summary>
    public async Task<IReadOnlyList<IptablesLine>> MissingJumpsAsync(CancellationToken ct)
    {
        var present = await Task.WhenAll(Jumps.Select(j => ExistsAsync(j, ct)));
        return [.. Jumps.Where((_, i) => !present[i]).Select(j => new IptablesLine(j.Table, $"-I {j.Chain} 1 {string.Join(' ', j.Arguments)}"))];
    }

    /// <summary>True when the rule is in its chain (iptables -C).</summary>
    public async Task<bool> ExistsAsync(IptablesRule rule, CancellationToken ct)
    {
        try
        {
            await RunAsync("iptables", ["-w", "5", "-t", rule.Table, "-C", rule.Chain, .. rule.Arguments], null, ct);
            return true;
        }
        catch (HostCommandException e) when (e.ExitCode == 1 || e.StandardError.Contains("does not exist", StringComparison.Ordinal)
                                             || e.StandardError.Contains("Couldn't load target", StringComparison.Ordinal))
        {
            return false;                                                   // no such rule, or its target chain is not there
        }
    }

    /// <summary>Removes every jump and chain of ours (a node reset): what is left flows as if there were no proxy.</summary>
    public async Task RemoveAllAsync(CancellationToken ct)
    {
        foreach (var jump in Jumps)
            while (await ExistsAsync(jump, ct))
                await RunAsync("iptables", ["-w", "5", "-t", jump.Table, "-D", jump.Chain, .. jump.Arguments], null, ct);
        var chains = await ChainsAsync(ct);
        if (chains.Count == 0) return;
        // In runs of a few thousand: iptables-nft slows quadratically with the chains one run names.
        var payloads = new RestorePayloads(4000);
        foreach (var chunk in chains.Chunk(2000)) payloads.Add([], [], chunk, []);
        foreach (var chunk in chains.Chunk(2000)) payloads.Add([], [], [], chunk);
        payloads.Flush();
        foreach (var payload in payloads.Payloads) await RestoreAsync(payload, ct);
    }

    private Task<string> RunAsync(string program, IReadOnlyList<string> arguments, string? input, CancellationToken ct) =>
        networkNamespace is null
            ? HostCommand.RunAsync(program, arguments, input, ct)
            : HostCommand.RunAsync("ip", ["netns", "exec", networkNamespace, program, .. arguments], input, ct);
}
