using System.Runtime.CompilerServices;
using System.Text.Json;
using Cluster.Api;
using Cluster.Api.Autoscaling.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Runtime.Client;

/// <summary>
/// Every verb on one resource: get, list, watch, create, update (and status), the four patch types, server-side
/// apply, delete (with propagation and preconditions), delete-collection and scale. Typed for generated kinds and
/// user-defined kinds, or over <see cref="DynamicObject"/> for any resource. Failures are <see cref="ApiException"/>s
/// with the server's Status. Thread-safe.
/// </summary>
public sealed class ResourceClient<T> where T : class, IKubernetesObject
{
    private readonly ApiTransport _transport;
    private readonly ObjectCodec<T> _codec;

    public ResourceClient(ApiTransport transport, ObjectCodec<T> codec)
    {
        _transport = transport;
        _codec = codec;
    }

    public KindInfo Kind => _codec.Kind;

    public ObjectCodec<T> Codec => _codec;

    /// <summary>The same resource on the same connections, read and written through <paramref name="codec"/>.</summary>
    public ResourceClient<T> WithCodec(ObjectCodec<T> codec) => ReferenceEquals(codec, _codec) ? this : new(_transport, codec);

    /// <summary>The same resource, its objects read without <c>metadata.managedFields</c> (for callers that never look at them).</summary>
    public ResourceClient<T> WithoutManagedFields() => WithCodec(_codec.WithoutManagedFields);

    /// <exception cref="NotFoundException">When it does not exist.</exception>
    public async Task<T> GetAsync(ObjectKey key, CancellationToken ct = default) =>
        _codec.Parse(await _transport.SendAsync(new(HttpMethod.Get, Path(key.Namespace, key.Name), Accept: _codec.ObjectAccept), ct));

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<T?> FindAsync(ObjectKey key, CancellationToken ct = default)
    {
        try
        {
            return await GetAsync(key, ct);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>One page of objects in <paramref name="ns"/> (every namespace when null or for cluster-scoped kinds).</summary>
    public async Task<ObjectList<T>> ListAsync(string? ns = null, ListOptions? options = null, CancellationToken ct = default) =>
        ListDecoder.Decode(await _transport.SendAsync(new(HttpMethod.Get, Path(ns, null, null, options), Accept: _codec.ListAccept), ct), _codec);

    /// <summary>Every object, following continue tokens page by page (<paramref name="pageSize"/> per request).</summary>
    public async IAsyncEnumerable<T> ListAllAsync(string? ns = null, ListOptions? options = null, int pageSize = 500,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var page = (options ?? new ListOptions()) with { Limit = pageSize };
        while (true)
        {
            var list = await ListAsync(ns, page, ct);
            foreach (var item in list.Items) yield return item;
            if (list.Continue is null) yield break;
            page = page with { Continue = list.Continue, ResourceVersion = null, ResourceVersionMatch = null };
        }
    }

    /// <summary>
    /// Watches from <see cref="ListOptions.ResourceVersion"/>, on a connection of its own, until the server ends the
    /// stream or <paramref name="ct"/> fires. ERROR events are thrown (410 as <see cref="GoneException"/>).
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? ns = null, ListOptions? options = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var query = new QueryString();
        query.Add("watch", "true");
        options?.AppendTo(query);
        using var response = await _transport.OpenStreamAsync(ResourcePath.For(Kind, ns) + query, ct, _codec.ObjectAccept);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var e in WatchStreamReader.ReadAsync(stream, _codec, ct)) yield return e;
    }

    /// <summary>Creates the object in its metadata.namespace (the connection's namespace when it has none).</summary>
    public async Task<T> CreateAsync(T obj, WriteOptions? options = null, CancellationToken ct = default) =>
        _codec.Parse(await _transport.SendAsync(new(HttpMethod.Post, Path(NamespaceOf(obj), null, null, null, options), _codec.Write(obj), "application/json"), ct));

    /// <summary>Replaces the object; its metadata.resourceVersion, when set, must be current (else <see cref="ConflictException"/>).</summary>
    public Task<T> UpdateAsync(T obj, WriteOptions? options = null, CancellationToken ct = default) => Put(obj, null, options, ct);

    /// <summary>Replaces the object through a subresource that takes the whole object (e.g. <c>namespaces/finalize</c>).</summary>
    public Task<T> UpdateSubresourceAsync(T obj, string subresource, WriteOptions? options = null, CancellationToken ct = default) => Put(obj, subresource, options, ct);

    /// <summary>Replaces the object's status through the status subresource.</summary>
    public Task<T> UpdateStatusAsync(T obj, WriteOptions? options = null, CancellationToken ct = default) => Put(obj, "status", options, ct);

    /// <summary>
    /// Replaces the status subresource and reads back only the stored object's metadata (without managed fields; the
    /// server sends PartialObjectMetadata): for writers that go on from their informer's copy rather than the response.
    /// </summary>
    public async Task<ObjectMeta> UpdateStatusReturningMetadataAsync(T obj, WriteOptions? options = null, CancellationToken ct = default)
    {
        var key = KeyOf(obj);
        var response = await _transport.SendAsync(new(HttpMethod.Put, Path(key.Namespace, key.Name, "status", null, options), _codec.Write(obj), "application/json",
            MetadataOnlyCodec.PartialObjectMetadataAccept), ct);
        return MetadataOnlyCodec.ReadMetadata(response) ?? throw new JsonException($"the {Kind.Kind} returned has no metadata");
    }

