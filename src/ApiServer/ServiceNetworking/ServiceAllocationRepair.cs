using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;
using Cluster.Store;
using Cluster.Store.Errors;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.ServiceNetworking;

/// <summary>
/// Checks the cluster IP and node port claim keys against the Services (upstream's repair controllers), at start and
/// then periodically: a value a Service uses without a claim (a store written before claims existed, or edited by
/// hand) gets one; a claim no Service uses (a leak) is released; a value two Services use is reported. Both sides are
/// read at one revision and every fix is a txn conditioned on what was read, so it cannot undo a concurrent write.
/// </summary>
public sealed partial class ServiceAllocationRepair(IKeyValueStore store, ResourceDefinition services, ServiceAllocator allocator, TimeSpan interval, ILogger logger)
{
    /// <summary>What one pass found and fixed.</summary>
    public sealed record Outcome(int ClaimsAdded, int LeaksReleased, int DoubleUsed);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RepairOnceAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StoreUnavailableException or Errors.ApiException or TimeoutException)
            {
                LogFailed(logger, e.Message);
            }

            try
            {
                await Task.Delay(interval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<Outcome> RepairOnceAsync(CancellationToken ct)
    {
        var servicesPrefix = StorageKeys.Prefix(services, "");
        var stored = await store.RangeAsync(RangeRequest.Prefix(servicesPrefix), ct);
        var revision = stored.Revision;
        var ipClaims = await store.RangeAsync(RangeRequest.Prefix(Encoding.UTF8.GetBytes(ServiceClaims.IpPrefix), revision: revision), ct);
        var portClaims = await store.RangeAsync(RangeRequest.Prefix(Encoding.UTF8.GetBytes(ServiceClaims.NodePortPrefix), revision: revision), ct);
        var claims = ipClaims.Kvs.Concat(portClaims.Kvs).ToDictionary(kv => Encoding.UTF8.GetString(kv.Key.Span), StringComparer.Ordinal);

        var claimsOf = new ServiceClaims();
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal); // claim key -> holders that use it
        int added = 0, doubleUsed = 0;
        foreach (var kv in stored.Kvs)
        {
            JsonObject svc;
            try
            {
                svc = ObjectStorage.Decode(services, kv.Value.Span, kv.ModRevision);
            }
            catch (System.Text.Json.JsonException)
            {
                continue; // not ours to judge: the API reports undecodable objects where they are read
            }

            var holder = ClaimHolder.Of(svc);
            foreach (var key in claimsOf.Of(svc))
            {
                if (!users.TryGetValue(key, out var list)) users[key] = list = [];
                list.Add(holder);
                if (claims.TryGetValue(key, out var claim))
                {
                    var claimHolder = Encoding.UTF8.GetString(claim.Value.Span);
                    if (claimHolder != holder)
                    {
                        doubleUsed++;
                        LogDoubleUse(logger, Value(key), holder, claimHolder);
                    }

                    continue;
                }

                var claimKey = Encoding.UTF8.GetBytes(key);
                var txn = await store.TxnAsync(new TxnRequest(
                    [Compare.Absent(claimKey), Compare.ModRevision(kv.Key, CompareResult.Equal, kv.ModRevision)],
                    [new PutRequest(claimKey, Encoding.UTF8.GetBytes(holder))]), ct);
                if (txn.Succeeded)
                {
                    added++;
                    LogClaimed(logger, Value(key), holder);
                }
            }
        }

        var released = 0;
        foreach (var (key, claim) in claims)
        {
            if (users.TryGetValue(key, out var holders) && holders.Contains(Encoding.UTF8.GetString(claim.Value.Span))) continue;
            var txn = await store.TxnAsync(new TxnRequest(
                [Compare.ModRevision(claim.Key, CompareResult.Equal, claim.ModRevision)], [new DeleteRangeRequest(claim.Key)]), ct);
            if (txn.Succeeded)
            {
                released++;
                LogReleased(logger, Value(key), Encoding.UTF8.GetString(claim.Value.Span));
            }
        }

        await allocator.ReloadAsync(ct);
        return new Outcome(added, released, doubleUsed);
    }

    private static string Value(string key) => key[(key.LastIndexOf('/') + 1)..];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service allocation repair: {Value} used by {Holder} had no claim; claimed it")]
    private static partial void LogClaimed(ILogger logger, string value, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service allocation repair: released {Value}, claimed for {Holder} which does not use it")]
    private static partial void LogReleased(ILogger logger, string value, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Service allocation repair: {Value} is used by {Holder} but allocated to {Owner}")]
    private static partial void LogDoubleUse(ILogger logger, string value, string holder, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service allocation repair failed, retrying later: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
