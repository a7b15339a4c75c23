using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Conversion;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Observability;
using Cluster.ApiServer.Registry;
using Cluster.Store;
using Cluster.Store.Errors;

namespace Cluster.ApiServer.Storage;

/// <summary>
/// Objects of any resource on the <see cref="IKeyValueStore"/>: the only code that reads or writes object keys.
/// Creates are "key absent" txns and updates and deletes compare the mod revision, so every write is a
/// compare-and-swap on the resource version. Store failures become API errors here. Each call is measured
/// (<c>etcd_request_duration_seconds</c> and a span) when telemetry is given.
/// </summary>
public sealed class ObjectStorage(IKeyValueStore store, ApiServerTelemetry? telemetry = null, IReadOnlyDictionary<string, IKeyClaims>? claims = null)
{
    public IKeyValueStore Store => store;

    /// <summary>The claim keys objects of <paramref name="r"/> hold (by storage resource), or null when they hold none.</summary>
    public IKeyClaims? ClaimsOf(ResourceDefinition r) => claims is not null && claims.TryGetValue(r.StorageResource, out var c) ? c : null;

    /// <summary>The object, or null if it does not exist.</summary>
    public async ValueTask<JsonObject?> GetAsync(ResourceDefinition r, string ns, string name, CancellationToken ct)
    {
        var result = await CallAsync("get", r, () => store.RangeAsync(new RangeRequest(StorageKeys.Object(r, ns, name)), ct));
        return result.Kvs.Count == 0 ? null : Decode(r, result.Kvs[0].Value.Span, result.Kvs[0].ModRevision);
    }

    /// <summary>
    /// The object's stored bytes and resource version, unparsed; null if it does not exist. For resources stored as
    /// served (<see cref="StoresAsServed"/>) the bytes with the version spliced in (<see cref="ResourceVersionSplicer"/>)
    /// are the object's JSON.
    /// </summary>
    public async ValueTask<(ReadOnlyMemory<byte> Stored, long ResourceVersion)?> GetStoredAsync(ResourceDefinition r, string ns, string name, CancellationToken ct)
    {
        var result = await CallAsync("get", r, () => store.RangeAsync(new RangeRequest(StorageKeys.Object(r, ns, name)), ct));
        return result.Kvs.Count == 0 ? null : (result.Kvs[0].Value, result.Kvs[0].ModRevision);
    }

    /// <summary>True when stored bytes are the object's JSON as served, less its resource version (no storage conversion on read).</summary>
    public static bool StoresAsServed(ResourceDefinition r) => r.Converter is null;

    /// <summary>Writes a new object; 409 AlreadyExists if its key is taken. Returns the resource version.</summary>
    public async ValueTask<long> CreateAsync(ResourceDefinition r, JsonObject obj, CancellationToken ct) =>
        (await CreateStoredAsync(r, obj, ct)).Revision;

    /// <summary>
    /// Like <see cref="CreateAsync"/>, also returning the stored bytes when they are the object's JSON as served
    /// (no conversion for storage): with the resource version spliced in they are the response, so the object need
    /// not be serialized twice.
    /// </summary>
    public async ValueTask<(long Revision, byte[]? ServedJson)> CreateStoredAsync(ResourceDefinition r, JsonObject obj, CancellationToken ct)
    {
        var key = StorageKeys.Object(r, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj));
        var value = Encode(r, obj, out var asServed);
        var taken = ClaimsOf(r)?.Of(obj) ?? EmptyClaims;
        var holder = taken.Count == 0 ? [] : Encoding.UTF8.GetBytes(ClaimHolder.Of(obj));
        List<Compare> compares = [Compare.Absent(key)];
        List<TxnOp> puts = [new PutRequest(key, value)];
        foreach (var claim in taken)
        {
            var claimKey = Encoding.UTF8.GetBytes(claim);
            compares.Add(Compare.Absent(claimKey));
            puts.Add(new PutRequest(claimKey, holder));
        }

        var txn = await CallAsync("create", r, () => store.TxnAsync(new TxnRequest(compares, puts, ClaimReads(taken)), ct));
        if (!txn.Succeeded)
        {
            ThrowIfClaimTaken(txn, taken, holder: null);
            throw ApiErrors.AlreadyExists(r.GroupResource, ObjectMeta.Name(obj));
        }