    public async Task<T> PatchAsync(ObjectKey key, Patch patch, WriteOptions? options = null, string? subresource = null, CancellationToken ct = default) =>
        _codec.Parse(await _transport.SendAsync(new(HttpMethod.Patch, Path(key.Namespace, key.Name, subresource, null, options), patch.Body, patch.ContentType), ct));

    /// <summary>Server-side apply of <paramref name="obj"/> (the fields it sets are the ones <paramref name="fieldManager"/> owns).</summary>
    public Task<T> ApplyAsync(T obj, string fieldManager, bool force = false, CancellationToken ct = default) =>
        PatchAsync(KeyOf(obj), new Patch(PatchType.Apply, _codec.Write(obj)), new WriteOptions { FieldManager = fieldManager, Force = force }, null, ct);

    /// <summary>Server-side apply to the status subresource.</summary>
    public Task<T> ApplyStatusAsync(T obj, string fieldManager, bool force = false, CancellationToken ct = default) =>
        PatchAsync(KeyOf(obj), new Patch(PatchType.Apply, _codec.Write(obj)), new WriteOptions { FieldManager = fieldManager, Force = force }, "status", ct);

    /// <summary>
    /// Deletes the object. Returns it when it still exists afterwards (finalizers or a grace period pending), null
    /// when it is gone. <paramref name="options"/> carries propagation, preconditions and grace period.
    /// </summary>
    public async Task<T?> DeleteAsync(ObjectKey key, DeleteOptions? options = null, CancellationToken ct = default)
    {
        var body = options is null ? null : (ReadOnlyMemory<byte>?)JsonSerializer.SerializeToUtf8Bytes(options with { ApiVersion = "v1", Kind = "DeleteOptions" }, DeleteOptions.JsonTypeInfo);
        var answer = await _transport.SendAsync(new(HttpMethod.Delete, Path(key.Namespace, key.Name), body, "application/json"), ct);
        return ListDecoder.TopLevelKind(answer) == "Status" ? null : _codec.Parse(answer);
    }

    /// <summary>Deletes every object matching <paramref name="list"/>'s selectors in <paramref name="ns"/>.</summary>
    public async Task DeleteCollectionAsync(string? ns, ListOptions? list = null, DeleteOptions? options = null, CancellationToken ct = default)
    {
        var body = options is null ? null : (ReadOnlyMemory<byte>?)JsonSerializer.SerializeToUtf8Bytes(options with { ApiVersion = "v1", Kind = "DeleteOptions" }, DeleteOptions.JsonTypeInfo);
        await _transport.SendAsync(new(HttpMethod.Delete, Path(ns, null, null, list), body, "application/json"), ct);
    }

    /// <summary>
    /// POSTs another kind's object to a subresource (e.g. a Binding to <c>pods/binding</c>); the answer, a Status on
    /// success, is not returned. Failures raise the usual <see cref="Errors.ApiException"/>s.
    /// </summary>
    public async Task PostSubresourceAsync(ObjectKey key, string subresource, ReadOnlyMemory<byte> body, CancellationToken ct = default) =>
        await _transport.SendAsync(new(HttpMethod.Post, Path(key.Namespace, key.Name, subresource), body, "application/json"), ct);

    public async Task<Scale> GetScaleAsync(ObjectKey key, CancellationToken ct = default) =>
        ParseScale(await _transport.SendAsync(new(HttpMethod.Get, Path(key.Namespace, key.Name, "scale")), ct));

    /// <summary>Sets spec.replicas through the scale subresource.</summary>
    public async Task<Scale> ScaleAsync(ObjectKey key, int replicas, CancellationToken ct = default)
    {
        var patch = Patch.Merge($$$"""{"spec":{"replicas":{{{replicas}}}}}""");
        return ParseScale(await _transport.SendAsync(new(HttpMethod.Patch, Path(key.Namespace, key.Name, "scale"), patch.Body, patch.ContentType), ct));
    }

    public async Task<Scale> UpdateScaleAsync(ObjectKey key, Scale scale, CancellationToken ct = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(scale with { ApiVersion = "autoscaling/v1", Kind = "Scale" }, Scale.JsonTypeInfo);
        return ParseScale(await _transport.SendAsync(new(HttpMethod.Put, Path(key.Namespace, key.Name, "scale"), body, "application/json"), ct));
    }

    private async Task<T> Put(T obj, string? subresource, WriteOptions? options, CancellationToken ct)
    {
        var key = KeyOf(obj);
        return _codec.Parse(await _transport.SendAsync(new(HttpMethod.Put, Path(key.Namespace, key.Name, subresource, null, options), _codec.Write(obj), "application/json"), ct));
    }

    private ObjectKey KeyOf(T obj) => new(NamespaceOf(obj), obj.Metadata?.Name ?? throw new ArgumentException($"the {Kind.Kind} has no metadata.name", nameof(obj)));

    private string NamespaceOf(T obj) => !Kind.Namespaced ? "" : obj.Metadata?.Namespace is { Length: > 0 } ns ? ns : _transport.Connection.Namespace;

    private string Path(string? ns, string? name, string? subresource = null, ListOptions? list = null, WriteOptions? write = null)
    {
        if (Kind.Namespaced && name is not null && string.IsNullOrEmpty(ns))
            throw new ArgumentException($"{Kind.Kind} is namespaced: the key needs a namespace", nameof(ns));
        var query = new QueryString();
        list?.AppendTo(query);
        write?.AppendTo(query);
        return ResourcePath.For(Kind, ns, name, subresource) + query;
    }

    private static Scale ParseScale(byte[] json) => JsonSerializer.Deserialize(json, Scale.JsonTypeInfo) ?? throw new JsonException("null Scale");
}
