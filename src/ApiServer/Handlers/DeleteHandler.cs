using System.Globalization;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>DELETE of one object or of a collection's matching objects, by <see cref="ObjectDeleter"/>'s rules.</summary>
public sealed class DeleteHandler(ApiServices api, ObjectDeleter deleter, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        var options = await DeleteOptions.ReadAsync(req, api.Body);
        var (obj, removed, uid) = await deleter.DeleteAsync(req.Resource, req.Namespace, req.Name, options, req.Aborted);
        var r = req.Resource;
        if (!removed || r.Kind is "Pod" or "Namespace") await render.ObjectAsync(req, 200, obj);
        else await render.StatusAsync(req, 200, StatusJson.Success(new StatusDetails(req.Name, r.Group, r.Plural, uid)));
    }

    /// <summary>DELETE on a collection: every object the label and field selectors match is deleted as above.</summary>
    public async Task HandleCollectionAsync(ApiRequest req)
    {
        var options = await DeleteOptions.ReadAsync(req, api.Body);
        var listOptions = ListOptions.Parse(req, watch: false);
        var filter = new ObjectFilter(req.Resource, req.Namespace, listOptions);
        var cache = await api.Caches.GetAsync(req.Resource, req.Aborted);
        var current = await api.Storage.CurrentRevisionAsync(req.Aborted);
        await cache.WaitForRevisionAsync(current, TimeSpan.FromSeconds(3), req.Aborted);
        var deleted = new List<WatchCache.CachedObject>();
        foreach (var target in cache.State.Objects.Values.Where(filter.Matches).ToList())
        {
            try
            {
                var (obj, _, _) = await deleter.DeleteAsync(req.Resource, target.Namespace, target.Name, options, req.Aborted);
                var rv = long.TryParse(ObjectMeta.ResourceVersion(obj), CultureInfo.InvariantCulture, out var v) ? v : target.ResourceVersion;
                deleted.Add(target with { ResourceVersion = rv, Json = ObjectCodec.Serialize(obj) });
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // gone meanwhile
            }
        }
        await render.ListAsync(req, deleted, current, null, null);
    }
}
