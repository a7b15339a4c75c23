using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Kubelet.Proxy;

/// <summary>
/// Programs the kernel's nat and filter tables for the service ports it is given, like kube-proxy's iptables mode.
/// <see cref="Update"/> records a service's ports (cheap, any thread); <see cref="RunAsync"/> syncs: once at start (full:
/// every chain written, whatever a previous instance left replaced), then after changes, coalesced so that two syncs start
/// at least <see cref="ServiceProxyOptions.MinSyncInterval"/> apart, each writing only the chains that changed; and in full
/// every <see cref="ServiceProxyOptions.FullSyncInterval"/> (or 200 times the last full sync's duration, when longer) and
/// after a failure. Rules stay in place when it stops, so
/// traffic keeps flowing across a restart; <see cref="ProxyIptables.RemoveAllAsync"/> removes them.
/// </summary>
public sealed partial class ServiceProxy
{
    /// <summary>
    /// Once our chains hang off the built-in ones, nf_tables validates the whole graph on every commit (~0.1 s for 10,000
    /// services here), so fewer, larger runs are cheaper despite iptables-nft's cost per chain named: 10,000 services
    /// rewritten in 16 runs take ~10 s against ~14.5 s in 64.
    /// </summary>
    private const int ConnectedRunFactor = 4;

    private readonly ServiceProxyOptions _options;
    private readonly ServiceRuleWriter _writer;
    private readonly ProxyIptables _iptables;
    private readonly ProxyRuleSet _rules;                                   // guarded by _lock
    private readonly Lock _lock = new();
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _syncs;

    public ServiceProxy(ServiceProxyOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        options.Validate();
        _options = options;
        var names = new ProxyChainNames(options.ChainPrefix);
        _writer = new ServiceRuleWriter(names, options.ClusterCidr, options.NodeName);
        _iptables = new ProxyIptables(names, options.NetworkNamespace);
        _rules = new ProxyRuleSet(names, options.MasqueradeMarkBit, options.MaxLinesPerRestore);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public ProxyIptables Iptables => _iptables;

    /// <summary>How many syncs succeeded (for tests and benchmarks).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Raised after each successful sync, on the sync loop, with what it applied and how long it took.</summary>
    public event Action<ProxySync>? Synced;

    /// <summary>Sets the ports of one service (none: the service is gone, or has nothing to program) and asks for a sync.</summary>
    public void Update(string ns, string name, IReadOnlyList<ProxyServicePort> ports)
    {
        var rules = ports.Select(_writer.Write).ToList();
        lock (_lock) _rules.Set(ns, name, rules);
        _changed.Writer.TryWrite(true);                                      // one pending signal stands for any number of changes
    }

    /// <summary>
    /// Syncs until <paramref name="ct"/> fires, starting at once with a full sync (call it once the first
    /// <see cref="Update"/>s describe every service, or a previous instance's rules for the rest are deleted).
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var (full, scan) = (true, true);
        var fullEvery = _options.FullSyncInterval;
        var lastFull = _time.GetTimestamp();
        var lastStart = long.MinValue;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (lastStart != long.MinValue)
                {
                    var untilFull = fullEvery - _time.GetElapsedTime(lastFull);
                    // After a failure (full already set) the retry must not wait for a change or the next full sync.
                    if (!full) full = untilFull <= TimeSpan.Zero || !await ChangedWithinAsync(untilFull, ct);
                    var early = _options.MinSyncInterval - _time.GetElapsedTime(lastStart);
                    if (early > TimeSpan.Zero) await Task.Delay(early, _time, ct);
                }
                lastStart = _time.GetTimestamp();
                try
                {
                    var sync = await SyncAsync(full, scan, ct);
                    if (full)
                    {
                        // A full sync of a large table takes seconds, during which changes wait: see FullSyncCostFactor.
                        lastFull = lastStart;
                        fullEvery = TimeSpan.FromTicks(Math.Max(_options.FullSyncInterval.Ticks, _options.FullSyncCostFactor * (sync.Planning + sync.Restoring).Ticks));
                    }
                    (full, scan) = (false, false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Whatever failed (a missing iptables, a rule the kernel refused, chains changed behind our back),
                    // the next sync starts from what the kernel holds.
                    LogSyncFailed(_logger, full ? "full" : "partial", e.Message);
                    (full, scan) = (true, true);
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits for a change; false when <paramref name="patience"/> passed first.</summary>
    private async Task<bool> ChangedWithinAsync(TimeSpan patience, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(patience, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await _changed.Reader.ReadAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<ProxySync> SyncAsync(bool full, bool scan, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // The first sync (and the one after a failure) also deletes whatever chains of ours the kernel holds beyond the
        // model: a previous instance's. Reading them costs about a second per 100,000 rules, so periodic syncs skip it.
        var found = scan ? await _iptables.ChainsAsync(ct) : [];
        var jumps = full ? await _iptables.MissingJumpsAsync(ct) : [];
        RestorePlan plan;
        int ports;
        lock (_lock)
        {
            plan = _rules.Plan(full, found, jumps, jumps.Count == 0 ? _options.MaxLinesPerRestore * ConnectedRunFactor : _options.MaxLinesPerRestore);
            ports = _rules.PortCount;
        }
        var planning = Stopwatch.GetElapsedTime(started);
        foreach (var payload in plan.Payloads) await _iptables.RestoreAsync(payload, ct);
        lock (_lock) _rules.Applied(plan);
        Interlocked.Increment(ref _syncs);
        var sync = new ProxySync(plan, planning, Stopwatch.GetElapsedTime(started) - planning);
        LogSynced(_logger, full ? "full" : "partial", ports, plan.Written.Count, plan.Deleted.Count, plan.Payloads.Count,
            sync.Planning.TotalMilliseconds, sync.Restoring.TotalMilliseconds);
        Synced?.Invoke(sync);
        return sync;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Service proxy {Kind} sync: {Ports} service ports, {Written} chains written, {Deleted} deleted, {Runs} iptables-restore runs; planned in {PlanMilliseconds:F1} ms, restored in {RestoreMilliseconds:F1} ms")]
    private static partial void LogSynced(ILogger logger, string kind, int ports, int written, int deleted, int runs, double planMilliseconds, double restoreMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service proxy {Kind} sync failed ({Error}); a full sync follows")]
    private static partial void LogSyncFailed(ILogger logger, string kind, string error);
}