        return (txn.Revision, asServed ? value : null);
    }

    /// <summary>
    /// Replaces the object if it is still at <paramref name="expectedRevision"/>; returns the new resource version,
    /// or null if it changed or disappeared meanwhile.
    /// </summary>
    /// <param name="previous">The object as stored at <paramref name="expectedRevision"/>: needed for kinds that hold claim keys.</param>
    public async ValueTask<long?> UpdateAsync(ResourceDefinition r, JsonObject obj, long expectedRevision, CancellationToken ct, JsonObject? previous = null) =>
        (await UpdateStoredAsync(r, obj, expectedRevision, ct, previous)).Revision;

    /// <summary>
    /// Like <see cref="UpdateAsync"/>, also returning the stored bytes when they are the object's JSON as served (as
    /// <see cref="CreateStoredAsync"/> does), so that the response need not serialize the object again.
    /// </summary>
    public async ValueTask<(long? Revision, byte[]? ServedJson)> UpdateStoredAsync(ResourceDefinition r, JsonObject obj, long expectedRevision, CancellationToken ct, JsonObject? previous = null)
    {
        var key = StorageKeys.Object(r, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj));
        var value = Encode(r, obj, out var asServed);
        List<Compare> compares = [Compare.ModRevision(key, CompareResult.Equal, expectedRevision)];
        List<TxnOp> ops = [new PutRequest(key, value)];
        IReadOnlySet<string> added = EmptyClaims;
        byte[] holder = [];
        if (ClaimsOf(r) is { } claims)
        {
            var before = claims.Of(previous ?? throw new ArgumentNullException(nameof(previous), $"{r.Plural} hold claim keys: the previous object is needed"));
            var after = claims.Of(obj);
            added = after.Except(before).ToHashSet(StringComparer.Ordinal);
            holder = Encoding.UTF8.GetBytes(ClaimHolder.Of(obj));
            foreach (var claim in added)
            {
                var claimKey = Encoding.UTF8.GetBytes(claim);
                compares.Add(Compare.Absent(claimKey));
                ops.Add(new PutRequest(claimKey, holder));
            }

            foreach (var released in before.Except(after)) ops.Add(new DeleteRangeRequest(Encoding.UTF8.GetBytes(released)));
        }

        var txn = await CallAsync("update", r, () => store.TxnAsync(new TxnRequest(compares, ops, ClaimReads(added)), ct));
        if (txn.Succeeded) return (txn.Revision, asServed ? value : null);
        ThrowIfClaimTaken(txn, added, holder);
        return (null, null);
    }

    private static readonly IReadOnlySet<string> EmptyClaims = new HashSet<string>();

    /// <summary>The failure branch of a txn that takes <paramref name="claims"/>: reads each, to tell which was taken.</summary>
    private static List<TxnOp> ClaimReads(IReadOnlySet<string> claims) =>
        claims.Select(c => (TxnOp)new RangeRequest(Encoding.UTF8.GetBytes(c))).ToList();

    /// <summary>After a failed txn whose failure branch is <see cref="ClaimReads"/>: throws if another object holds one of the keys.</summary>
    private static void ThrowIfClaimTaken(TxnResult txn, IReadOnlySet<string> claims, byte[]? holder)
    {
        var i = 0;
        foreach (var claim in claims)
        {
            if (txn.Responses[i++] is RangeResult { Kvs.Count: > 0 } read && (holder is null || !read.Kvs[0].Value.Span.SequenceEqual(holder)))
                throw new ClaimTakenException(claim, Encoding.UTF8.GetString(read.Kvs[0].Value.Span));
        }
    }

    /// <summary>Stored bytes as the object in the resource's version, with its resource version stamped.</summary>
    public static JsonObject Decode(ResourceDefinition r, ReadOnlySpan<byte> stored, long resourceVersion)
    {
        var obj = ObjectCodec.Decode(stored, resourceVersion);
        if (r.Converter is null) return obj;
        obj = r.Converter.FromStorage(obj);
        ObjectMeta.SetResourceVersion(obj, resourceVersion);
        return obj;
    }

    /// <summary>The object as stored: in the storage version, without its resource version.</summary>
    public static byte[] Encode(ResourceDefinition r, JsonObject obj) => Encode(r, obj, out _);

    /// <param name="asServed">True when the bytes are <paramref name="obj"/> itself (less its resource version).</param>
    private static byte[] Encode(ResourceDefinition r, JsonObject obj, out bool asServed)
    {
        asServed = false;
        if (r.Converter is not null) return ObjectCodec.SerializeForStorage(r.Converter.ToStorage(obj));
        if (r.Kind == HorizontalPodAutoscalerConversion.Kind && r.ApiVersion == HorizontalPodAutoscalerConversion.V2ApiVersion)
            return ObjectCodec.SerializeForStorage(HorizontalPodAutoscalerConversion.DropRoundTripAnnotations(obj));
        asServed = true;
        return ObjectCodec.SerializeForStorage(obj);
    }

    /// <summary>Deletes the object if it is still at <paramref name="expectedRevision"/>; returns the deleting revision or null.</summary>
    /// <param name="stored">The object as stored at <paramref name="expectedRevision"/>: its claim keys go with it.</param>
    public async ValueTask<long?> DeleteAsync(ResourceDefinition r, string ns, string name, long expectedRevision, CancellationToken ct, JsonObject? stored = null)
    {
        var key = StorageKeys.Object(r, ns, name);
        List<TxnOp> ops = [new DeleteRangeRequest(key)];
        if (ClaimsOf(r) is { } claims)
        {
            var held = claims.Of(stored ?? throw new ArgumentNullException(nameof(stored), $"{r.Plural} hold claim keys: the stored object is needed"));
            ops.AddRange(held.Select(c => new DeleteRangeRequest(Encoding.UTF8.GetBytes(c))));
        }

        var txn = await CallAsync("delete", r, () => store.TxnAsync(
            new TxnRequest([Compare.ModRevision(key, CompareResult.Equal, expectedRevision)], ops), ct));
        return txn.Succeeded ? txn.Revision : null;
    }

    /// <summary>
    /// One page of objects in key order, starting at <paramref name="startKey"/> (inclusive; null = from the
    /// beginning), read at <paramref name="revision"/> (0: now).
    /// </summary>
    public async ValueTask<RangeResult> RangeAsync(ResourceDefinition r, string ns, byte[]? startKey, long limit, long revision, CancellationToken ct)
    {
        var prefix = StorageKeys.Prefix(r, ns);
        var end = KeyRange.PrefixEnd(prefix);
        return await CallAsync("list", r, () => store.RangeAsync(new RangeRequest(startKey ?? prefix, end, limit, revision), ct));
    }

    /// <summary>The store's current revision.</summary>
    public async ValueTask<long> CurrentRevisionAsync(CancellationToken ct)
    {
        var result = await CallAsync("count", null, () => store.RangeAsync(new RangeRequest("/registry/\0"u8.ToArray(), CountOnly: true), ct));
        return result.Revision;
    }

    /// <summary><see cref="Call{T}"/>, measured as one <paramref name="operation"/> of the resource's objects.</summary>
    private async ValueTask<T> CallAsync<T>(string operation, ResourceDefinition? r, Func<ValueTask<T>> call)
    {
        using var measured = telemetry?.StartStoreCall(operation, r) ?? default;
        try
        {
            return await Call(call);
        }
        catch (Exception e)
        {
            measured.Fail(e);
            throw;
        }
    }

    /// <summary>Runs a store call and turns its failures into API errors.</summary>
    public static async ValueTask<T> Call<T>(Func<ValueTask<T>> call)
    {
        try
        {
            return await call();
        }
        catch (CompactedException e)
        {
            throw ApiErrors.Expired($"The resourceVersion for the provided list is too old. ({e.Message})");
        }
        catch (FutureRevisionException)
        {
            throw ApiErrors.Timeout("Too large resource version");
        }
        catch (RequestTooLargeException e)
        {
            throw ApiErrors.RequestEntityTooLarge(e.Limit);
        }
        catch (StoreUnavailableException e)
        {
            throw ApiErrors.ServiceUnavailable($"the storage is unavailable: {e.Message}", retryAfterSeconds: 1);
        }
    }
}
