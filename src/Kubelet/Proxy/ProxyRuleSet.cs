namespace Cluster.Kubelet.Proxy;

/// <summary>
/// The in-memory model of the proxy's chains: what they should hold (from the service ports set here) and what the
/// kernel holds (from the plans that succeeded). <see cref="Plan"/> turns the difference into iptables-restore inputs that
/// rewrite only the chains that changed and delete the ones no longer wanted, or, for a full sync, rewrite everything.
/// A change costs in proportion to the service ports it touches plus their dispatch shard (one of
/// <see cref="ProxyChainNames.ShardCount"/>), never to the number of services. Not thread-safe: the owner serialises calls.
/// </summary>
public sealed class ProxyRuleSet
{
    private const int LeafUnit = -1;                                       // chains other rules jump to, written first
    private const int SharedUnit = ProxyChainNames.ShardCount;              // chains shared by every shard, written last

    private readonly ProxyChainNames _names;
    private readonly int _maxLines;
    private readonly Dictionary<ServicePortName, ServicePortRules> _ports = [];
    private readonly Dictionary<(string Namespace, string Name), ServicePortName[]> _byService = [];
    private readonly Dictionary<ChainKey, Desired> _desired = [];
    private readonly Dictionary<ChainKey, string> _applied = [];
    private readonly HashSet<ChainKey> _dirty = [];                         // chains whose wanted rules may differ from the kernel's
    private readonly Dictionary<ChainKey, SharedChain> _shared = [];
    private readonly HashSet<ChainKey> _stale = [];                          // shared chains whose lines changed since the last plan
    private readonly SharedChain[] _shards = new SharedChain[ProxyChainNames.ShardCount];
    private readonly SharedChain _nodePorts, _reject, _externalReject;

    public ProxyRuleSet(ProxyChainNames names, int markBit, int maxLinesPerRestore)
    {
        (_names, _maxLines) = (names, maxLinesPerRestore);
        _desired[ChainKey.Nat(names.MarkMasquerade)] = new(ServiceRuleWriter.MarkMasqueradeRules(names, markBit), LeafUnit);
        _desired[ChainKey.Nat(names.Postrouting)] = new(ServiceRuleWriter.PostroutingRules(names, markBit), LeafUnit);
        _desired[ChainKey.Nat(names.Services)] = new(ServiceRuleWriter.ServicesRules(names), SharedUnit);
        for (var i = 0; i < _shards.Length; i++) _shards[i] = Shared(ChainKey.Nat(names.Shard(i)), i);
        _nodePorts = Shared(ChainKey.Nat(names.NodePorts), SharedUnit);
        _reject = Shared(ChainKey.Filter(names.FilterServices), SharedUnit);
        _externalReject = Shared(ChainKey.Filter(names.External), SharedUnit);
    }

    public int PortCount => _ports.Count;

    /// <summary>Every chain the model wants, with its rules (for tests and diagnostics).</summary>
    public IReadOnlyDictionary<ChainKey, string> Wanted
    {
        get
        {
            Refresh();
            return _desired.ToDictionary(d => d.Key, d => d.Value.Rules);
        }
    }

    /// <summary>Replaces the ports of one service (an empty list removes it).</summary>
    public void Set(string ns, string name, IReadOnlyList<ServicePortRules> ports)
    {
        var key = (ns, name);
        foreach (var gone in _byService.GetValueOrDefault(key) ?? [])
            if (!ports.Any(r => r.Name == gone)) Remove(gone);
        foreach (var port in ports) Put(port);
        if (ports.Count == 0) _byService.Remove(key);
        else _byService[key] = [.. ports.Select(p => p.Name)];
    }

