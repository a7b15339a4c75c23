using Cluster.Api.Coordination.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Runtime.Leader;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, with client-go's rules. Candidates try every
/// <see cref="LeaderElectionOptions.RetryPeriod"/>; a lease may be taken over once it has not changed, by this
/// candidate's own clock, for its duration. Every write is a compare-and-swap on the Lease's resourceVersion (the
/// fencing token): a 409 means someone else wrote first, and the candidate re-reads rather than overwrites. The leader
/// renews every retry period; when it has not renewed for <see cref="LeaderElectionOptions.RenewDeadline"/> — shorter
/// than the lease duration — the token handed to the leading work is cancelled at once, before any other candidate may
/// take over, so two leaders never act at the same time (given clocks that run at the same rate).
/// </summary>
public sealed partial class LeaderElector
{
    private readonly ResourceClient<Lease> _leases;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ObjectKey _key;
    private Lease? _observed;
    private DateTimeOffset _observedAt;
    private volatile bool _leading;

    public LeaderElector(ClusterClient client, LeaderElectionOptions options, TimeProvider? time = null, ILogger? log = null)
    {
        options.Validate();
        _leases = client.Resource<Lease>();
        _options = options;
        _time = time ?? TimeProvider.System;
        _log = log ?? NullLogger.Instance;
        _key = new ObjectKey(options.LeaseNamespace, options.LeaseName);
    }

    public string Identity => _options.Identity;

    /// <summary>True while this candidate leads (its work's token is not cancelled).</summary>
    public bool IsLeader => _leading;

    /// <summary>The holder of the lease as last read or written; null before the first read.</summary>
    public string? ObservedLeader => Volatile.Read(ref _observed)?.Spec?.HolderIdentity;

    /// <summary>
    /// Campaigns until elected, then runs <paramref name="whileLeading"/> with a token cancelled the moment leadership
    /// is lost, renewing meanwhile. Returns when <paramref name="ct"/> fires (releasing the lease) or when the work
    /// ends by itself; throws <see cref="LeadershipLostException"/> after a lost lease, once the work has returned.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken ct)
    {
        if (await AcquireAsync(ct) is not { } acquired) return;
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _leading = true;
        LogElected(_log, Identity, _key.ToString());
        var work = Task.Run(() => whileLeading(leadership.Token), CancellationToken.None);
        var renew = RenewAsync(leadership, work, acquired, ct);
        var lost = await renew;
        try
        {
            await work;
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
        }
        if (lost) throw new LeadershipLostException($"{Identity} lost the lease {_key}");
        if (_options.ReleaseOnCancel) await ReleaseAsync();
    }

    /// <summary>Campaigns until a claim succeeds (returning when that claim was started) or ct fires (null).</summary>
    private async Task<DateTimeOffset?> AcquireAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var started = _time.GetUtcNow();
            if (await TryClaimAsync(ct)) return started;
            try
            {
                await Task.Delay(Jittered(_options.RetryPeriod), _time, ct);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
        return null;
    }

    // Renews until the work ends, ct fires (false) or the renew deadline passes without a renewal (true: lost).
    // A renewal counts from when its request was sent, not from when the reply came: the write took effect in
    // between, so every other candidate saw it change no earlier, and a slow reply cannot stretch the deadline.
    private async Task<bool> RenewAsync(CancellationTokenSource leadership, Task work, DateTimeOffset acquired, CancellationToken ct)
    {
        var lastRenew = acquired;
        while (!ct.IsCancellationRequested && !work.IsCompleted)
        {
            var untilDeadline = lastRenew + _options.RenewDeadline - _time.GetUtcNow();
            var wait = untilDeadline < _options.RetryPeriod ? (untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero) : _options.RetryPeriod;
            try
            {
                await Task.WhenAny(work, Task.Delay(wait, _time, ct));
            }
            catch (OperationCanceledException)
            {
            }
            if (ct.IsCancellationRequested || work.IsCompleted) break;

            var deadline = lastRenew + _options.RenewDeadline;
            var left = deadline - _time.GetUtcNow();
            var started = _time.GetUtcNow();
            var renewed = false;
            if (left > TimeSpan.Zero)
            {
                using var expiry = new CancellationTokenSource(left, _time);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct, expiry.Token);
                renewed = await TryClaimAsync(attempt.Token);
            }
            if (renewed)
            {
                lastRenew = started;
                continue;
            }
            if (ct.IsCancellationRequested) break;
            if (_time.GetUtcNow() >= deadline || ObservedLeader is { } other && other != Identity)
            {
                _leading = false;
                await leadership.CancelAsync();
                LogLost(_log, Identity, _key.ToString(), ObservedLeader ?? "nobody");
                return true;
            }
        }
        _leading = false;
        await leadership.CancelAsync();
        return false;
    }

    /// <summary>One read-and-claim round; false when the lease is someone else's or a write lost a race.</summary>
    private async Task<bool> TryClaimAsync(CancellationToken ct)
    {
        try
        {
            var now = _time.GetUtcNow();
            var current = await _leases.FindAsync(_key, ct);
            if (current is null)
            {
                var created = await _leases.CreateAsync(new Lease
                {
                    Metadata = new ObjectMeta { Name = _options.LeaseName, Namespace = _options.LeaseNamespace },
                    Spec = LeaseClaim.Claim(null, Identity, now, _options.LeaseDuration),
                }, ct: ct);
                Observe(created);
                return true;
            }
            Observe(current);
            if (!LeaseClaim.MayClaim(current.Spec, Identity, _observedAt, _time.GetUtcNow(), _options.LeaseDuration)) return false;
            var updated = await _leases.UpdateAsync(current with { Spec = LeaseClaim.Claim(current.Spec, Identity, _time.GetUtcNow(), _options.LeaseDuration) }, ct: ct);
            Observe(updated);
            return true;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException or System.Text.Json.JsonException)
        {
            // A conflict (someone else wrote: fencing), a timeout or a lost connection: this round fails.
            return false;
        }
    }

    private void Observe(Lease lease)
    {
        var previous = Volatile.Read(ref _observed);
        if (previous is null || !SameRecord(previous.Spec, lease.Spec)) _observedAt = _time.GetUtcNow();
        Volatile.Write(ref _observed, lease);
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
            var current = await _leases.FindAsync(_key, timeout.Token);
            if (current?.Spec is not { } spec || spec.HolderIdentity != Identity) return;
            Observe(await _leases.UpdateAsync(current with { Spec = LeaseClaim.Release(spec, _time.GetUtcNow()) }, ct: timeout.Token));
            LogReleased(_log, Identity, _key.ToString());
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            // The lease will expire by itself.
        }
    }

    private static bool SameRecord(LeaseSpec? a, LeaseSpec? b) =>
        a?.HolderIdentity == b?.HolderIdentity && a?.RenewTime == b?.RenewTime && a?.LeaseTransitions == b?.LeaseTransitions
        && a?.AcquireTime == b?.AcquireTime && a?.LeaseDurationSeconds == b?.LeaseDurationSeconds;

    private static TimeSpan Jittered(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.2));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became leader of {Lease}")]
    private static partial void LogElected(ILogger log, string identity, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost leadership of {Lease} (now held by {Holder}); its work is cancelled")]
    private static partial void LogLost(ILogger log, string identity, string lease, string holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released {Lease}")]
    private static partial void LogReleased(ILogger log, string identity, string lease);
}
