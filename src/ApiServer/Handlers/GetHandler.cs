using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// GET of one object: the latest version (any resourceVersion parameter is served the latest too, which is "not older
/// than"). Objects stored as served are sent as stored, with the resource version spliced in, without being parsed.
/// </summary>
public sealed class GetHandler(ApiServices api, ResponseRenderer render)
{
    public async Task HandleAsync(ApiRequest req)
    {
        if (ObjectStorage.StoresAsServed(req.Resource) && req.ResponseForm is ResponseForm.Object or ResponseForm.Metadata)
        {
            var (stored, resourceVersion) = await api.Storage.GetStoredAsync(req.Resource, req.Namespace, req.Name, req.Aborted)
                ?? throw ApiErrors.NotFound(req.GroupResource, req.Name);
            await render.StoredObjectAsync(req, 200, stored.Span, resourceVersion);
            return;
        }

        var obj = await api.Storage.GetAsync(req.Resource, req.Namespace, req.Name, req.Aborted)
            ?? throw ApiErrors.NotFound(req.GroupResource, req.Name);
        await render.ObjectAsync(req, 200, obj);
    }
}
