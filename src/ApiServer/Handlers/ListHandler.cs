using System.Text;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.WatchCache;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// GET of a collection. resourceVersion=0 (any version) and NotOlderThan reads without paging are served from the
/// watch cache; everything else reads the store: the latest state, an exact revision, or the snapshot of a
/// continue token, one page of at most <c>limit</c> matching objects at a time.
/// </summary>
public sealed class ListHandler(ApiServices api, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        var options = ListOptions.Parse(req, watch: false);
        var filter = new ObjectFilter(req.Resource, req.Namespace, options);
        var fromCache = options.Continue is null
            && (options.AnyVersion || (options.ResourceVersionMatch == "NotOlderThan") || (options.ResourceVersion is not null && options.Limit == 0 && options.ResourceVersionMatch is null));
        if (fromCache) await FromCacheAsync(req, options, filter);
        else await FromStoreAsync(req, options, filter);
    }

    private async Task FromCacheAsync(ApiRequest req, ListOptions options, ObjectFilter filter)
    {
        var cache = await api.Caches.GetAsync(req.Resource, req.Aborted);
        if (options.Revision > 0 && !await cache.WaitForRevisionAsync(options.Revision, TimeSpan.FromSeconds(3), req.Aborted))
            throw ApiErrors.Timeout($"Too large resource version: {options.Revision}, current: {cache.State.Revision}");
        var state = cache.State;
        IEnumerable<CachedObject> items = state.Objects.Values;
        if (filter.Name is { } name)
        {
            var key = req.Resource.Namespaced ? $"{filter.Namespace}/{name}" : name;
            items = filter.Namespace.Length == 0 && req.Resource.Namespaced
                ? items.Where(o => o.Name == name)
                : state.Objects.TryGetValue(key, out var one) ? [one] : [];
        }
        await render.ListAsync(req, items.Where(filter.Matches), state.Revision, null, null);
    }

    private async Task FromStoreAsync(ApiRequest req, ListOptions options, ObjectFilter filter)
    {
        var r = req.Resource;
        var indexer = new ObjectIndexer(r); // stateless: a store read needs no watch cache
        var ns = filter.Namespace.Length > 0 ? filter.Namespace : filter.NamespaceHint ?? "";
        var prefix = StorageKeys.Prefix(r, ns);
        long revision = 0;
        byte[]? start = null;
        if (options.Continue is { } token)
        {
            var decoded = ContinueToken.Decode(token);
            revision = decoded.Revision;
            start = decoded.StartKeyBytes(StorageKeys.Prefix(r, ""));
            if (!start.AsSpan().StartsWith(prefix)) throw ApiErrors.BadRequest("continue key is not valid: it belongs to another list");
        }
        else if (options.ResourceVersionMatch == "Exact" || (options.ResourceVersion is not null && options.Limit > 0))
        {
            revision = options.Revision;
        }

        if (filter.Name is { } only && (ns.Length > 0 || !r.Namespaced) && options.Continue is null)
        {
            var key = StorageKeys.Object(r, ns, only);
            var single = await ObjectStorage.Call(() => api.Storage.Store.RangeAsync(new Cluster.Store.RangeRequest(key, Revision: revision), req.Aborted));
            var found = single.Kvs.Select(kv => indexer.Index(kv.Key.Span, kv.Value.Span, kv.ModRevision)).Where(filter.Matches).ToList();
            await render.ListAsync(req, found, revision > 0 ? revision : single.Revision, null, null);
            return;
        }

        var matched = new List<CachedObject>();
        string? next = null;
        var limit = options.Limit;
        var prefixLength = StorageKeys.Prefix(r, "").Length;
        while (true)
        {
            var pageSize = limit > 0 ? Math.Max(limit - matched.Count, 1) : 0;
            var page = await api.Storage.RangeAsync(r, ns, start, pageSize, revision, req.Aborted);
            if (revision == 0) revision = page.Revision;
            var kvs = page.Kvs;
            for (var i = 0; i < kvs.Count; i++)
            {
                var obj = indexer.Index(kvs[i].Key.Span, kvs[i].Value.Span, kvs[i].ModRevision);
                if (!filter.Matches(obj)) continue;
                matched.Add(obj);
                if (limit > 0 && matched.Count == limit && (i < kvs.Count - 1 || page.More))
                {
                    next = new ContinueToken(revision, Encoding.UTF8.GetString(kvs[i].Key.Span[prefixLength..]) + "\0").Encode();
                    break;
                }
            }
            if (next is not null || !page.More || kvs.Count == 0) break;
            start = [.. kvs[^1].Key.Span, 0];
        }
        await render.ListAsync(req, matched, revision, next, null);
    }
}
