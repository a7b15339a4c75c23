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
public sealed class ObjectStorage(IKeyValueStore store, ApiServerTelemetry? telemetry = null)
{
    public IKeyValueStore Store => store;

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
        var txn = await CallAsync("create", r, () => store.TxnAsync(new TxnRequest([Compare.Absent(key)], [new PutRequest(key, value)]), ct));
        if (!txn.Succeeded) throw ApiErrors.AlreadyExists(r.GroupResource, ObjectMeta.Name(obj));
        return (txn.Revision, asServed ? value : null);
    }

    /// <summary>
    /// Replaces the object if it is still at <paramref name="expectedRevision"/>; returns the new resource version,
    /// or null if it changed or disappeared meanwhile.
    /// </summary>
    public async ValueTask<long?> UpdateAsync(ResourceDefinition r, JsonObject obj, long expectedRevision, CancellationToken ct)
    {
        var key = StorageKeys.Object(r, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj));
        var value = Encode(r, obj);
        var txn = await CallAsync("update", r, () => store.TxnAsync(
            new TxnRequest([Compare.ModRevision(key, CompareResult.Equal, expectedRevision)], [new PutRequest(key, value)]), ct));
        return txn.Succeeded ? txn.Revision : null;
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
    public async ValueTask<long?> DeleteAsync(ResourceDefinition r, string ns, string name, long expectedRevision, CancellationToken ct)
    {
        var key = StorageKeys.Object(r, ns, name);
        var txn = await CallAsync("delete", r, () => store.TxnAsync(
            new TxnRequest([Compare.ModRevision(key, CompareResult.Equal, expectedRevision)], [new DeleteRangeRequest(key)]), ct));
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