    /// <summary>
    /// The inputs that bring the kernel to the model. Incremental: the changed chains and the deletions. Full: every chain,
    /// plus the deletion of every chain of ours the model does not want, whether we wrote it or found it
    /// (<paramref name="found"/>: what a previous instance left), plus <paramref name="missingJumps"/> (inserted at the top of
    /// their built-in chains). Runs hold at most <paramref name="maxLinesPerRestore"/> lines (default: the constructor's).
    /// </summary>
    public RestorePlan Plan(bool full, IEnumerable<ChainKey> found, IReadOnlyList<IptablesLine> missingJumps, int? maxLinesPerRestore = null)
    {
        var maxLines = maxLinesPerRestore ?? _maxLines;
        Refresh();
        var writes = full
            ? [.. _desired.Keys]
            : _dirty.Where(c => _desired.TryGetValue(c, out var d) && (!_applied.TryGetValue(c, out var a) || a != d.Rules)).ToList();
        var deletes = full
            ? _applied.Keys.Concat(found).Where(c => !_desired.ContainsKey(c)).Distinct().ToList()
            : _dirty.Where(c => !_desired.ContainsKey(c) && _applied.ContainsKey(c)).ToList();
        _dirty.Clear();

        var payloads = new RestorePayloads(maxLines);
        var written = new List<KeyValuePair<ChainKey, string>>(writes.Count);
        foreach (var unit in writes.GroupBy(c => _desired[c].Unit).OrderBy(g => g.Key))
        {
            var chains = unit.Select(c => KeyValuePair.Create(c, _desired[c].Rules)).ToList();
            payloads.Add(chains, unit.Key == SharedUnit ? missingJumps : [], [], []);
            written.AddRange(chains);
        }
        if (!writes.Any(c => _desired[c].Unit == SharedUnit)) payloads.Add([], missingJumps, [], []);
        // Flushed first, all of them, so that no deletion finds a chain still referred to by another doomed one.
        var batch = Math.Max(1, maxLines / 2);
        foreach (var chunk in deletes.Chunk(batch)) payloads.Add([], [], chunk, []);
        foreach (var chunk in deletes.Chunk(batch)) payloads.Add([], [], [], chunk);
        payloads.Flush();
        return new RestorePlan { Payloads = payloads.Payloads, Written = written, Deleted = deletes, Full = full };
    }

    /// <summary>Records that every input of <paramref name="plan"/> succeeded.</summary>
    public void Applied(RestorePlan plan)
    {
        foreach (var (chain, rules) in plan.Written) _applied[chain] = rules;
        foreach (var chain in plan.Deleted) _applied.Remove(chain);
    }

    private void Put(ServicePortRules rules)
    {
        if (_ports.TryGetValue(rules.Name, out var old))
            foreach (var chain in old.NatChains.Keys.Where(c => !rules.NatChains.ContainsKey(c))) Unwant(ChainKey.Nat(chain));
        _ports[rules.Name] = rules;
        var shard = rules.Shard;
        foreach (var (chain, text) in rules.NatChains) Want(ChainKey.Nat(chain), text, shard);
        SetLine(_shards[shard], rules.Name, rules.Dispatch);
        SetLine(_nodePorts, rules.Name, rules.NodePort);
        SetLine(_reject, rules.Name, rules.Reject);
        SetLine(_externalReject, rules.Name, rules.ExternalReject);
    }

    private void Remove(ServicePortName port)
    {
        if (!_ports.Remove(port, out var old)) return;
        foreach (var chain in old.NatChains.Keys) Unwant(ChainKey.Nat(chain));
        SetLine(_shards[old.Shard], port, null);
        SetLine(_nodePorts, port, null);
        SetLine(_reject, port, null);
        SetLine(_externalReject, port, null);
    }

    private void Want(ChainKey chain, string rules, int unit)
    {
        if (_desired.TryGetValue(chain, out var now) && now.Rules == rules) return;
        _desired[chain] = new Desired(rules, unit);
        _dirty.Add(chain);
    }

    private void Unwant(ChainKey chain)
    {
        if (_desired.Remove(chain)) _dirty.Add(chain);
    }

    private void SetLine(SharedChain shared, ServicePortName port, string? line)
    {
        var had = shared.Lines.TryGetValue(port, out var old);
        if (line is null ? !had : had && old == line) return;
        if (line is null) shared.Lines.Remove(port);
        else shared.Lines[port] = line;
        _stale.Add(shared.Chain);
    }

    /// <summary>Rebuilds the shared chains whose lines changed.</summary>
    private void Refresh()
    {
        foreach (var chain in _stale)
        {
            var shared = _shared[chain];
            Want(chain, string.Concat(shared.Lines.Values), shared.Unit);
        }
        _stale.Clear();
    }

    private SharedChain Shared(ChainKey chain, int unit)
    {
        var shared = new SharedChain(chain, unit);
        _shared[chain] = shared;
        _desired[chain] = new Desired("", unit);
        return shared;
    }

    private readonly record struct Desired(string Rules, int Unit);

    private sealed record SharedChain(ChainKey Chain, int Unit)
    {
        public SortedDictionary<ServicePortName, string> Lines { get; } = new(ServicePortName.Order);
    }
}
